package io.deploysteps.pipeline

import groovy.json.JsonOutput

/**
 * Stands in for the CLI launcher (resources/io/deploysteps/deploy-steps.sh) behind `sh`: records the subcommand and the params file
 * the library wrote, and answers with a result file and exit code, as the real CLI's --result-file does.
 */
class FakeCli {
    /** What each call saw: subcommand, params (from the file), the env of the shell. */
    final List<Map> calls = []
    /** The answer: exit code and result map (written to --result-file unless null). */
    int exitCode = 0
    Map result = [ok: true, exitCode: 0]
    /** Answers for one subcommand (e.g. 'db-connection-audit'): [exitCode: N, result: [...]], or a List of them in turn. */
    Map<String, Object> answers = [:]

    Closure asShell() {
        return { Map args, File cwd, Map<String, String> env, StringBuilder console ->
            String script = args.script as String
            def command = script =~ '^umask 077 && chmod 600 \\.deploy-steps/[^ ]+/params\\.json && sh (\\.deploy-steps/[^ ]+)/deploy-steps\\.sh ([a-z-]+) '
            assert command.find(): "not a deploy-steps CLI call: ${script}"
            assert args.returnStatus: 'the library must read the exit code itself'
            assert new File(cwd, command.group(1) + '/deploy-steps.sh').text.startsWith('#!/bin/sh\n# Runs the deploy-steps CLI jar')
            calls << [command: command.group(2), params: PipelineTestBase.paramsFileOf(script, cwd), env: env, script: script]
            Object given = answers[command.group(2)]
            // a List answers its entries in turn, the last one again and again
            Map answer = given instanceof List ? (((List) given).size() > 1 ? ((List) given).remove(0) : ((List) given)[0])
                    : (given ?: [exitCode: exitCode, result: result])
            if (answer.result != null) {
                PipelineTestBase.resultFileOf(script, cwd).text = JsonOutput.toJson(answer.result)
            }
            return answer.exitCode
        }
    }
}
