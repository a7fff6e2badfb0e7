package io.deploysteps.pipeline

import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse
import static org.junit.Assert.assertNull

class DbConnectionAuditWrapperTest extends WrapperTestBase {
    static final String URL = 'jdbc:mariadb://127.0.0.1:13306/shop'

    @Test
    void passesTheEngineDefaultsAndTheCallersPools() {
        Map p = paramsOf('dbConnectionAudit', [url: URL, user: 'audit', apps: [api: '10x2', batch: 5], deploying: 'api'])
        assertEquals('db-connection-audit', cli.calls[0].command)
        assertEquals([api: '10x2', batch: 5], p.apps)
        assertEquals('api', p.deploying)
        assertEquals('budget', p.failOn)
        assertEquals('db-connection-audit', p.reportDir)
        assertEquals('60s', p.sleepingAfter)
        assertFalse('the engine applies its own DB_PASSWORD', p.containsKey('passwordEnv'))
    }

    @Test
    void aUsernamePasswordCredentialGivesTheUserAndAPasswordVariableNeverTheSecret() {
        credentialStore['shop-db'] = [username: 'audit', password: 's3cr3t-Passw0rd']
        Map p = paramsOf('dbConnectionAudit', [url: URL, apps: 'api=10', credentialsId: 'shop-db'])
        assertEquals('audit', p.user)
        assertEquals('DEPLOY_STEPS_DB_PASSWORD', p.passwordEnv)
        assertEquals('s3cr3t-Passw0rd', cli.calls[0].env.DEPLOY_STEPS_DB_PASSWORD)
        assertFalse(p.toString().contains('s3cr3t'))
        assertFalse(cli.calls[0].script.contains('s3cr3t'))
        assertFalse(echoed.any { it.contains('s3cr3t') })
        assertNull(env.DEPLOY_STEPS_DB_PASSWORD)
    }

    @Test
    void refusesACredentialIdWithAUserOrPasswordVariable() {
        credentialStore['shop-db'] = [username: 'audit', password: 'x']
        assertRefused('dbConnectionAudit', [url: URL, apps: 'api=10', credentialsId: 'shop-db', user: 'root'],
                'dbConnectionAudit: credentialsId gives the user and the password; leave out user and passwordEnv')
    }

    @Test
    void refusesACredentialIdThatIsNotAString() {
        assertRefused('dbConnectionAudit', [url: URL, apps: 'api=10', credentialsId: [id: 'shop-db']],
                'dbConnectionAudit: credentialsId must be the id of a Jenkins credential (a non-empty string)')
    }

    @Test
    void warningsMarkTheBuildUnstable() {
        cli.exitCode = 3
        cli.result = [ok: true, exitCode: 3, status: 'warning']
        Map out = callStep('dbConnectionAudit', [url: URL, user: 'audit', apps: 'api=10'])
        assertEquals('warning', out.status)
        assertEquals('UNSTABLE', buildResult())
    }

    @Test
    void thePluginGetsWhatTheCliGetsButBindsTheCredentialItself() {
        credentialStore['shop-db'] = [username: 'audit', password: 'x']
        Map args = [url: URL, apps: [api: '10x2'], credentialsId: 'shop-db']
        Map viaCli = paramsOf('dbConnectionAudit', args)
        Map viaPlugin = pluginParamsOf('dbConnectionAudit', args)
        assertEquals(viaCli.findAll { k, v -> !(k in ['user', 'passwordEnv']) } + [credentialsId: 'shop-db'], viaPlugin)
        assertEquals('the library bound the credential once, for the CLI only', 1,
                helper.callStack.count { it.methodName == 'withCredentials' })
    }
}
