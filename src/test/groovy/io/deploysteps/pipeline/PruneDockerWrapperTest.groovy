package io.deploysteps.pipeline

import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse

class PruneDockerWrapperTest extends WrapperTestBase {

    @Test
    void passesTheDocumentedDefaults() {
        env.AWS_REGION = 'ap-northeast-2'
        Map p = paramsOf('pruneDocker', [:])
        assertEquals('prune-docker', cli.calls[0].command)
        assertEquals([keepPerRepository: 0, containers: true, images: 'dangling', buildCache: false, volumes: false,
                      networks: false, dryRun: false, ecrApplyLifecyclePolicy: false, region: 'ap-northeast-2'], p)
    }

    @Test
    void anAwsCredentialIsBoundForAnEcrRepository() {
        credentialStore['aws-ops'] = [accessKey: 'AKIAOPS', secretKey: 'ops-secret-key']
        Map p = paramsOf('pruneDocker', [ecrRepository: 'shop/api', ecrKeepTagged: 10, credentialsId: 'aws-ops'])
        assertEquals('env', p.credentials)
        assertEquals('ops-secret-key', cli.calls[0].env.AWS_SECRET_ACCESS_KEY)
        assertFalse(p.toString().contains('ops-secret-key'))
    }

    @Test
    void refusesAnUnknownCredential() {
        assertRefused('pruneDocker', [credentialsId: 'nope'], "Could not find credentials entry with ID 'nope'")
    }

    @Test
    void thePluginGetsWhatTheCliGets() {
        Map args = [until: '72h', images: 'unused', keepPerRepository: 3]
        assertEquals(paramsOf('pruneDocker', args), pluginParamsOf('pruneDocker', args))
    }
}
