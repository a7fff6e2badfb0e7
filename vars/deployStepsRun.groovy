// Internal to the deploy-steps library: the dispatch the four step wrappers share. Jenkinsfiles call
// buildAndPushEcr, blueGreenDeploy, dbConnectionAudit and pruneDocker, not this.
//
// The contract both paths keep (vars/deployStepsRun.txt): the step takes the engine's Map keys and
// returns the engine result's toMap() plus "ok" and "exitCode"; a failure ends the build with the
// engine's message; warnings (exit code 3) mark the build UNSTABLE and still return the Map.
import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonOutput
import groovy.json.JsonSlurper

/**
 * Runs step {@code name} with {@code arguments} (the engine's Map keys): the plugin's step of that name when the plugin is
 * installed, else the CLI subcommand {@code command} on the agent.
 */
def call(String name, String command, Map arguments) {
    Map viaPlugin = plugin(name, arguments)
    return viaPlugin != null ? viaPlugin : cli(name, command, arguments)
}

/** The plugin's step {@code name} run with {@code arguments}, or null when the plugin is not installed. */
Map plugin(String name, Map arguments) {
    try {
        // steps.X goes to the DSL (the plugin's Step); a bare X(...) would find this library's var
        // first (CpsScript.invokeMethod tries global variables before steps) and recurse.
        return steps."${name}"(arguments)
    } catch (NoSuchMethodError e) {
        if (!(e.message ?: '').startsWith("No such DSL method '${name}'".toString())) {
            throw e
        }
    }
    return null
}

/**
 * The CLI path: the arguments go to a JSON file the library names, so no user string reaches the shell;
 * the result comes back as the JSON file the CLI writes ({@code --result-file}).
 */
def cli(String name, String command, Map arguments) {
    if (!env.DEPLOY_STEPS_JAR) {
        error("${name}: the deploy-steps plugin is not installed and env.DEPLOY_STEPS_JAR (the CLI jar on the agent) is not set")
    }
    String build = (env.BUILD_NUMBER ?: '0').replaceAll('[^A-Za-z0-9_-]', '')
    String work = ".deploy-steps/${name}-${build}-${UUID.randomUUID().toString().take(8)}"
    Map result
    int code
    // Container env and build args go by variable NAME (the engine's DEPLOY_STEPS_ENV_<KEY> and
    // DEPLOY_STEPS_BUILD_ARG_<KEY>): no value, secret or not, is in the params file.
    Map params = new LinkedHashMap(arguments)
    List<String> named = byName(params)
    try {
        writeFile(file: "${work}/params.json", text: JsonOutput.toJson(params), encoding: 'UTF-8')
        // The launcher (java flags for a short-lived CLI, an AppCDS archive per subcommand) reads
        // DEPLOY_STEPS_JAR, DEPLOY_STEPS_JAVA and DEPLOY_STEPS_JAVA_OPTS from the environment.
        writeFile(file: "${work}/deploy-steps.sh", text: libraryResource('io/deploysteps/deploy-steps.sh'), encoding: 'UTF-8')
        // The registry credential helper the launcher puts on docker's PATH (it keeps no secret itself).
        writeFile(file: "${work}/docker-credential-deploysteps", text: libraryResource('io/deploysteps/docker-credential-deploysteps'),
                encoding: 'UTF-8')
        // Only fixed words and paths this library made. umask 077: the result file (and anything else
        // the CLI writes) is the user's alone; the params file, names only, is made so before the CLI reads it.
        withEnv(named) {
            code = sh(script: "umask 077 && chmod 600 ${work}/params.json && sh ${work}/deploy-steps.sh ${command}"
                    + " --params-file ${work}/params.json --result-file ${work}/result.json", returnStatus: true)
        }
        if (!fileExists("${work}/result.json")) {
            error("${name}: the deploy-steps CLI exited with code ${code} and wrote no result (see the log above)")
        }
        result = parseJson(readFile(file: "${work}/result.json", encoding: 'UTF-8'))
    } finally {
        dir(work) {
            deleteDir()
        }
    }
    return outcome(name, code, result)
}

/**
 * Takes the values of {@code env} and {@code buildArgs} (Maps) out of {@code params}, as withEnv entries
 * {@code DEPLOY_STEPS_ENV_<KEY>=value} / {@code DEPLOY_STEPS_BUILD_ARG_<KEY>=value}. A key that is no
 * variable name stays, so the engine refuses it by name.
 */
@NonCPS
List<String> byName(Map params) {
    List<String> named = []
    [env: 'DEPLOY_STEPS_ENV_', buildArgs: 'DEPLOY_STEPS_BUILD_ARG_'].each { String key, String prefix ->
        if (params[key] instanceof Map) {
            Map kept = [:]
            ((Map) params[key]).each { k, v ->
                if (k.toString() ==~ /[A-Za-z_][A-Za-z0-9_]*/ && v != null) {
                    named << "${prefix}${k}=${v}".toString()
                } else {
                    kept[k] = v
                }
            }
            if (kept.isEmpty()) {
                params.remove(key)
            } else {
                params[key] = kept
            }
        }
    }
    return named
}

/**
 * Runs {@code body(config)} with each {@code secretEnv: [KEY: 'credentialsId']} (Secret text credentials)
 * bound by withCredentials as {@code DEPLOY_STEPS_ENV_<KEY>}, which the engine makes container variable KEY:
 * the value is in no Groovy variable, argument or file, on both paths.
 */
def withSecretEnv(String name, Map config, Closure body) {
    Object secrets = config.remove('secretEnv')
    if (secrets == null) {
        return body(config)
    }
    if (!(secrets instanceof Map) || ((Map) secrets).isEmpty()) {
        error("${name}: secretEnv must be a map of container variable to Secret text credential id, e.g. [DB_PASSWORD: 'shop-db-password']")
    }
    List bindings = []
    for (Object k : ((Map) secrets).keySet()) {
        Object id = ((Map) secrets)[k]
        if (!(k.toString() ==~ /[A-Za-z_][A-Za-z0-9_]*/) || !(id instanceof CharSequence) || id.toString().trim().isEmpty()) {
            error("${name}: secretEnv.${k} must be a variable name mapped to a credential id")
        }
        bindings << string(credentialsId: id.toString().trim(), variable: "DEPLOY_STEPS_ENV_${k}".toString())
    }
    return withCredentials(bindings) {
        body(config)
    }
}

/** Exit code to build result: 0 returns, 3 marks UNSTABLE and returns, anything else fails. */
def outcome(String name, int code, Map result) {
    if (code == 0) {
        return result
    }
    if (code == 3) {
        unstable(unstableMessage(name))
        return result
    }
    error("${name}: ${result.error ?: "failed with exit code ${code}"}")
}

/** The same words the plugin's step uses for its WarningAction. */
String unstableMessage(String name) {
    return "${name} finished with warnings; the build is UNSTABLE".toString()
}

/**
 * The wrapper's defaults overlaid with the caller's arguments. A null argument keeps the default
 * (so a Jenkinsfile can pass `params.X ?: null`); keys still null are dropped so the engine applies
 * its own default (and its one validation).
 */
@NonCPS
Map merged(Map defaults, Map args) {
    Map out = [:]
    for (Map.Entry e : defaults.entrySet()) {
        if (e.value != null) {
            out.put(e.key, e.value)
        }
    }
    for (Map.Entry e : (args ?: [:]).entrySet()) {
        if (e.value != null) {
            out.put(e.key, e.value)
        }
    }
    return out
}

/** The first 7 characters of the build's commit (env.GIT_COMMIT), or null outside a git build. */
String shortCommit() {
    String commit = env.GIT_COMMIT
    return commit ? commit.trim().take(7) : null
}

/**
 * Runs {@code body(config)} with AWS keys bound from {@code config.credentialsId} (the engine then
 * reads them from its environment: credentials 'env'); without an id the engine uses the default
 * chain (the agent's instance role), or the {@code credentials} the caller gave. With the plugin
 * installed, its step gets the id and binds the keys itself, for the engine only: bound here, they
 * would be in the environment of every command the step starts on the agent.
 */
def withAws(String name, Map config, Closure body) {
    String id = credentialsId(name, config)
    if (id == null) {
        return body(config)
    }
    if (config.credentials != null) {
        error("${name}: give credentialsId (a Jenkins AWS credential) or credentials (default, env, profile:NAME), not both")
    }
    Map viaPlugin = plugin(name, config + [credentialsId: id])
    if (viaPlugin != null) {
        return viaPlugin
    }
    config.credentials = 'env'
    return withCredentials([aws(credentialsId: id, accessKeyVariable: 'AWS_ACCESS_KEY_ID',
            secretKeyVariable: 'AWS_SECRET_ACCESS_KEY')]) {
        body(config)
    }
}

/**
 * Runs {@code body(config)} with {@code registryCredentialsId} (a username/password credential) bound: the
 * engine gets the user as {@code registryUser} and reads the password from DEPLOY_STEPS_REGISTRY_PASSWORD,
 * which no process it starts inherits (buildAndPushEcr's push, blueGreenDeploy's pull). With the plugin
 * installed, its step binds it itself.
 */
def withRegistryLogin(String name, Map config, Closure body) {
    Object id = config.remove('registryCredentialsId')
    if (id == null) {
        return body(config)
    }
    if (!(id instanceof CharSequence) || id.toString().trim().isEmpty()) {
        error("${name}: registryCredentialsId must be the id of a Jenkins username/password credential")
    }
    if (config.registryUser != null) {
        error("${name}: registryCredentialsId gives the registry's user and password; leave out registryUser")
    }
    Map viaPlugin = plugin(name, config + [registryCredentialsId: id.toString().trim()])
    if (viaPlugin != null) {
        return viaPlugin
    }
    return withCredentials([usernamePassword(credentialsId: id.toString().trim(), usernameVariable: 'DEPLOY_STEPS_REGISTRY_USER',
            passwordVariable: 'DEPLOY_STEPS_REGISTRY_PASSWORD')]) {
        config.registryUser = env.DEPLOY_STEPS_REGISTRY_USER
        body(config)
    }
}

/**
 * Runs {@code body(config)} with a username/password credential bound: the engine gets the user
 * name as {@code user} and reads the password from the variable named by {@code passwordEnv}, so
 * the password is in no file, argument or log line. With the plugin installed, its step gets the id
 * and binds the credential itself (the password then never enters the build's environment).
 */
def withDatabase(String name, Map config, Closure body) {
    String id = credentialsId(name, config)
    if (id == null) {
        return body(config)
    }
    if (config.user != null || config.passwordEnv != null) {
        error("${name}: credentialsId gives the user and the password; leave out user and passwordEnv")
    }
    Map viaPlugin = plugin(name, config + [credentialsId: id])
    if (viaPlugin != null) {
        return viaPlugin
    }
    return withCredentials([usernamePassword(credentialsId: id, usernameVariable: 'DEPLOY_STEPS_DB_USER',
            passwordVariable: 'DEPLOY_STEPS_DB_PASSWORD')]) {
        config.user = env.DEPLOY_STEPS_DB_USER
        config.passwordEnv = 'DEPLOY_STEPS_DB_PASSWORD'
        body(config)
    }
}

/** Takes credentialsId out of config (the engine never sees it); null when absent. */
String credentialsId(String name, Map config) {
    Object id = config.remove('credentialsId')
    if (id == null) {
        return null
    }
    if (!(id instanceof CharSequence) || id.toString().trim().isEmpty()) {
        error("${name}: credentialsId must be the id of a Jenkins credential (a non-empty string)")
    }
    return id.toString().trim()
}

/** JSON to plain LinkedHashMap/ArrayList values: JsonSlurper's lazy maps cannot be kept across CPS steps. */
@NonCPS
Map parseJson(String text) {
    return (Map) plain(new JsonSlurper().parseText(text))
}

@NonCPS
private Object plain(Object value) {
    if (value instanceof Map) {
        Map out = [:]
        for (Map.Entry e : ((Map) value).entrySet()) {
            out.put(e.key.toString(), plain(e.value))
        }
        return out
    }
    if (value instanceof List) {
        List out = []
        for (Object v : (List) value) {
            out.add(plain(v))
        }
        return out
    }
    return value
}
