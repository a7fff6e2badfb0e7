package io.deploysteps.pipeline

import groovy.json.JsonSlurper
import org.junit.Before
import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse
import static org.junit.Assert.assertTrue
import static org.junit.Assert.fail

/** Which steps Jenkinsfile.example and examples/Jenkinsfile.cleanup run for each build parameter, with the CLI faked. */
class JenkinsfileExampleTest extends WrapperTestBase {

    @Before
    void siteSettings() {
        env.putAll(DEPLOY_SERVICE: 'shop-api', DEPLOY_REGISTRY: '127.0.0.1:5000', DEPLOY_DB_URL: 'jdbc:mariadb://127.0.0.1:13306/shop',
                DEPLOY_DB_CREDENTIALS: 'shop-db', DEPLOY_NGINX_INCLUDE: '/srv/nginx/service-url.inc', GIT_COMMIT: 'abcdef0123456789')
        credentialStore['shop-db'] = [username: 'audit', password: 'pw']
        cli.answers['build-and-push-ecr'] = [exitCode: 0, result: [ok: true, exitCode: 0, imageUri: '127.0.0.1:5000/shop/shop-api:v7',
                imageUriByDigest: '127.0.0.1:5000/shop/shop-api@sha256:1', digest: 'sha256:1', tags: ['v7', 'latest']]]
        cli.answers['db-connection-audit'] = [exitCode: 0, result: [ok: true, exitCode: 0, status: 'ok', budget: [spare: 20], reports: [:]]]
        cli.answers['blue-green-deploy'] = [exitCode: 0, result: [ok: true, exitCode: 0, image: '127.0.0.1:5000/shop/shop-api:v7', livePort: 4000]]
    }

    List<String> commands() {
        return cli.calls*.command
    }

    @Test
    void aDeployBuildsAuditsWithTheAppDoubledAndDeploysThePushedImage() {
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', IMAGE_TAG: 'v7', ACTION: 'deploy'])
        assertEquals(['build-and-push-ecr', 'db-connection-audit', 'blue-green-deploy'], commands())
        Map push = cli.calls[0].params
        assertEquals(['v7', 'latest'], push.tags)
        assertEquals('shop/shop-api', push.repository)
        assertEquals('127.0.0.1:5000', push.registry)
        Map audit = cli.calls[1].params
        assertEquals('api', audit.deploying)
        assertEquals([api: '10', admin: '10', batch: '10'], audit.apps)
        assertEquals('audit', audit.user)
        Map deploy = cli.calls[2].params
        assertEquals('127.0.0.1:5000/shop/shop-api:v7', deploy.image)
        assertEquals([includeFile: '/srv/nginx/service-url.inc'], deploy.proxy)
        assertEquals('SUCCESS', buildResult())
    }

    @Test
    void deployBuildspecRunsTheBuildspecWithTheProjectsVariablesAndDeploysItsImage() {
        cli.answers['run-buildspec'] = [exitCode: 0, result: [ok: true, exitCode: 0, status: 'SUCCEEDED',
                exported: [IMAGE_URI: '127.0.0.1:5000/shop/shop-api:abcdef0'], artifacts: [dir: 'runbuildspec-artifacts', files: []]]]
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'deploy-buildspec'])
        assertEquals(['run-buildspec', 'blue-green-deploy'], commands())
        Map build = cli.calls[0]
        assertEquals('buildspec.yml', build.params.file)
        // The project's variables reach the engine by name (no value in the params file); REGISTRY
        // (DEPLOY_REGISTRY) keeps examples/buildspec.yml on the plain registry, away from ECR.
        assertEquals('127.0.0.1:5000', build.env.DEPLOY_STEPS_ENV_REGISTRY)
        assertEquals('shop/shop-api', build.env.DEPLOY_STEPS_ENV_IMAGE_REPO_NAME)
        assertEquals('shop-api', build.env.DEPLOY_STEPS_ENV_CONTAINER_NAME)
        assertEquals('127.0.0.1:5000/shop/shop-api:abcdef0', cli.calls[1].params.image)
        assertEquals('SUCCESS', buildResult())
    }

    @Test
    void prdAuditsTheProductionPools() {
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'prd', ACTION: 'deploy'])
        assertEquals([api: '32x2', admin: '32', batch: '32'], cli.calls[1].params.apps)
        assertEquals(['abcdef0', 'latest'], cli.calls[0].params.tags)
    }

    @Test
    void theReportIsWrittenAndArchived() {
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', IMAGE_TAG: 'v7', ACTION: 'deploy'])
        Map report = new JsonSlurper().parse(new File(workspace, 'deploy-report.json'))
        assertEquals('127.0.0.1:5000/shop/shop-api:v7', report.image)
        assertEquals(4000, report.deploy.livePort)
        assertEquals('ok', report.audit.status)
        assertTrue(archived[0].artifacts.contains('db-connection-audit/**'))
    }

    @Test
    void theAuditReportIsPublishedWithHtmlPublisher() {
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', IMAGE_TAG: 'v7', ACTION: 'deploy'])
        assertEquals(1, published.size())
        assertEquals('db-connection-audit', published[0].target.reportDir)
        assertEquals('db-connection-audit.html', published[0].target.reportFiles)
    }

    @Test
    void withoutHtmlPublisherTheArchivedReportIsTheReport() {
        helper.registerAllowedMethod('publishHTML', [Map], { Map m ->
            throw new NoSuchMethodError("No such DSL method 'publishHTML' found among steps")
        })
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', IMAGE_TAG: 'v7', ACTION: 'deploy'])
        assertEquals('SUCCESS', buildResult())
        assertTrue(archived[0].artifacts.contains('db-connection-audit/**'))
        assertTrue(echoed.any { it.startsWith('HTML Publisher plugin not installed') })
    }

    @Test
    void aRollbackPublishesNoAuditReport() {
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'rollback'])
        assertEquals([], published)
    }

    @Test
    void skipDbAuditDeploysWithoutTheAudit() {
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'deploy', SKIP_DB_AUDIT: true])
        assertEquals(['build-and-push-ecr', 'blue-green-deploy'], commands())
    }

    @Test
    void aRollbackOnlySwitchesBack() {
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'rollback'])
        assertEquals(['blue-green-deploy'], commands())
        assertEquals(true, cli.calls[0].params.rollback)
        assertFalse(cli.calls[0].params.containsKey('image'))
    }

    @Test
    void auditOnlyTouchesNothingElse() {
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'audit-only'])
        assertEquals(['db-connection-audit'], commands())
    }

    @Test
    void aBudgetThatDoesNotFitStopsTheDeployBeforeTheSwitch() {
        cli.answers['db-connection-audit'] = [exitCode: 1, result: [ok: false, exitCode: 1,
                error: 'the pools need 60 connections, 54 are available']]
        try {
            runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'deploy'])
            fail('expected the build to fail')
        } catch (PipelineError e) {
            assertEquals('dbConnectionAudit: the pools need 60 connections, 54 are available', e.message)
        }
        assertEquals(['build-and-push-ecr', 'db-connection-audit'], commands())
        assertEquals('FAILURE', buildResult())
        assertEquals('FAILURE', new JsonSlurper().parse(new File(workspace, 'deploy-report.json')).result)
    }

    @Test
    void auditWarningsLeaveTheBuildUnstableAndStillDeploy() {
        cli.answers['db-connection-audit'] = [exitCode: 3, result: [ok: true, exitCode: 3, status: 'warning', budget: [spare: 2]]]
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'deploy'])
        assertEquals(['build-and-push-ecr', 'db-connection-audit', 'blue-green-deploy'], commands())
        assertEquals('UNSTABLE', buildResult())
    }

    void ecsSite() {
        env.putAll(DEPLOY_ECS_CLUSTER: 'shop', AWS_REGION: 'eu-west-3')
        cli.answers['ecs-deploy'] = [exitCode: 0, result: [ok: true, exitCode: 0, controller: 'ECS', rolloutState: 'COMPLETED',
                taskDefinitionArn: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/shop-api:8',
                previousTaskDefinitionArn: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/shop-api:7']]
    }

    @Test
    void deployTargetEcsDeploysTheImageDefinitionsWithEcsDeployInsteadOfBlueGreen() {
        ecsSite()
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'prd', IMAGE_TAG: 'v7', ACTION: 'deploy', DEPLOY_TARGET: 'ecs'])
        assertEquals(['build-and-push-ecr', 'db-connection-audit', 'ecs-deploy'], commands())
        assertEquals('imagedefinitions.json', cli.calls[0].params.imageDefinitions)
        Map audit = cli.calls[1].params
        assertEquals('the api is audited at its ECS deploy\'s task count, not doubled', null, audit.deploying)
        assertEquals([admin: '32', batch: '32'], audit.apps)
        assertEquals([[name: 'api', cluster: 'shop', service: 'shop-api', pool: 32]], audit.ecs)
        Map deploy = cli.calls[2].params
        assertEquals([cluster: 'shop', service: 'shop-api', region: 'eu-west-3', imageDefinitions: 'imagedefinitions.json',
                      wait: '15m', forceNewDeployment: false, rollbackOnFailure: true, approve: false], deploy)
        assertEquals('SUCCESS', buildResult())
        Map report = new JsonSlurper().parse(new File(workspace, 'deploy-report.json'))
        assertEquals('ecs', report.target)
        assertEquals('COMPLETED', report.deploy.rolloutState)
    }

    @Test
    void deployTargetEcsWithCodeDeployWaitsForApprovalThenContinues() {
        ecsSite()
        env.putAll(DEPLOY_CODEDEPLOY_APP: 'shop-api', DEPLOY_CODEDEPLOY_GROUP: 'shop-api-bg')
        List<Map> asked = []
        helper.registerAllowedMethod('input', [Map], { Map m -> asked << m; null })
        cli.answers['ecs-deploy'] = [
                [exitCode: 0, result: [ok: true, exitCode: 0, controller: 'CODE_DEPLOY', deploymentId: 'd-H15JFILE1', rolloutState: 'READY']],
                [exitCode: 0, result: [ok: true, exitCode: 0, controller: 'CODE_DEPLOY', deploymentId: 'd-H15JFILE1', rolloutState: 'COMPLETED']]]
        runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'deploy', DEPLOY_TARGET: 'ecs', SKIP_DB_AUDIT: true])
        assertEquals(['build-and-push-ecr', 'ecs-deploy', 'ecs-deploy'], commands())
        assertEquals(true, cli.calls[1].params.approve)
        assertEquals('shop-api-bg', cli.calls[1].params.deploymentGroupName)
        assertEquals(1, asked.size())
        assertEquals('d-H15JFILE1', cli.calls[2].params.continueDeployment)
        assertEquals('SUCCESS', buildResult())
    }

    @Test
    void deployTargetEcsNeverTouchesTheDockerHostAndRefusesItsRollback() {
        ecsSite()
        try {
            runJenkinsfile('Jenkinsfile.example', [ENVIRONMENT: 'dev', ACTION: 'rollback', DEPLOY_TARGET: 'ecs'])
            fail('expected the build to fail')
        } catch (PipelineError e) {
            assertTrue(e.message, e.message.startsWith('ACTION rollback switches the Docker host'))
        }
        assertEquals([], commands())
    }

    @Test
    void theCleanupJobPrunesUnusedImagesOlderThanItsParameter() {
        cli.answers['prune-docker'] = [exitCode: 0, result: [ok: true, exitCode: 0, dryRun: false, removedCounts: [images: 2], reclaimedBytes: 10]]
        runJenkinsfile('examples/Jenkinsfile.cleanup', [:])
        assertEquals(['prune-docker'], commands())
        Map p = cli.calls[0].params
        assertEquals('72h', p.until)
        assertEquals('unused', p.images)
        assertEquals(2, p.keepPerRepository)
        assertFalse(p.containsKey('labels'))
        assertEquals('SUCCESS', buildResult())
    }
}
