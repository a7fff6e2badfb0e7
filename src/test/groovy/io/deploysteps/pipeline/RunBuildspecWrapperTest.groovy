package io.deploysteps.pipeline

import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse
import static org.junit.Assert.assertTrue
import static org.junit.Assert.fail

class RunBuildspecWrapperTest extends WrapperTestBase {
    List junitCalls = []

    private void stage(String path) {
        File f = new File(cwd(), "runbuildspec-artifacts/${path}")
        f.parentFile.mkdirs()
        f.text = 'x'
    }

    private void recordJunit() {
        helper.registerAllowedMethod('junit', [Map], { Map m -> junitCalls << m })
    }

    @Test
    void aFailedBuildStillArchivesItsArtifactsAndReportsThenFailsTheBuild() {
        recordJunit()
        stage('app.jar')
        stage('reports/JUNITXML/unit/TEST-a.xml')
        cli.exitCode = 1
        cli.result = [ok: false, exitCode: 1, status: 'FAILED', error: 'build FAILED in 2 ms']
        try {
            callStep('runBuildspec', [file: 'buildspec.yml'])
            fail('a failed build must fail the step')
        } catch (PipelineError e) {
            assertTrue(e.message, e.message.contains('build FAILED'))
        }
        assertEquals('run-buildspec', cli.calls[0].command)
        assertTrue(archived.toString(), archived.any { it.artifacts == 'runbuildspec-artifacts/**' })
        assertEquals('runbuildspec-artifacts/reports/JUNITXML/**/*.xml', junitCalls[0].testResults as String)
    }

    @Test
    void exportToEnvSetsTheExportedVariablesAndIsNoKeyOfTheEngine() {
        recordJunit()
        cli.result = [ok: true, exitCode: 0, status: 'SUCCEEDED', exported: [IMAGE_URI: 'r/shop:abc1234']]
        Map p = paramsOf('runBuildspec', [exportToEnv: true, env: [AWS_ACCOUNT_ID: '123456789012']])
        assertFalse(p.containsKey('exportToEnv'))
        assertEquals('r/shop:abc1234', env.IMAGE_URI)
        assertEquals([], junitCalls)
    }
}
