// buildAndPushEcr: docker build once, tag, push every tag to Amazon ECR (or a plain registry) with a
// throwaway login, write imagedefinitions.json. Arguments, defaults and examples: buildAndPushEcr.txt.
def call(Map args = [:]) {
    String revision = deployStepsRun.shortCommit()
    Map defaults = [
        repository           : null,                                   // Mandatory: the repository name, e.g. shop/api (ECR rules: lower case).
        registry             : null,                                   // host[:port] of a plain registry to push to instead of ECR: then no AWS call, no login.
        region               : env.AWS_REGION,                         // AWS region of the registry.
        accountId            : null,                                   // 12-digit account of the registry.
        tags                 : revision ? [revision, 'latest'] : null, // The tags to push, e.g. 1.4.0,latest.
        context              : '.',                                    // The docker build context directory.
        dockerfile           : null,                                   // The Dockerfile.
        buildArgs            : null,                                   // Build arguments, e.g. [APP_VERSION: '1.2.3']; values go through the environment, never argv.
        target               : null,                                   // The Dockerfile stage to build (multi-stage).
        platform             : null,                                   // Target platform, e.g. linux/amd64.
        labels               : environmentLabel(params.ENVIRONMENT),   // Image labels; the git revision and BUILD_URL are always added.
        cacheFrom            : false,                                  // true: pull the previous :latest and build --cache-from it (a miss is fine); or image references, as --cache-from takes them.
        pull                 : false,                                  // Always pull newer base images (docker build --pull).
        createRepository     : true,                                   // Create the ECR repository when missing.
        scanOnPush           : true,                                   // For a repository this step creates: scan images on push.
        imageTagMutability   : 'MUTABLE',                              // For a repository this step creates: MUTABLE or IMMUTABLE.
        encryption           : 'AES256',                               // For a repository this step creates: AES256, KMS, or a KMS key ARN or alias.
        imageDefinitions     : null,                                   // Write the ECS deploy action's [{"name","imageUri"}] file here (needs containerName).
        containerName        : null,                                   // The ECS container name for imageDefinitions.
        imageDetail          : null,                                   // Write {"ImageURI": "...@sha256:..."} for ECS blue/green (CodeDeploy) here.
        credentials          : null,                                   // Where the AWS calls find credentials: default (the SDK chain where they run: the agent through the CLI, the controller with the plugin), env (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or profile:NAME.
        credentialsId        : null,                                   // Jenkins AWS credential id: binds AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for this step only.
        repositoryUri        : null,                                   // Registry host and repository in one, as pipelines keep it in REPOSITORY_URI, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web: an ECR host gives the account and the region, any other host is a plain registry. Instead of repository.
        registryId           : null,                                   // The ECR API's name for accountId.
        registryUser         : null,                                   // The user of a plain registry's login (Docker Hub, GHCR, a private one); the password or token is read from DEPLOY_STEPS_REGISTRY_PASSWORD.
        registryCredentialsId: null,                                   // Jenkins username/password credential (the password may be a token) for a plain registry's login: binds registryUser and the password for this step only.
        noCache              : false,                                  // Build without the build cache (docker build --no-cache).
        push                 : true,                                   // Push; false builds and tags only and returns imageId (then pushOnly with the same tags).
        pushOnly             : false,                                  // Push what an earlier push: false call built under the same tags, without building.
        builder              : 'auto',                                 // auto (BuildKit where the agent's docker has it: buildx, or a CLI before 23.0), buildkit or legacy.
        cacheTo              : null,                                   // BuildKit's cache export: inline, or a registry reference (buildx only).
        scanGate             : null,                                   // Gate on ECR's scan of the pushed digest, e.g. [failOn: 'CRITICAL', unstableOn: 'HIGH', wait: '5m']: fail (exit 1) or mark UNSTABLE (exit 3) by threshold.
        role                 : null,                                   // An IAM role to assume first (STS AssumeRole), as withAWS(role:): a name (in roleAccount, else the credentials' own account) or an ARN; the session credentials stay in memory.
        roleAccount          : null,                                   // The 12-digit account of role when it is a name.
        externalId           : null,                                   // The external id the role's trust policy asks for.
        duration             : null,                                   // How long the role session lasts, 15m to 12h.
        roleSessionName      : null,                                   // The role session's name.
    ]
    Map config = deployStepsRun.merged(defaults, args)
    return deployStepsRun.withRegistryLogin('buildAndPushEcr', config) { Map c ->
        deployStepsRun.withAws('buildAndPushEcr', c) { Map p ->
            deployStepsRun('buildAndPushEcr', 'build-and-push-ecr', p)
        }
    }
}

private Map environmentLabel(String environment) {
    return environment ? ['io.deploysteps.environment': environment] : null
}
