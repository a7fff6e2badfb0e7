// buildAndPushEcr: docker build once, tag, push every tag to Amazon ECR (or a plain registry) with a
// throwaway login, write imagedefinitions.json. Arguments, defaults and examples: buildAndPushEcr.txt.
def call(Map args = [:]) {
    String revision = deployStepsRun.shortCommit()
    Map defaults = [
        repository        : null,                                  // ECR repository name, e.g. 'shop/api' (mandatory)
        registry          : null,                                  // host[:port] of a plain registry instead of ECR
        region            : env.AWS_REGION,                        // AWS region of the registry
        accountId         : null,                                  // 12-digit account; default: the caller's (STS)
        tags              : revision ? [revision, 'latest'] : null, // short GIT_COMMIT and latest
        context           : '.',                                   // docker build context
        dockerfile        : null,                                  // Dockerfile path; default <context>/Dockerfile
        buildArgs         : null,                                  // [NAME: 'value'] build arguments
        target            : null,                                  // multi-stage target
        platform          : null,                                  // e.g. 'linux/amd64'
        labels            : environmentLabel(params.ENVIRONMENT),   // image labels; the revision and BUILD_URL are always added
        cacheFrom         : false,                                 // pull :latest first and build --cache-from it
        pull              : false,                                 // docker build --pull
        createRepository  : true,                                  // create the ECR repository when missing
        scanOnPush        : true,                                  // for a repository this step creates
        imageTagMutability: 'MUTABLE',                             // for a repository this step creates
        encryption        : 'AES256',                              // AES256, KMS or a KMS key, for a new repository
        imageDefinitions  : null,                                  // write imagedefinitions.json here (needs containerName)
        containerName     : null,                                  // the ECS container name for imageDefinitions
        imageDetail       : null,                                  // write imageDetail.json (CodeDeploy ECS) here
        credentials       : null,                                  // default (agent role), env or profile:NAME
        credentialsId     : null,                                  // Jenkins AWS credential id (binds AWS_ACCESS_KEY_ID/SECRET)
    ]
    Map config = deployStepsRun.merged(defaults, args)
    return deployStepsRun.withAws('buildAndPushEcr', config) { Map p ->
        deployStepsRun('buildAndPushEcr', 'build-and-push-ecr', p)
    }
}

private Map environmentLabel(String environment) {
    return environment ? ['io.deploysteps.environment': environment] : null
}
