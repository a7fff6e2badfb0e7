package io.deploysteps.pipeline

import groovy.json.JsonSlurper
import io.deploysteps.testing.LocalStack
import org.junit.After
import org.junit.Before
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Paths

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse
import static org.junit.Assert.assertTrue
import static org.junit.Assert.fail

/**
 * Jenkinsfile.example and examples/Jenkinsfile.cleanup end to end: the shared library runs the real
 * CLI jar through a real `sh`, which builds the app in the workspace, pushes it to the stack's
 * registry, audits the stack's MariaDB, deploys blue-green behind this test's own nginx, rolls back
 * and prunes. Everything this test creates carries the label io.deploysteps.it=<id> and is removed after.
 */
class JenkinsfileExampleIT extends PipelineTestBase {
    final String id = 'jk' + UUID.randomUUID().toString().take(6)
    final String service = "it-jenkins-${id}".toString()
    File nginxDir
    int nginxPort
    List<Integer> colourPorts

    @Before
    @Override
    void setUp() throws Exception {
        super.setUp()
        String jar = System.getProperty('deploySteps.jar')
        assertTrue("the CLI jar (system property deploySteps.jar, set by the pom for Failsafe) is missing: ${jar}",
                jar != null && new File(jar).isFile())
        nginxPort = freePort(18300..18399)
        colourPorts = [freePort(3300..3349), freePort(3350..3399)]
        startNginx()
        writeApp('v1')
        credentialStore['it-db-audit'] = [username: LocalStack.get('DEPLOY_STEPS_MARIADB_AUDIT_USER'),
                                          password: LocalStack.get('DEPLOY_STEPS_MARIADB_AUDIT_PASSWORD')]
        String nginx = "${LocalStack.nginxBin()} -p ${nginxDir}/ -c ${nginxDir}/nginx.conf -e ${nginxDir}/error.log"
        env.putAll([
                DOCKER_HOST           : LocalStack.dockerHost(),
                DEPLOY_STEPS_JAR      : jar,
                // The launcher's AppCDS archives: made by this test's first runs, gone with the workspace.
                DEPLOY_STEPS_CDS_DIR  : new File(workspace, '.cds').path,
                GIT_COMMIT            : '5ca1ab1e' + id.padRight(32, '0'),
                BUILD_NUMBER          : '1',
                BUILD_URL             : "http://jenkins.example/job/${service}/1/".toString(),
                DEPLOY_SERVICE        : service,
                DEPLOY_REGISTRY       : LocalStack.registry(),
                DEPLOY_DB_URL         : LocalStack.get('DEPLOY_STEPS_MARIADB_URL'),
                DEPLOY_DB_CREDENTIALS : 'it-db-audit',
                DEPLOY_NGINX_INCLUDE  : "${nginxDir}/service-url.inc".toString(),
                DEPLOY_NGINX_TEST     : "${nginx} -t".toString(),
                DEPLOY_NGINX_RELOAD   : "${nginx} -s reload".toString(),
                DEPLOY_PORTS          : colourPorts.join(','),
                DEPLOY_PUBLIC_URL     : "http://127.0.0.1:${nginxPort}/health".toString(),
        ])
    }

    @After
    void removeWhatThisTestMade() {
        List<String> containers = docker('ps', '-aq', '--filter', "label=io.deploysteps.it=${id}").readLines().findAll { it }
        if (containers) {
            docker(['rm', '-f'] + containers as String[])
        }
        List<String> images = docker('images', '-q', '--filter', "label=io.deploysteps.it=${id}").readLines().findAll { it }.unique()
        if (images) {
            docker(['rmi', '-f'] + images as String[])
        }
        if (nginxDir != null) {
            run(LocalStack.nginxBin(), '-p', "${nginxDir}/", '-c', "${nginxDir}/nginx.conf", '-e', "${nginxDir}/error.log", '-s', 'quit')
            nginxDir.deleteDir()
        }
        tearDownWorkspace()
    }

    @Test
    void deploysANewVersionRollsBackAndCleansUp() {
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', IMAGE_TAG: 'v1', ACTION: 'deploy'])
        Map report = deployReport()
        assertBuildMatchesTheAudit(report)
        assertEquals("shop ${service} v1\n".toString(), get('/'))
        assertTrue(registryTags().containsAll(['v1', 'latest']))
        assertEquals("${LocalStack.registry()}/shop/${service}:v1".toString(), report.image)
        assertTrue('the audit wrote its reports', new File(workspace, 'db-connection-audit/db-connection-audit.html').isFile())
        assertTrue(archived.any { it.artifacts.contains('db-connection-audit/**') })
        assertTrue('imagedefinitions.json', new File(workspace, 'imagedefinitions.json').text.contains(":v1"))
        assertNoSecretReachedTheShell()

        // prd pools (api 32x2 counted twice, admin 32, batch 32: 192) do not fit the stack's MariaDB
        // (max_connections 200 less headroom): the build fails at the audit and traffic never moves.
        writeApp('v9')
        shellCalls.clear()
        try {
            runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'prd', IMAGE_TAG: 'v9', ACTION: 'deploy'])
            fail('a budget that does not fit must fail the build')
        } catch (PipelineError e) {
            assertTrue(e.message, e.message.startsWith('dbConnectionAudit: '))
        }
        assertEquals('FAILURE', buildResult())
        assertEquals(['build-and-push-ecr', 'db-connection-audit'], shellCalls.collect { (it.script =~ /\/deploy-steps\.sh ([a-z-]+) /)[0][1] })
        assertEquals("shop ${service} v1\n".toString(), get('/'))

        writeApp('v2')
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', IMAGE_TAG: 'v2', ACTION: 'deploy', SKIP_DB_AUDIT: true])
        assertEquals('SUCCESS', buildResult())
        assertEquals("shop ${service} v2\n".toString(), get('/'))
        assertTrue(registryTags().containsAll(['v1', 'v2', 'latest']))
        int v2Port = deployReport().deploy.livePort as int

        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'rollback'])
        assertEquals('SUCCESS', buildResult())
        assertEquals("shop ${service} v1\n".toString(), get('/'))
        assertTrue(colourPorts.contains(deployReport().deploy.livePort as int))
        assertTrue(deployReport().deploy.livePort as int != v2Port)

        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'audit-only'])
        assertTrue(deployReport().audit.status in ['ok', 'warning'])
        assertEquals('audit-only deploys nothing', "shop ${service} v1\n".toString(), get('/'))

        String junk = docker('create', '--label', "io.deploysteps.it=${id}", '--name', "${service}-junk",
                "${LocalStack.registry()}/shop/${service}:v1").trim()
        runJenkinsfile('examples/Jenkinsfile.cleanup', [UNTIL: '0s', LABELS: "io.deploysteps.it=${id}".toString()])
        assertTrue("pruneDocker ran: ${buildResult()}", buildResult() in ['SUCCESS', 'UNSTABLE'])
        assertFalse('the stopped junk container is gone', docker('ps', '-aq', '--no-trunc').contains(junk))
        assertEquals('the live version still answers', "shop ${service} v1\n".toString(), get('/'))
    }

    /**
     * ACTION deploy-buildspec: the service's CodeBuild buildspec (examples/buildspec.yml, copied
     * unchanged) builds and pushes with runBuildspec, here to the stack's registry (DEPLOY_REGISTRY
     * reaches the buildspec as the project's REGISTRY: no ECR login, nothing leaves this machine),
     * and blueGreenDeploy deploys the IMAGE_URI it exported.
     */
    @Test
    void migratesTheServiceFromCodeBuildWithItsBuildspecUnchanged() {
        Files.copy(Paths.get(PROJECT.path, 'examples/buildspec.yml'), new File(workspace, 'buildspec.yml').toPath())
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'deploy-buildspec'])
        Map report = deployReport()
        String image = "${LocalStack.registry()}/shop/${service}:5ca1ab1".toString()
        assertEquals("${report.buildspec}".toString(), 'SUCCESS', buildResult())
        assertEquals('SUCCEEDED', report.buildspec.status)
        assertEquals([IMAGE_URI: image], report.buildspec.exported)
        assertEquals(image, report.image)
        assertTrue(registryTags().containsAll(['5ca1ab1', 'latest']))
        assertEquals("shop ${service} v1\n".toString(), get('/'))
        assertTrue(new File(workspace, 'runbuildspec-artifacts/imagedefinitions.json').text.contains(image))
        assertTrue(archived.any { it.artifacts == 'runbuildspec-artifacts/**' })
        assertEquals(['run-buildspec', 'blue-green-deploy'], shellCalls.collect { (it.script =~ /\/deploy-steps\.sh ([a-z-]+) /)[0][1] })
        assertTrue(shellCalls[0].output.toString().contains("Pushing to ${LocalStack.registry()}: no ECR login"))
    }

    /** Audit warnings (e.g. the stack's 8 h wait_timeout) mark the build UNSTABLE; nothing else may. */
    private void assertBuildMatchesTheAudit(Map report) {
        String expected = report.audit.status == 'warning' ? 'UNSTABLE' : 'SUCCESS'
        assertEquals("audit ${report.audit}".toString(), expected, buildResult())
        if (expected == 'UNSTABLE') {
            assertEquals(['dbConnectionAudit finished with warnings; the build is UNSTABLE'], unstableMessages)
        }
    }

    private void assertNoSecretReachedTheShell() {
        String password = LocalStack.get('DEPLOY_STEPS_MARIADB_AUDIT_PASSWORD')
        assertEquals('the password is in the audit step\'s environment only', password,
                shellCalls.find { it.script.contains('db-connection-audit') }.env.DEPLOY_STEPS_DB_PASSWORD)
        assertFalse(shellCalls.any { it.script.contains(password) || it.output.toString().contains(password) })
        assertFalse(new File(workspace, 'deploy-report.json').text.contains(password))
        assertFalse('params files are deleted', new File(workspace, '.deploy-steps').list()?.length as boolean)
    }

    private Map deployReport() {
        return (Map) new JsonSlurper().parse(new File(workspace, 'deploy-report.json'))
    }

    private List<String> registryTags() {
        def answer = new JsonSlurper().parse(new URL("http://${LocalStack.registry()}/v2/shop/${service}/tags/list"))
        return answer.tags as List<String>
    }

    private String get(String path) {
        def c = (HttpURLConnection) new URL("http://127.0.0.1:${nginxPort}${path}").openConnection()
        c.connectTimeout = 2000
        c.readTimeout = 5000
        return c.inputStream.getText('UTF-8')
    }

    /** The app's repository checked out in the workspace: busybox httpd answering "shop NAME VERSION". */
    private void writeApp(String version) {
        Files.copy(Paths.get(LocalStack.busybox()), new File(workspace, 'busybox').toPath(),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING)
        File www = new File(workspace, 'www')
        www.mkdirs()
        new File(www, 'index.html').text = "shop ${service} ${version}\n"
        new File(www, 'health').text = 'ok\n'
        new File(workspace, 'Dockerfile').text = """\
            FROM scratch
            COPY busybox /bin/busybox
            COPY www /www
            ENV PATH=/bin
            LABEL io.deploysteps.it=${id}
            ENTRYPOINT ["/bin/busybox", "sh", "-c"]
            CMD ["exec busybox httpd -f -p 127.0.0.1:\${PORT:-3000} -h /www"]
            """.stripIndent()
        new File(workspace, '.dockerignore').text = '.deploy-steps\ndb-connection-audit\n*.json\n'
    }

    private void startNginx() {
        nginxDir = Files.createTempDirectory('it-jenkins-nginx-').toFile()
        new File(nginxDir, 'tmp').mkdirs()
        new File(nginxDir, 'service-url.inc').text = "set \$service_url http://127.0.0.1:${colourPorts[0]};\n"
        // The site is the library's template (resources/), as a user would install it.
        String site = new File(PROJECT, 'resources/io/deploysteps/nginx/blue-green-site.conf').text
                .replace('@LISTEN@', "127.0.0.1:${nginxPort}").replace('@INCLUDE_FILE@', "${nginxDir}/service-url.inc")
        new File(nginxDir, 'nginx.conf').text = """\
            worker_processes 1;
            pid ${nginxDir}/nginx.pid;
            error_log ${nginxDir}/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path ${nginxDir}/tmp/body;
              proxy_temp_path ${nginxDir}/tmp/proxy;
              fastcgi_temp_path ${nginxDir}/tmp/fastcgi;
              uwsgi_temp_path ${nginxDir}/tmp/uwsgi;
              scgi_temp_path ${nginxDir}/tmp/scgi;
              include ${nginxDir}/site.conf;
            }
            """.stripIndent()
        new File(nginxDir, 'site.conf').text = site
        String out = run(LocalStack.nginxBin(), '-p', "${nginxDir}/", '-c', "${nginxDir}/nginx.conf", '-e', "${nginxDir}/error.log")
        assertTrue("nginx started: ${out}", new File(nginxDir, 'nginx.pid').exists())
    }

    private static int freePort(IntRange range) {
        List<Integer> ports = range.toList()
        Collections.shuffle(ports)
        for (int port : ports) {
            try {
                new ServerSocket(port, 1, InetAddress.getByName('127.0.0.1')).close()
                return port
            } catch (IOException ignored) {
                // taken: try the next one
            }
        }
        throw new IllegalStateException("no free port in ${range}")
    }

    private static String docker(String... args) {
        return run((['docker'] + (args as List)) as String[])
    }

    private static String run(String... argv) {
        ProcessBuilder pb = new ProcessBuilder(argv.collect { it.toString() }).redirectErrorStream(true)
        pb.environment().put('DOCKER_HOST', LocalStack.dockerHost())
        Process p = pb.start()
        String out = p.inputStream.getText('UTF-8')
        p.waitFor()
        return out
    }
}
