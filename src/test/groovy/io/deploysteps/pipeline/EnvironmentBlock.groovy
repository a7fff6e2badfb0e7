package io.deploysteps.pipeline

/** The delegate of a declarative `environment {}` block: assignments set env, `env.X` reads it. */
class EnvironmentBlock {
    private final Map<String, Object> env

    EnvironmentBlock(Map<String, Object> env) {
        this.env = env
    }

    def propertyMissing(String name) {
        return name == 'env' ? env : env[name]
    }

    def propertyMissing(String name, Object value) {
        env[name] = value?.toString()
    }
}
