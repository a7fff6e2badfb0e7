// blueGreenDeploy: start the new version on the idle port, gate on health, switch nginx, drain and
// stop the old one (kept for rollback). Arguments, defaults and examples: blueGreenDeploy.txt.
def call(Map args = [:]) {
    String environment = params.ENVIRONMENT
    Map defaults = [
        name                 : null,                  // Mandatory: Service name, lower case ([a-z0-9][a-z0-9_.-]*); containers are NAME-PORT.
        image                : null,                  // Image reference to deploy (not needed with rollback).
        ports                : [3000, 4000],          // The two host ports the colours alternate on.
        network              : 'host',                // host (the app gets PORT=<port>), bridge (publishes 127.0.0.1:<port>:<containerPort>) or a user network's name like dev (joins it and publishes the same way).
        containerPort        : null,                  // With network bridge or a user network: the port the app listens on inside the container.
        upstream             : 'loopback',            // How nginx reaches a colour: loopback (127.0.0.1:PORT) or name (NAME-PORT:containerPort on the user network nginx runs on, as seed 003's nginx container does).
        env                  : null,                  // Environment of the container, e.g. [DB_CONN_LIMIT: '32']; values never reach argv.
        colourEnv            : null,                  // Environment for one colour only, over env: [blue: [SPRING_PROFILES_ACTIVE: 'real1'], green: [SPRING_PROFILES_ACTIVE: 'real2']].
        secretEnv            : null,                  // Container variables from Secret text credentials, [KEY: 'credentialsId'], bound with withCredentials: the value is in no Groovy variable, file or argument.
        envFile              : dotEnvOf(environment), // A docker env file (KEY=VALUE lines) on the Docker host, like .env.production.
        health               : null,                  // Health check: an HTTP path, docker (the image's HEALTHCHECK) or log:REGEX; a Jenkinsfile may give a map, e.g. [path: '/health', status: 200, body: 'ok'].
        healthTimeout        : '60s',                 // How long the new colour has to become healthy.
        proxy                : null,                  // Mandatory: the nginx include's path, or a map of one kind: [includeFile: ...], [upstreamFile: ..., upstream: ...] or [haproxy: [...]]; nginx ones may add testCommand and reloadCommand (argv lists, never a shell line).
        compose              : null,                  // Instead of containers blueGreenDeploy starts: the colours are two services of a Docker Compose file, [file: 'docker-compose.prod.yml', services: [blue: 'x-blue', green: 'x-green'], project: 'x'].
        verifyUrl            : null,                  // Public URL that must answer from the new colour, through nginx, after the switch.
        drain                : '2s',                  // Wait after the switch before stopping the old colour.
        stopTimeout          : '10s',                 // Grace period between SIGTERM and SIGKILL (docker stop).
        keepPrevious         : true,                  // Keep the old container, stopped, for a one-step rollback; running keeps it running as a hot standby.
        restart              : 'unless-stopped',      // Docker restart policy of the colours: no, always, unless-stopped or on-failure[:N].
        rollback             : false,                 // Switch back to the kept previous container: no pull, no build, no image needed.
        lockTimeout          : '10m',                 // How long to wait for another deploy of the same service.
        minHealthy           : '2s',                  // How long the new colour must have stayed healthy (watched) before the old one stops.
        force                : false,                 // Deploy even when the live colour runs this very image.
        to                   : null,                  // With rollback only: the image to go to; it must be the kept version.
        pull                 : null,                  // When to pull the image: always, missing or never.
        imageDefinitions     : null,                  // Instead of image: an imagedefinitions.json (as buildAndPushEcr writes it); the image is its imageUri.
        containerName        : null,                  // With imageDefinitions listing several containers: the entry whose image is deployed.
        registryUser         : null,                  // The user of the image registry's login for the pull (a private registry); the password or token is read from DEPLOY_STEPS_REGISTRY_PASSWORD.
        registryCredentialsId: null,                  // Jenkins username/password credential (the password may be a token) for the pull's registry login: binds registryUser and the password for this step only.
        region               : null,                  // AWS region of the image's ECR registry: the pull logs in with an ECR token (GetAuthorizationToken).
        credentials          : null,                  // Where the AWS calls find credentials: default (the SDK chain where they run: the agent through the CLI, the controller with the plugin), env (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or profile:NAME.
        credentialsId        : null,                  // Jenkins AWS credential id: binds AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for this step only.
        role                 : null,                  // An IAM role to assume first (STS AssumeRole), as withAWS(role:): a name (in roleAccount, else the credentials' own account) or an ARN; the session credentials stay in memory.
        roleAccount          : null,                  // The 12-digit account of role when it is a name.
        externalId           : null,                  // The external id the role's trust policy asks for.
        duration             : null,                  // How long the role session lasts, 15m to 12h.
        roleSessionName      : null,                  // The role session's name.
    ]
    // The pull's registry login (registryCredentialsId) and ECR's AWS keys (credentialsId) are bound for this step only.
    return deployStepsRun.withSecretEnv('blueGreenDeploy', deployStepsRun.merged(defaults, args)) { Map c ->
        deployStepsRun.withRegistryLogin('blueGreenDeploy', c) { Map l ->
            deployStepsRun.withAws('blueGreenDeploy', l) { Map p ->
                deployStepsRun('blueGreenDeploy', 'blue-green-deploy', p)
            }
        }
    }
}

/** The per-environment env file (seed 001: .env.development, .env.production) when the workspace has it. */
private String dotEnvOf(String environment) {
    if (!environment) {
        return null
    }
    String file = ".env.${environment}"
    return fileExists(file) ? file : null
}
