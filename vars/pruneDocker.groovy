// pruneDocker: clean a Docker host (and optionally an ECR repository) without touching what is live
// or kept for rollback. Arguments, defaults and examples: pruneDocker.txt.
def call(Map args = [:]) {
    Map defaults = [
        until                  : null,            // only what is older than this ('72h'); default: any age
        keepPerRepository      : 0,               // keep the newest N images of each repository
        containers             : true,            // remove stopped containers (never deploy-steps' kept ones)
        images                 : 'dangling',      // dangling, unused or none
        buildCache             : false,           // prune the build cache
        keepStorage            : null,            // build cache to keep, e.g. '5GB' (with buildCache)
        volumes                : false,           // remove unused anonymous volumes (not with until)
        networks               : false,           // remove unused networks
        labels                 : null,            // only objects with these labels: ['team=shop', '!keep']
        diskThreshold          : null,            // only prune when the Docker disk is fuller than this percentage
        diskTarget             : null,            // stop once usage is below this percentage (with diskThreshold)
        dryRun                 : false,           // report what would go, remove nothing
        ecrRepository          : null,            // also prune this ECR repository
        ecrKeepTagged          : null,            // keep the newest N tagged ECR images
        ecrUntaggedOlderThan   : null,            // remove untagged ECR images older than this ('168h')
        ecrApplyLifecyclePolicy: false,           // install the same rules as an ECR lifecycle policy instead
        region                 : env.AWS_REGION,  // AWS region of ecrRepository
        credentials            : null,            // default (agent role), env or profile:NAME
        credentialsId          : null,            // Jenkins AWS credential id (binds AWS_ACCESS_KEY_ID/SECRET)
    ]
    Map config = deployStepsRun.merged(defaults, args)
    return deployStepsRun.withAws('pruneDocker', config) { Map p ->
        deployStepsRun('pruneDocker', 'prune-docker', p)
    }
}
