// runBuildspec: run a CodeBuild buildspec.yml unchanged on the agent (one bash, CodeBuild's phase
// transitions, env, the aws ecr get-login shim), then archive its artifacts, record its JUnit
// reports (and coverage with the Coverage plugin). Arguments, defaults and examples: runBuildspec.txt.
def call(Map args = [:]) {
    Map defaults = [
        file           : 'buildspec.yml',          // The buildspec, relative to sourceDir.
        sourceDir      : null,                     // CODEBUILD_SRC_DIR, relative to the workspace.
        env            : null,                     // Project variables [KEY: 'value'] (what a CodeBuild project defines outside the file); they win over the file's env.variables.
        region         : env.AWS_REGION,           // AWS_REGION of the build, and of its SSM, Secrets Manager and ECR calls.
        credentials    : null,                     // Where the AWS calls find credentials: default (the SDK chain where they run: the agent through the CLI, the controller with the plugin), env (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or profile:NAME.
        credentialsId  : null,                     // Jenkins AWS credential id: binds AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for this step only.
        strict         : false,                    // Refuse a buildspec with keys this runner does not support (exit 2) instead of warning.
        image          : null,                     // Run the whole build in this container, workspace and Docker socket mounted.
        initiator      : null,                     // CODEBUILD_INITIATOR.
        artifactsDir   : 'runbuildspec-artifacts', // Where artifacts and reports are staged, in the workspace (emptied first).
        timeout        : '60m',                    // The whole build's limit, e.g. 90m.
        exportToEnv    : false,                    // Set env.X for each of the buildspec's exported variables.
        role           : null,                     // An IAM role to assume first (STS AssumeRole), as withAWS(role:): a name (in roleAccount, else the credentials' own account) or an ARN; the session credentials stay in memory.
        roleAccount    : null,                     // The 12-digit account of role when it is a name.
        externalId     : null,                     // The external id the role's trust policy asks for.
        duration       : null,                     // How long the role session lasts, 15m to 12h.
        roleSessionName: null,                     // The role session's name.
    ]
    Map config = deployStepsRun.merged(defaults, args)
    boolean exportToEnv = config.remove('exportToEnv') as boolean
    String staged = config.artifactsDir ?: 'runbuildspec-artifacts'
    Map result
    try {
        result = deployStepsRun.withAws('runBuildspec', config) { Map p ->
            deployStepsRun('runBuildspec', 'run-buildspec', p)
        }
    } finally {
        // CodeBuild uploads artifacts after a failed build too: publish what was staged either way.
        publish(staged)
    }
    if (exportToEnv) {
        (result.exported ?: [:]).each { String k, v -> env."${k}" = v as String }
    }
    return result
}

/** archiveArtifacts for the staged files; junit for JUNITXML reports; recordCoverage when installed. */
private void publish(String staged) {
    if (!fileExists(staged)) {
        return
    }
    archiveArtifacts(artifacts: "${staged}/**", excludes: "${staged}/reports/**", allowEmptyArchive: true)
    if (fileExists("${staged}/reports/JUNITXML")) {
        junit(testResults: "${staged}/reports/JUNITXML/**/*.xml", allowEmptyResults: true)
    }
    Map coverage = [JACOCOXML: 'JACOCO', COBERTURAXML: 'COBERTURA', CLOVERXML: 'CLOVER']
    coverage.each { String format, String parser ->
        if (fileExists("${staged}/reports/${format}")) {
            archiveArtifacts(artifacts: "${staged}/reports/${format}/**", allowEmptyArchive: true)
            try {
                recordCoverage(tools: [[parser: parser, pattern: "${staged}/reports/${format}/**/*.xml"]])
            } catch (NoSuchMethodError e) {
                echo "runBuildspec: ${format} coverage archived (the Coverage plugin is not installed)"
            }
        }
    }
}
