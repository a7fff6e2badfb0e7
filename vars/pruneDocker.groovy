// pruneDocker: clean a Docker host (and optionally an ECR repository) without touching what is live
// or kept for rollback. Arguments, defaults and examples: pruneDocker.txt.
def call(Map args = [:]) {
    Map defaults = [
        until                  : null,           // Only what is older than this, e.g. 72h.
        keepPerRepository      : 0,              // Keep the newest N images of each repository.
        containers             : true,           // Remove stopped containers (never the ones kept for rollback).
        images                 : 'dangling',     // Which images go: dangling, unused or none.
        buildCache             : false,          // Prune the build cache.
        keepStorage            : null,           // Build cache to keep, e.g. 5GB (with buildCache).
        volumes                : false,          // Remove unused anonymous volumes, never named ones (not with until).
        networks               : false,          // Remove unused networks.
        labels                 : null,           // Only objects with these labels (key or key=value), never those with !key or !key=value, e.g. team=shop,!keep.
        diskThreshold          : null,           // Only prune when Docker's filesystem is fuller than this percentage, e.g. 80.
        diskTarget             : null,           // Then remove old unused images until the use is below this percentage (with diskThreshold).
        dryRun                 : false,          // List what would be removed; remove nothing.
        ecrRepository          : null,           // Also prune this ECR repository (with ecrKeepTagged and/or ecrUntaggedOlderThan).
        ecrKeepTagged          : null,           // Keep the newest N tagged ECR images.
        ecrUntaggedOlderThan   : null,           // Remove untagged ECR images pushed before this, e.g. 168h.
        ecrApplyLifecyclePolicy: false,          // Install the same ECR rules as a lifecycle policy instead of deleting now.
        region                 : env.AWS_REGION, // AWS region of ecrRepository.
        credentials            : null,           // Where the AWS calls find credentials: default (the SDK chain where they run: the agent through the CLI, the controller with the plugin), env (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or profile:NAME.
        credentialsId          : null,           // Jenkins AWS credential id: binds AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for this step only.
        role                   : null,           // An IAM role to assume first (STS AssumeRole), as withAWS(role:): a name (in roleAccount, else the credentials' own account) or an ARN; the session credentials stay in memory.
        roleAccount            : null,           // The 12-digit account of role when it is a name.
        externalId             : null,           // The external id the role's trust policy asks for.
        duration               : null,           // How long the role session lasts, 15m to 12h.
        roleSessionName        : null,           // The role session's name.
    ]
    Map config = deployStepsRun.merged(defaults, args)
    return deployStepsRun.withAws('pruneDocker', config) { Map p ->
        deployStepsRun('pruneDocker', 'prune-docker', p)
    }
}
