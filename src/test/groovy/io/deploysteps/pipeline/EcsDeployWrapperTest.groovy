package io.deploysteps.pipeline

import org.junit.Before
import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse
import static org.junit.Assert.assertTrue
import static org.junit.Assert.fail

/**
 * vars/ecsDeploy.groovy with the CLI faked: the defaults it passes, the AWS credential it binds, and the
 * approval of a CodeDeploy deployment at Ready: Jenkins' input, then --continue; an abort of the input
 * stops the deployment with rollback (--stop) and fails the build.
 */
class EcsDeployWrapperTest extends WrapperTestBase {
    static final String ID = 'd-H15WRAP01'
    List<Map> inputs = []
    boolean abortInput = false

    @Before
    void inputStep() {
        helper.registerAllowedMethod('input', [Map], { Map m ->
            inputs << m
            if (abortInput) {
                updateBuildStatus('ABORTED')
                throw new InterruptedException('aborted by a person')
            }
            return null
        })
    }

    static Map ready() {
        return [exitCode: 0, result: [ok: true, exitCode: 0, controller: 'CODE_DEPLOY', deploymentId: ID, rolloutState: 'READY',
                taskDefinitionArn: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/api:8']]
    }

    @Test
    void passesTheDocumentedDefaults() {
        env.AWS_REGION = 'eu-west-3'
        Map p = paramsOf('ecsDeploy', [cluster: 'shop', service: 'api', imageDefinitions: 'imagedefinitions.json'])
        assertEquals('ecs-deploy', cli.calls[0].command)
        assertEquals([cluster: 'shop', service: 'api', region: 'eu-west-3', imageDefinitions: 'imagedefinitions.json',
                      wait: '15m', forceNewDeployment: false, rollbackOnFailure: true, approve: false], p)
        assertEquals([], inputs)
    }

    @Test
    void anAwsCredentialIsBoundForTheEngineOnly() {
        credentialStore['aws-deploy'] = [accessKey: 'AKIADEPLOY', secretKey: 'deploy-secret-key']
        Map p = paramsOf('ecsDeploy', [cluster: 'shop', service: 'api', image: 'x/api:1', containerName: 'app',
                                       credentialsId: 'aws-deploy'])
        assertEquals('env', p.credentials)
        assertFalse(p.containsKey('credentialsId'))
        assertEquals('deploy-secret-key', cli.calls[0].env.AWS_SECRET_ACCESS_KEY)
        assertFalse(p.toString().contains('deploy-secret-key'))
    }

    @Test
    void approvalAtReadyAsksJenkinsInputThenContinuesWithTheSameServiceAndRole() {
        env.AWS_REGION = 'eu-west-3'
        cli.answers['ecs-deploy'] = [ready(), [exitCode: 0, result: [ok: true, exitCode: 0, deploymentId: ID,
                rolloutState: 'COMPLETED', rolledBack: false]]]
        Map out = callStep('ecsDeploy', [cluster: 'shop', service: 'api', imageDefinitions: 'imagedefinitions.json',
                                          applicationName: 'shop-api', deploymentGroupName: 'shop-api-bg', approve: true,
                                          role: 'deployer', roleAccount: '210987654321'])
        assertEquals(1, inputs.size())
        assertTrue(inputs[0].message, inputs[0].message.contains("CodeDeploy ${ID}"))
        assertEquals(['ecs-deploy', 'ecs-deploy'], cli.calls*.command)
        assertEquals(true, cli.calls[0].params.approve)
        Map decision = cli.calls[1].params
        assertEquals(ID, decision.continueDeployment)
        assertEquals([cluster: 'shop', service: 'api', region: 'eu-west-3', wait: '15m', role: 'deployer',
                      roleAccount: '210987654321', continueDeployment: ID], decision)
        assertEquals('COMPLETED', out.rolloutState)
        assertEquals('SUCCESS', buildResult())
    }

    @Test
    void anAbortedInputStopsTheDeploymentWithRollbackAndFailsTheBuild() {
        abortInput = true
        cli.answers['ecs-deploy'] = [ready(), [exitCode: 1, result: [ok: false, exitCode: 1, deploymentId: ID,
                rolloutState: 'STOPPED', rolledBack: true, error: "CodeDeploy deployment ${ID} Stopped".toString()]]]
        try {
            callStep('ecsDeploy', [cluster: 'shop', service: 'api', region: 'eu-west-3', imageDefinitions: 'imagedefinitions.json',
                                   applicationName: 'shop-api', deploymentGroupName: 'shop-api-bg', approve: true])
            fail('the abort must fail the build')
        } catch (PipelineError e) {
            // the stop fails the step by design (exit 1: traffic stays on the original tasks)
            assertEquals("ecsDeploy: CodeDeploy deployment ${ID} Stopped".toString(), e.message)
        }
        assertEquals(['ecs-deploy', 'ecs-deploy'], cli.calls*.command)
        assertEquals(ID, cli.calls[1].params.stopDeployment)
        assertFalse(cli.calls[1].params.containsKey('continueDeployment'))
        assertTrue(echoed.toString(), echoed.any { it == "ecsDeploy: not approved; stopping ${ID} with rollback".toString() })
        assertEquals('FAILURE', buildResult())
    }

    @Test
    void aRollingDeployNeverAsks() {
        cli.answers['ecs-deploy'] = [exitCode: 0, result: [ok: true, exitCode: 0, controller: 'ECS', rolloutState: 'COMPLETED']]
        callStep('ecsDeploy', [cluster: 'shop', service: 'api', region: 'eu-west-3', image: 'x/api:1', containerName: 'app'])
        assertEquals([], inputs)
        assertEquals(1, cli.calls.size())
    }

    @Test
    void thePluginGetsWhatTheCliGets() {
        Map args = [cluster: 'shop', service: 'api', region: 'eu-west-3', image: 'x/api:1', containerName: 'app']
        assertEquals(paramsOf('ecsDeploy', args), pluginParamsOf('ecsDeploy', args))
    }
}
