package io.deploysteps.pipeline

import org.junit.After
import org.junit.Before

import static org.junit.Assert.assertEquals
import static org.junit.Assert.fail

/** A wrapper under test with the fake CLI behind `sh` and no plugin, unless a test installs it. */
abstract class WrapperTestBase extends PipelineTestBase {
    FakeCli cli = new FakeCli()

    @Before
    @Override
    void setUp() throws Exception {
        super.setUp()
        env.DEPLOY_STEPS_JAR = '/opt/deploy-steps.jar'
        env.BUILD_NUMBER = '7'
        shell = cli.asShell()
    }

    @After
    void cleanWorkspace() {
        tearDownWorkspace()
    }

    /** The params the CLI got for one call of {@code step}. */
    Map paramsOf(String step, Map args) {
        callStep(step, args)
        assertEquals(1, cli.calls.size())
        return cli.calls[0].params
    }

    /** The map the plugin's step got for the same call. */
    Map pluginParamsOf(String step, Map args) {
        Map seen = null
        pluginSteps[step] = { Map p -> seen = new LinkedHashMap(p); [ok: true, exitCode: 0, via: 'plugin'] }
        Map out = callStep(step, args)
        assertEquals('plugin', out.via)
        return seen
    }

    /** The wrapper refuses {@code args} before running anything, with {@code message}. */
    void assertRefused(String step, Map args, String message) {
        try {
            callStep(step, args)
            fail('expected the build to fail')
        } catch (PipelineError e) {
            assertEquals(message, e.message)
        }
        assertEquals([], cli.calls)
        assertEquals('FAILURE', buildResult())
    }
}
