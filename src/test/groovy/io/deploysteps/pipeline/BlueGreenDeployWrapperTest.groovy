package io.deploysteps.pipeline

import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse

class BlueGreenDeployWrapperTest extends WrapperTestBase {
    static final Map PROXY = [includeFile: '/etc/nginx/service-url.inc']

    @Test
    void passesTheDocumentedDefaults() {
        Map p = paramsOf('blueGreenDeploy', [name: 'shop-api', image: '127.0.0.1:5000/shop/api:1', proxy: PROXY])
        assertEquals('blue-green-deploy', cli.calls[0].command)
        assertEquals([3000, 4000], p.ports)
        assertEquals('host', p.network)
        assertEquals('60s', p.healthTimeout)
        assertEquals(true, p.keepPrevious)
        assertEquals(false, p.rollback)
        assertEquals(PROXY, p.proxy)
        assertFalse(p.containsKey('health'))
        assertFalse(p.containsKey('envFile'))
    }

    @Test
    void usesTheEnvironmentsEnvFileWhenTheWorkspaceHasIt() {
        params.ENVIRONMENT = 'prd'
        new File(workspace, '.env.prd').text = 'DB_CONN_LIMIT=32\n'
        Map p = paramsOf('blueGreenDeploy', [name: 'shop-api', image: 'shop/api:1', proxy: PROXY])
        assertEquals('.env.prd', p.envFile)
    }

    @Test
    void withoutThatFileThereIsNoEnvFile() {
        params.ENVIRONMENT = 'dev'
        Map p = paramsOf('blueGreenDeploy', [name: 'shop-api', image: 'shop/api:1', proxy: PROXY])
        assertFalse(p.containsKey('envFile'))
    }

    @Test
    void theIncludesPathAloneGoesToTheEngineAsGiven() {
        // the engine's BlueGreenRequest reads a string proxy as its includeFile (BlueGreenRequestTest)
        Map p = paramsOf('blueGreenDeploy', [name: 'shop-api', image: 'shop/api:1', proxy: '/etc/nginx/service-url.inc'])
        assertEquals('/etc/nginx/service-url.inc', p.proxy)
    }

    @Test
    void aRollbackNeedsNoImage() {
        Map p = paramsOf('blueGreenDeploy', [name: 'shop-api', rollback: true, proxy: PROXY])
        assertEquals(true, p.rollback)
        assertFalse(p.containsKey('image'))
    }

    @Test
    void aFailedHealthGateFailsTheBuildWithTheEngineMessage() {
        cli.exitCode = 1
        cli.result = [ok: false, exitCode: 1, error: 'health check failed on 127.0.0.1:4000 after 60.0 s; traffic stays on 3000']
        try {
            callStep('blueGreenDeploy', [name: 'shop-api', image: 'shop/api:1', proxy: PROXY])
        } catch (PipelineError e) {
            assertEquals('blueGreenDeploy: health check failed on 127.0.0.1:4000 after 60.0 s; traffic stays on 3000', e.message)
        }
        assertEquals('FAILURE', buildResult())
    }

    @Test
    void thePluginGetsWhatTheCliGets() {
        Map args = [name: 'shop-api', image: 'shop/api:1', proxy: PROXY, health: [path: '/health']]
        assertEquals(paramsOf('blueGreenDeploy', args), pluginParamsOf('blueGreenDeploy', args))
    }

    @Test
    void noBoundSecretNorEnvValueReachesTheParamsFile() {
        credentialStore['api-token'] = [secret: 'bound-secret-T0ken']
        String text = null
        cli.answers['blue-green-deploy'] = [exitCode: 0, result: [ok: true, exitCode: 0]]
        shell = { Map a, File cwd, Map<String, String> shellEnv, StringBuilder console ->
            File file = new File(cwd, (a.script =~ /--params-file (\S+)/)[0][1] as String)
            text = file.text
            return cli.asShell().call(a, cwd, shellEnv, console)
        }
        // A value the Jenkinsfile bound itself with withCredentials, passed in env:
        env.TOKEN = 'bound-secret-T0ken'
        callStep('blueGreenDeploy', [name: 'shop-api', image: 'shop/api:1', proxy: PROXY,
                env: [DB_CONN_LIMIT: '32', BOUND: env.TOKEN], secretEnv: [API_TOKEN: 'api-token']])
        Map call = cli.calls[0]
        assertFalse(text, text.contains('bound-secret-T0ken'))
        assertFalse(text, text.contains('32'))
        assertFalse('the engine never sees secretEnv (credential ids)', call.params.containsKey('secretEnv'))
        assertFalse(call.params.containsKey('env'))
        assertEquals('bound-secret-T0ken', call.env.DEPLOY_STEPS_ENV_API_TOKEN)
        assertEquals('bound-secret-T0ken', call.env.DEPLOY_STEPS_ENV_BOUND)
        assertEquals('32', call.env.DEPLOY_STEPS_ENV_DB_CONN_LIMIT)
        assert (call.script as String).startsWith('umask 077 && chmod 600 ')
        assertEquals('bound only for the step', null, env.DEPLOY_STEPS_ENV_API_TOKEN)
    }

    @Test
    void thePluginGetsSecretEnvBoundByNameToo() {
        credentialStore['api-token'] = [secret: 'bound-secret-T0ken']
        String during = null
        pluginSteps['blueGreenDeploy'] = { Map p ->
            during = env.DEPLOY_STEPS_ENV_API_TOKEN
            assertFalse(p.containsKey('secretEnv'))
            [ok: true, exitCode: 0, via: 'plugin']
        }
        callStep('blueGreenDeploy', [name: 'shop-api', image: 'shop/api:1', proxy: PROXY, secretEnv: [API_TOKEN: 'api-token']])
        assertEquals('bound-secret-T0ken', during)
    }
}
