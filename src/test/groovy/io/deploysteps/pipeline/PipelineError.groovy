package io.deploysteps.pipeline

/** What the `error` step throws in these tests (hudson.AbortException in Jenkins). */
class PipelineError extends RuntimeException {
    PipelineError(String message) {
        super(message)
    }
}
