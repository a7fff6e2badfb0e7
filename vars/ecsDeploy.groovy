// ecsDeploy: a new task definition revision with new images (everything else kept), rolled out to an ECS
// service and followed; a failed rollout is followed back to the previous revision and fails the build.
// With approve on a CodeDeploy service, Jenkins' input step is the approval. Arguments: ecsDeploy.txt.
def call(Map args = [:]) {
    Map defaults = [
        cluster            : null,           // ECS cluster name or ARN (not needed with continueDeployment or stopDeployment).
        service            : null,           // ECS service name or ARN (not needed with continueDeployment or stopDeployment).
        region             : env.AWS_REGION, // AWS region of the cluster.
        imageDefinitions   : null,           // The imagedefinitions.json buildAndPushEcr writes ([{"name", "imageUri"}]): the containers whose images change.
        containerName      : null,           // The container whose image changes (with image; or pick one of imageDefinitions).
        image              : null,           // The new image of containerName, e.g. 123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/api:1a2b3c4.
        wait               : '15m',          // How long to follow the rollout (and then the rollback); no hidden cap.
        forceNewDeployment : false,          // Start new tasks even when nothing else changed.
        desiredCount       : null,           // Set the service's desired count with the update.
        rollbackOnFailure  : true,           // When the rollout fails or does not settle and the circuit breaker does not roll back, update back to the previous revision and follow that.
        applicationName    : null,           // CodeDeploy application (services whose deployment controller is CODE_DEPLOY).
        deploymentGroupName: null,           // CodeDeploy deployment group (CODE_DEPLOY services).
        approve            : false,          // CodeDeploy: stop once the replacement tasks take test traffic (Ready) for a person to decide.
        continueDeployment : null,           // CodeDeploy: approve this deployment waiting at Ready and follow it to its end.
        stopDeployment     : null,           // CodeDeploy: stop this deployment with rollback and follow it (the step fails).
        credentials        : null,           // Where the AWS calls find credentials: default (the SDK chain where they run: the agent through the CLI, the controller with the plugin), env (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or profile:NAME.
        credentialsId      : null,           // Jenkins AWS credential id: binds AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for this step only.
        role               : null,           // An IAM role to assume first (STS AssumeRole), as withAWS(role:): a name (in roleAccount, else the credentials' own account) or an ARN; the session credentials stay in memory.
        roleAccount        : null,           // The 12-digit account of role when it is a name.
        externalId         : null,           // The external id the role's trust policy asks for.
        duration           : null,           // How long the role session lasts, 15m to 12h.
        roleSessionName    : null,           // The role session's name.
    ]
    Map config = deployStepsRun.merged(defaults, args)
    Map result = deploy(config)
    if (result?.rolloutState != 'READY') {
        return result
    }
    // CodeDeploy routes test traffic to the replacement tasks and waits: a person decides here.
    String id = result.deploymentId
    Map decision = config.subMap(['cluster', 'service', 'region', 'wait', 'credentials', 'credentialsId', 'role',
        'roleAccount', 'externalId', 'duration', 'roleSessionName'])
    try {
        input(message: "ecsDeploy: the replacement tasks of ${config.service} take test traffic (CodeDeploy ${id}). Shift production traffic?",
            ok: 'Shift traffic')
    } catch (InterruptedException e) { // an abort of the input is a FlowInterruptedException, an InterruptedException
        echo "ecsDeploy: not approved; stopping ${id} with rollback"
        deploy(decision + [stopDeployment: id])
        throw e
    }
    return deploy(decision + [continueDeployment: id])
}

private Map deploy(Map config) {
    return deployStepsRun.withAws('ecsDeploy', new LinkedHashMap(config)) { Map p ->
        deployStepsRun('ecsDeploy', 'ecs-deploy', p)
    }
}
