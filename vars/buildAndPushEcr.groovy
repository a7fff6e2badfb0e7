// buildAndPushEcr: docker build once, tag, push every tag to Amazon ECR (or a plain registry) with a
// throwaway login, write imagedefinitions.json. Arguments, defaults and examples: buildAndPushEcr.txt.
def call(Map args = [:]) {
    String revision = deployStepsRun.shortCommit()
    Map defaults = [
        repository        : null,                                   // Mandatory: the repository name, e.g. shop/api (ECR rules: lower case).
        registry          : null,                                   // host[:port] of a plain registry to push to instead of ECR: then no AWS call, no login.
        region            : env.AWS_REGION,                         // AWS region of the registry.
        accountId         : null,                                   // 12-digit account of the registry.
        tags              : revision ? [revision, 'latest'] : null, // The tags to push, e.g. 1.4.0,latest.
        context           : '.',                                    // The docker build context directory.
        dockerfile        : null,                                   // The Dockerfile.
        buildArgs         : null,                                   // Build arguments, e.g. [APP_VERSION: '1.2.3']; values go through the environment, never argv.
        target            : null,                                   // The Dockerfile stage to build (multi-stage).
        platform          : null,                                   // Target platform, e.g. linux/amd64.
        labels            : environmentLabel(params.ENVIRONMENT),   // Image labels; the git revision and BUILD_URL are always added.
        cacheFrom         : false,                                  // Pull the previous :latest and build --cache-from it (a miss is fine).
        pull              : false,                                  // Always pull newer base images (docker build --pull).
        createRepository  : true,                                   // Create the ECR repository when missing.
        scanOnPush        : true,                                   // For a repository this step creates: scan images on push.
        imageTagMutability: 'MUTABLE',                              // For a repository this step creates: MUTABLE or IMMUTABLE.
        encryption        : 'AES256',                               // For a repository this step creates: AES256, KMS, or a KMS key ARN or alias.
        imageDefinitions  : null,                                   // Write the ECS deploy action's [{"name","imageUri"}] file here (needs containerName).
        containerName     : null,                                   // The ECS container name for imageDefinitions.
        imageDetail       : null,                                   // Write {"ImageURI": "...@sha256:..."} for ECS blue/green (CodeDeploy) here.
        credentials       : null,                                   // Where the AWS calls find credentials: default (the SDK chain where they run: the agent through the CLI, the controller with the plugin), env (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or profile:NAME.
        credentialsId     : null,                                   // Jenkins AWS credential id: binds AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for this step only.
    ]
    Map config = deployStepsRun.merged(defaults, args)
    return deployStepsRun.withAws('buildAndPushEcr', config) { Map p ->
        deployStepsRun('buildAndPushEcr', 'build-and-push-ecr', p)
    }
}

private Map environmentLabel(String environment) {
    return environment ? ['io.deploysteps.environment': environment] : null
}
