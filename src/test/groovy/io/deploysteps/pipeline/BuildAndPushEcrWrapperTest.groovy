package io.deploysteps.pipeline

import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse
import static org.junit.Assert.assertNull
import static org.junit.Assert.assertTrue

class BuildAndPushEcrWrapperTest extends WrapperTestBase {

    @Test
    void tagsWithTheShortCommitAndLatestAndUsesTheBuildRegionAndEnvironment() {
        env.GIT_COMMIT = '0123456789abcdef0123456789abcdef01234567'
        env.AWS_REGION = 'ap-northeast-2'
        params.ENVIRONMENT = 'prd'
        Map p = paramsOf('buildAndPushEcr', [repository: 'shop/api'])
        assertEquals('build-and-push-ecr', cli.calls[0].command)
        assertEquals(['0123456', 'latest'], p.tags)
        assertEquals('ap-northeast-2', p.region)
        assertEquals(['io.deploysteps.environment': 'prd'], p.labels)
        assertEquals('.', p.context)
        assertEquals(true, p.createRepository)
        assertFalse(p.containsKey('credentials'))
        assertFalse(p.containsKey('credentialsId'))
    }

    @Test
    void outsideAGitBuildLeavesTheTagsToTheEngine() {
        Map p = paramsOf('buildAndPushEcr', [repository: 'shop/api'])
        assertFalse(p.containsKey('tags'))
        assertFalse(p.containsKey('region'))
    }

    @Test
    void theCallersArgumentsWin() {
        env.GIT_COMMIT = '0123456789abcdef'
        Map p = paramsOf('buildAndPushEcr', [repository: 'shop/api', tags: ['1.4.0'], registry: '127.0.0.1:5000'])
        assertEquals(['1.4.0'], p.tags)
        assertEquals('127.0.0.1:5000', p.registry)
    }

    @Test
    void aNullArgumentKeepsTheDefault() {
        env.GIT_COMMIT = '0123456789abcdef'
        Map p = paramsOf('buildAndPushEcr', [repository: 'shop/api', tags: null])
        assertEquals(['0123456', 'latest'], p.tags)
    }

    @Test
    void anAwsCredentialIsBoundForTheStepOnlyAndTheEngineReadsItFromTheEnvironment() {
        credentialStore['aws-deploy'] = [accessKey: 'AKIAEXAMPLEEXAMPLE12', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']
        Map p = paramsOf('buildAndPushEcr', [repository: 'shop/api', credentialsId: 'aws-deploy'])
        assertEquals('env', p.credentials)
        assertFalse(p.containsKey('credentialsId'))
        Map shellEnv = cli.calls[0].env
        assertEquals('AKIAEXAMPLEEXAMPLE12', shellEnv.AWS_ACCESS_KEY_ID)
        assertEquals('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', shellEnv.AWS_SECRET_ACCESS_KEY)
        assertFalse(cli.calls[0].script.contains('wJalrXUtnFEMI'))
        assertFalse(p.toString().contains('wJalrXUtnFEMI'))
        assertNull('unbound after the step', env.AWS_SECRET_ACCESS_KEY)
    }

    @Test
    void withoutACredentialTheAgentRoleIsUsed() {
        Map p = paramsOf('buildAndPushEcr', [repository: 'shop/api'])
        assertFalse(p.containsKey('credentials'))
        assertNull(cli.calls[0].env.AWS_SECRET_ACCESS_KEY)
    }

    @Test
    void refusesACredentialIdTogetherWithCredentials() {
        credentialStore['aws-deploy'] = [accessKey: 'a', secretKey: 'b']
        assertRefused('buildAndPushEcr', [repository: 'shop/api', credentialsId: 'aws-deploy', credentials: 'profile:ci'],
                'buildAndPushEcr: give credentialsId (a Jenkins AWS credential) or credentials (default, env, profile:NAME), not both')
    }

    @Test
    void refusesABlankCredentialId() {
        assertRefused('buildAndPushEcr', [repository: 'shop/api', credentialsId: ' '],
                'buildAndPushEcr: credentialsId must be the id of a Jenkins credential (a non-empty string)')
    }

    @Test
    void thePluginGetsWhatTheCliGetsButBindsTheCredentialItself() {
        env.GIT_COMMIT = '0123456789abcdef'
        credentialStore['aws-deploy'] = [accessKey: 'a', secretKey: 'b']
        Map args = [repository: 'shop/api', credentialsId: 'aws-deploy']
        Map viaCli = paramsOf('buildAndPushEcr', args)
        Map viaPlugin = pluginParamsOf('buildAndPushEcr', args)
        assertEquals(viaCli.findAll { k, v -> k != 'credentials' } + [credentialsId: 'aws-deploy'], viaPlugin)
        assertTrue(viaCli.containsKey('tags'))
        assertEquals('the library bound the keys once, for the CLI only', 1,
                helper.callStack.count { it.methodName == 'withCredentials' })
    }
}
