package io.deploysteps.pipeline

/** The CPS DSL object behind `steps`: the plugin's steps, or the error CPS gives for a missing one. */
class FakeSteps {
    final Map<String, Closure> installed

    FakeSteps(Map<String, Closure> installed) {
        this.installed = installed
    }

    def methodMissing(String name, Object args) {
        Closure step = installed[name]
        if (step == null) {
            // The words of workflow-cps DSL.invokeMethod for an unknown step.
            throw new NoSuchMethodError("No such DSL method '${name}' found among steps ${installed.keySet()}"
                    + ' or symbols [] or globals []')
        }
        return step.call(((Object[]) args)[0])
    }
}
