package io.deploysteps.pipeline

import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse
import static org.junit.Assert.assertTrue
import static org.junit.Assert.fail

/** The dispatch all four wrappers share: plugin step or CLI, exit codes to build results, clean-up. */
class DeployStepsRunTest extends WrapperTestBase {

    @Test
    void withoutThePluginRunsTheCliWithAParamsFileAndReturnsItsResult() {
        cli.result = [ok: true, exitCode: 0, swept: 3]
        Map out = callStep('pruneDocker', [until: '72h', images: 'unused'])
        assertEquals([ok: true, exitCode: 0, swept: 3], out)
        assertEquals('prune-docker', cli.calls[0].command)
        assertEquals('72h', cli.calls[0].params.until)
        assertEquals('unused', cli.calls[0].params.images)
        assertEquals('SUCCESS', buildResult())
    }

    @Test
    void theShellLineHoldsOnlyFixedWordsAndLibraryPaths() {
        callStep('pruneDocker', [labels: ['team=$(rm -rf /)'], until: '1h; reboot'])
        String script = cli.calls[0].script
        assertTrue(script, script ==~ 'umask 077 && chmod 600 \\.deploy-steps/pruneDocker-7-[0-9a-f]{8}/params\\.json'
                + ' && sh \\.deploy-steps/pruneDocker-7-[0-9a-f]{8}/deploy-steps\\.sh prune-docker --params-file \\.deploy-steps/pruneDocker-7-[0-9a-f]{8}/params\\.json'
                + ' --result-file \\.deploy-steps/pruneDocker-7-[0-9a-f]{8}/result\\.json')
        assertEquals(['team=$(rm -rf /)'], cli.calls[0].params.labels)
    }

    @Test
    void deletesTheParamsAndResultFilesAfterwards() {
        callStep('pruneDocker', [:])
        assertEquals([], new File(workspace, '.deploy-steps').list() as List)
    }

    @Test
    void deletesTheFilesWhenTheStepFailsToo() {
        cli.exitCode = 1
        cli.result = [ok: false, exitCode: 1, error: 'docker daemon not reachable at unix:///x.sock']
        try {
            callStep('pruneDocker', [:])
            fail('expected the build to fail')
        } catch (PipelineError e) {
            assertEquals('pruneDocker: docker daemon not reachable at unix:///x.sock', e.message)
        }
        assertEquals([], new File(workspace, '.deploy-steps').list() as List)
        assertEquals('FAILURE', buildResult())
    }

    @Test
    void badParametersFailTheBuildWithTheEngineMessage() {
        cli.exitCode = 2
        cli.result = [ok: false, exitCode: 2, error: "invalid parameter 'images': 'some' is not one of dangling, unused, none"]
        try {
            callStep('pruneDocker', [images: 'some'])
            fail('expected the build to fail')
        } catch (PipelineError e) {
            assertEquals("pruneDocker: invalid parameter 'images': 'some' is not one of dangling, unused, none", e.message)
        }
    }

    @Test
    void warningsMarkTheBuildUnstableAndStillReturnTheResult() {
        cli.exitCode = 3
        cli.result = [ok: true, exitCode: 3, failed: [[id: 'abc', error: 'in use']]]
        Map out = callStep('pruneDocker', [:])
        assertEquals(3, out.exitCode)
        assertEquals('UNSTABLE', buildResult())
        assertEquals(['pruneDocker finished with warnings; the build is UNSTABLE'], unstableMessages)
    }

    @Test
    void aCliThatWritesNoResultFailsWithItsExitCode() {
        cli.exitCode = 137
        cli.result = null
        try {
            callStep('pruneDocker', [:])
            fail('expected the build to fail')
        } catch (PipelineError e) {
            assertEquals('pruneDocker: the deploy-steps CLI exited with code 137 and wrote no result (see the log above)', e.message)
        }
    }

    @Test
    void withoutPluginOrJarTheBuildFailsSayingSo() {
        env.remove('DEPLOY_STEPS_JAR')
        try {
            callStep('pruneDocker', [:])
            fail('expected the build to fail')
        } catch (PipelineError e) {
            assertTrue(e.message, e.message.contains('env.DEPLOY_STEPS_JAR'))
        }
        assertEquals([], cli.calls)
    }

    @Test
    void withThePluginCallsItsStepWithTheSameMapAndNoShell() {
        Map seen = null
        pluginSteps.pruneDocker = { Map p -> seen = p; [ok: true, exitCode: 0, fromPlugin: true] }
        Map out = callStep('pruneDocker', [until: '72h'])
        assertEquals([ok: true, exitCode: 0, fromPlugin: true], out)
        assertEquals('72h', seen.until)
        assertEquals([], cli.calls)
    }

    @Test
    void bothPathsGiveTheStepTheSameArguments() {
        callStep('pruneDocker', [until: '72h', keepPerRepository: 2])
        Map viaCli = cli.calls[0].params
        Map viaPlugin = null
        pluginSteps.pruneDocker = { Map p -> viaPlugin = p; [ok: true, exitCode: 0] }
        callStep('pruneDocker', [until: '72h', keepPerRepository: 2])
        assertEquals(viaCli, viaPlugin)
    }

    @Test
    void anUnrelatedNoSuchMethodErrorFromThePluginIsNotSwallowed() {
        pluginSteps.pruneDocker = { Map p -> throw new NoSuchMethodError("No such DSL method 'docker' found among steps []") }
        try {
            callStep('pruneDocker', [:])
            fail('expected the error to escape')
        } catch (NoSuchMethodError e) {
            assertTrue(e.message.contains("'docker'"))
        }
        assertEquals([], cli.calls)
    }

    @Test
    void nullArgumentsLeaveTheEngineDefault() {
        callStep('pruneDocker', [until: null])
        assertFalse(cli.calls[0].params.containsKey('until'))
    }
}
