return this."${stepName}"(stepArgs)
