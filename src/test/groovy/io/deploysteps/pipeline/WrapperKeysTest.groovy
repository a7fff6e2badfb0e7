package io.deploysteps.pipeline

import io.deploysteps.bluegreen.BlueGreenRequest
import io.deploysteps.dbaudit.AuditRequest
import io.deploysteps.ecr.BuildAndPushRequest
import io.deploysteps.prune.PruneRequest
import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertTrue

/**
 * Each wrapper's default map names exactly the engine request's keys (plus credentialsId, which the
 * wrapper binds itself), and its help file documents every one: the three stay in step.
 */
class WrapperKeysTest {
    static final Map<String, Collection<String>> ENGINE_KEYS = [
            buildAndPushEcr  : BuildAndPushRequest.KEYS,
            blueGreenDeploy  : BlueGreenRequest.KEYS,
            dbConnectionAudit: AuditRequest.KEYS,
            pruneDocker      : PruneRequest.KEYS,
            ecsDeploy        : io.deploysteps.ecs.EcsDeployRequest.KEYS,
    ]
    static final Map<String, List<String>> WRAPPER_ONLY = [
            buildAndPushEcr: ['credentialsId', 'registryCredentialsId'], dbConnectionAudit: ['credentialsId'], pruneDocker: ['credentialsId'],
            ecsDeploy: ['credentialsId'],
            blueGreenDeploy: ['secretEnv', 'registryCredentialsId', 'credentialsId'],
    ]

    /** The keys of the `Map defaults = [ ... ]` literal, one `key: value, // comment` a line. */
    static List<String> defaultKeys(String step) {
        String source = new File(PipelineTestBase.PROJECT, "vars/${step}.groovy").text
        String literal = source.substring(source.indexOf('Map defaults = ['), source.indexOf('\n    ]', source.indexOf('Map defaults = [')))
        return literal.readLines().drop(1).collect { (it =~ /^\s+(\w+)\s*:/)[0][1] }
    }

    @Test
    void everyDefaultMapNamesTheEngineKeys() {
        ENGINE_KEYS.each { step, keys ->
            assertEquals(step, (keys as Set) + (WRAPPER_ONLY[step] ?: []), defaultKeys(step) as Set)
        }
    }

    @Test
    void everyDefaultKeyHasItsOwnComment() {
        ENGINE_KEYS.keySet().each { step ->
            String source = new File(PipelineTestBase.PROJECT, "vars/${step}.groovy").text
            defaultKeys(step).each { key ->
                assertTrue("${step}.${key}", source.readLines().any { it =~ /^\s+${key}\s*:.*\/\/ \S/ })
            }
        }
    }

    @Test
    void everyKeyIsInTheHelpFile() {
        ENGINE_KEYS.keySet().each { step ->
            String help = new File(PipelineTestBase.PROJECT, "vars/${step}.txt").text
            defaultKeys(step).each { key ->
                assertTrue("vars/${step}.txt documents ${key}", help.contains("<code>${key}</code>"))
            }
        }
    }
}
