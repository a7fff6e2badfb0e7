package io.deploysteps.pipeline

import com.lesfurets.jenkins.unit.BasePipelineTest
import com.lesfurets.jenkins.unit.global.lib.SourceRetriever
import groovy.json.JsonSlurper

import java.nio.file.Files

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library

/**
 * Runs this repository's shared library (vars/) and Jenkinsfiles in JenkinsPipelineUnit 1.1, which
 * knows scripted pipelines only: declarative keywords are emulated here, and the file steps
 * (writeFile, readFile, fileExists, dir, deleteDir) work on a real temporary workspace, so the
 * library's CLI path runs as it does on an agent. `sh` runs a real `sh -c` unless a test sets
 * {@link #shell}; the deploy-steps plugin is "installed" by putting its steps in {@link #pluginSteps}.
 */
abstract class PipelineTestBase extends BasePipelineTest {
    /** The repository root: the library's vars/ and the Jenkinsfiles live there. */
    static final File PROJECT = new File(System.getProperty('user.dir')).absoluteFile

    File workspace
    Map<String, Object> env = [:]
    Map<String, Object> params = [:]
    /** Jenkins credentials by id: [username:, password:] or [accessKey:, secretKey:]. */
    Map<String, Map<String, String>> credentialStore = [:]
    /** Plugin steps by name; empty means the plugin is not installed. */
    Map<String, Closure> pluginSteps = [:]
    /** Every `sh` call: the script and the environment it saw. */
    List<Map> shellCalls = []
    List<String> unstableMessages = []
    List<String> echoed = []
    List<Map> archived = []
    List<Map> published = []
    /** Handles `sh`: (Map args, File cwd, Map env, StringBuilder console) -> return value; default a real process. */
    Closure shell = { Map args, File cwd, Map<String, String> shellEnv, StringBuilder console ->
        realShell(args, cwd, shellEnv, console)
    }

    protected final Deque<File> dirs = new ArrayDeque<>()
    protected Closure stagesBlock
    protected Closure postBlock
    protected boolean skipStage

    @Override
    void setUp() throws Exception {
        workspace = Files.createTempDirectory('deploy-steps-pipeline-').toFile()
        dirs.push(workspace)
        scriptRoots = [PROJECT.path] as String[]
        baseScriptRoot = PROJECT.path
        helper.registerSharedLibrary(library().name('deploy-steps')
                .defaultVersion('main')
                .allowOverride(true)
                .implicit(true)
                .targetPath('unused')
                .retriever({ String name, String version, String target -> [PROJECT.toURI().toURL()] } as SourceRetriever)
                .build())
        super.setUp()
        env.WORKSPACE = workspace.path
        binding.setVariable('env', env)
        binding.setVariable('params', params)
        binding.setVariable('steps', new FakeSteps(pluginSteps))
        binding.setVariable('any', 'any')
        binding.setVariable('none', 'none')
        registerSteps()
        registerDeclarative()
    }

    void tearDownWorkspace() {
        workspace?.deleteDir()
    }

    /** Runs a Jenkinsfile as a new build with these build parameters. */
    Object runJenkinsfile(String path, Map<String, Object> buildParams) {
        params.clear()
        params.putAll(buildParams)
        binding.setVariable('currentBuild', [result: 'SUCCESS'])
        stagesBlock = null
        postBlock = null
        return runScript(path)
    }

    /** Calls a library step as a Jenkinsfile would: {@code name(args)}. */
    Object callStep(String name, Map args) {
        binding.setVariable('stepName', name)
        binding.setVariable('stepArgs', args)
        return runScript('src/test/resources/pipeline/call-step.groovy')
    }

    File cwd() {
        return dirs.peek()
    }

    String buildResult() {
        return binding.getVariable('currentBuild').result
    }

    /** The JSON params file the library wrote for the CLI, read while `sh` runs. */
    static Map paramsFileOf(String script, File cwd) {
        def m = script =~ /--params-file (\S+)/
        return m.find() ? (Map) new JsonSlurper().parse(new File(cwd, m.group(1))) : null
    }

    static File resultFileOf(String script, File cwd) {
        def m = script =~ /--result-file (\S+)/
        return m.find() ? new File(cwd, m.group(1)) : null
    }

    protected void registerSteps() {
        helper.registerAllowedMethod('sh', [String], { String s -> runShell([script: s]) })
        helper.registerAllowedMethod('sh', [Map], { Map m -> runShell(m) })
        helper.registerAllowedMethod('echo', [String], { String s -> echoed << s; println s })
        helper.registerAllowedMethod('error', [String], { String s ->
            updateBuildStatus('FAILURE')
            throw new PipelineError(s)
        })
        helper.registerAllowedMethod('unstable', [String], { String s ->
            unstableMessages << s
            if (buildResult() == 'SUCCESS') {
                updateBuildStatus('UNSTABLE')
            }
        })
        helper.registerAllowedMethod('writeFile', [Map], { Map m ->
            File f = new File(cwd(), m.file as String)
            f.parentFile.mkdirs()
            f.setText(m.text as String, (m.encoding ?: 'UTF-8') as String)
        })
        helper.registerAllowedMethod('readFile', [String], { String f -> new File(cwd(), f).getText('UTF-8') })
        helper.registerAllowedMethod('readFile', [Map], { Map m -> new File(cwd(), m.file as String).getText('UTF-8') })
        helper.registerAllowedMethod('fileExists', [String], { String f -> new File(cwd(), f).exists() })
        helper.registerAllowedMethod('dir', [String, Closure], { String d, Closure c ->
            dirs.push(new File(cwd(), d))
            try {
                return c.call()
            } finally {
                dirs.pop()
            }
        })
        helper.registerAllowedMethod('deleteDir', [], { cwd().deleteDir() })
        helper.registerAllowedMethod('archiveArtifacts', [Map], { Map m -> archived << m })
        helper.registerAllowedMethod('publishHTML', [Map], { Map m -> published << m })
        helper.registerAllowedMethod('usernamePassword', [Map], { Map m -> [kind: 'usernamePassword'] + m })
        helper.registerAllowedMethod('aws', [Map], { Map m -> [kind: 'aws'] + m })
        helper.registerAllowedMethod('withEnv', [List, Closure], { List entries, Closure body ->
            Map<String, Object> saved = [:]
            entries.each { String e ->
                int eq = e.indexOf('=')
                String k = e.substring(0, eq)
                saved[k] = env[k]
                env[k] = e.substring(eq + 1)
            }
            try {
                return body.call()
            } finally {
                saved.each { k, v -> if (v == null) env.remove(k) else env[k] = v }
            }
        })
        helper.registerAllowedMethod('withCredentials', [List, Closure], { List bindings, Closure body ->
            Map<String, Object> saved = [:]
            bindings.each { Map b ->
                Map<String, String> secret = credentialStore[b.credentialsId as String]
                if (secret == null) {
                    updateBuildStatus('FAILURE')
                    throw new PipelineError("Could not find credentials entry with ID '${b.credentialsId}'")
                }
                Map<String, String> vars = b.kind == 'aws'
                        ? [(b.accessKeyVariable): secret.accessKey, (b.secretKeyVariable): secret.secretKey]
                        : b.kind == 'string' ? [(b.variable): secret.secret]
                        : [(b.usernameVariable): secret.username, (b.passwordVariable): secret.password]
                vars.each { k, v -> saved[k] = env[k]; env[k] = v }
            }
            try {
                return body.call()
            } finally {
                saved.each { k, v -> if (v == null) env.remove(k) else env[k] = v }
            }
        })
    }

    protected Object runShell(Map args) {
        Map<String, String> shellEnv = env.findAll { k, v -> v != null }.collectEntries { k, v -> [k, String.valueOf(v)] }
        Map call = [script: args.script as String, env: shellEnv, cwd: cwd(), output: new StringBuilder()]
        shellCalls << call
        return shell.call(args, cwd(), shellEnv, call.output)
    }

    /**
     * Like the `sh` step: non-zero exit fails unless returnStatus; returnStdout gives stdout. What
     * the build log would show goes to {@code console} too.
     */
    static Object realShell(Map args, File cwd, Map<String, String> shellEnv, StringBuilder console) {
        cwd.mkdirs()
        ProcessBuilder pb = new ProcessBuilder('sh', '-c', args.script as String).directory(cwd)
        pb.environment().putAll(shellEnv)
        pb.redirectErrorStream(!args.returnStdout)
        if (args.returnStdout) {
            pb.redirectError(ProcessBuilder.Redirect.INHERIT)
        }
        Process p = pb.start()
        String out = p.inputStream.getText('UTF-8')
        int code = p.waitFor()
        if (!args.returnStdout) {
            print out
            console.append(out)
        }
        if (args.returnStatus) {
            return code
        }
        if (code != 0) {
            throw new PipelineError("script returned exit code ${code}")
        }
        return args.returnStdout ? out : null
    }

    /** The declarative keywords Jenkinsfile.example and examples/Jenkinsfile.cleanup use. */
    protected void registerDeclarative() {
        helper.registerAllowedMethod('pipeline', [Closure], { Closure body ->
            // Like Jenkins: read the pipeline block (parameters, environment, post), then run the
            // stages, then the post conditions.
            body.call()
            try {
                stagesBlock?.call()
            } catch (Throwable t) {
                updateBuildStatus('FAILURE')
                throw t
            } finally {
                postBlock?.call()
            }
        })
        helper.registerAllowedMethod('agent', [Object], null)
        helper.registerAllowedMethod('agent', [Closure], null)
        helper.registerAllowedMethod('label', [String], null)
        helper.registerAllowedMethod('stages', [Closure], { Closure c -> stagesBlock = c })
        helper.registerAllowedMethod('stage', [String, Closure], { String name, Closure c ->
            skipStage = false
            c.call()
        })
        helper.registerAllowedMethod('steps', [Closure], { Closure c -> if (!skipStage) c.call() })
        helper.registerAllowedMethod('script', [Closure], { Closure c -> c.call() })
        helper.registerAllowedMethod('when', [Closure], { Closure c -> c.call() })
        helper.registerAllowedMethod('expression', [Closure], { Closure c -> if (!c.call()) skipStage = true })
        helper.registerAllowedMethod('environment', [Closure], { Closure c ->
            c.resolveStrategy = Closure.DELEGATE_FIRST
            c.delegate = new EnvironmentBlock(env)
            c.call()
        })
        helper.registerAllowedMethod('parameters', [Closure], { Closure c -> c.call() })
        ['string', 'booleanParam', 'choice'].each { type ->
            helper.registerAllowedMethod(type, [Map], { Map p ->
                if (type == 'string' && p.containsKey('credentialsId')) {
                    return [kind: 'string'] + p // withCredentials' Secret text binding, not a build parameter
                }
                if (!params.containsKey(p.name)) {
                    params[p.name] = p.containsKey('defaultValue') ? p.defaultValue
                            : p.choices instanceof List ? p.choices[0] : null
                }
                return p
            })
        }
        helper.registerAllowedMethod('options', [Closure], { Closure c -> c.call() })
        helper.registerAllowedMethod('timeout', [Map], null)
        helper.registerAllowedMethod('timestamps', [], null)
        helper.registerAllowedMethod('buildDiscarder', [Object], null)
        helper.registerAllowedMethod('logRotator', [Map], null)
        helper.registerAllowedMethod('triggers', [Closure], { Closure c -> c.call() })
        helper.registerAllowedMethod('cron', [String], null)
        helper.registerAllowedMethod('post', [Closure], { Closure c -> postBlock = c })
        def onResult = { String wanted -> { Closure c -> if (buildResult() == wanted) c.call() } }
        helper.registerAllowedMethod('always', [Closure], { Closure c -> c.call() })
        helper.registerAllowedMethod('success', [Closure], onResult('SUCCESS'))
        helper.registerAllowedMethod('failure', [Closure], onResult('FAILURE'))
        helper.registerAllowedMethod('unstable', [Closure], onResult('UNSTABLE'))
    }
}
