// blueGreenDeploy: start the new version on the idle port, gate on health, switch nginx, drain and
// stop the old one (kept for rollback). Arguments, defaults and examples: blueGreenDeploy.txt.
def call(Map args = [:]) {
    String environment = params.ENVIRONMENT
    Map defaults = [
        name         : null,                     // service name; containers are NAME-PORT (mandatory)
        image        : null,                     // image to run (mandatory unless rollback: true)
        ports        : [3000, 4000],             // the two ports the colours alternate on
        network      : 'host',                   // 'host' (app gets PORT=<port>) or 'bridge' (needs containerPort)
        containerPort: null,                     // the port inside the container, with network 'bridge' only
        env          : null,                     // extra container environment [KEY: 'value']
        secretEnv    : null,                     // [KEY: 'credentialsId']: Secret text credentials as container variables, by name only
        envFile      : dotEnvOf(environment),    // .env.<ENVIRONMENT> when that file exists in the workspace
        health       : null,                     // [path: '/health', status: 200, body: 'ok'], 'docker' or 'log:REGEX'; engine: GET / = 200
        healthTimeout: '60s',                    // how long the new colour has to become healthy
        proxy        : null,                     // [includeFile:, testCommand: [...], reloadCommand: [...]] or the include's path (mandatory)
        verifyUrl    : null,                     // public URL checked through the proxy after the switch
        drain        : '2s',                     // wait after the switch before stopping the old colour
        stopTimeout  : '10s',                    // docker stop grace period
        keepPrevious : true,                     // keep the old container (stopped) for a one-step rollback
        restart      : 'unless-stopped',         // docker restart policy: the live colour survives a reboot
        rollback     : false,                    // true: switch back to the kept previous container
        lockTimeout  : '10m',                    // wait this long for another deploy of the same name
        minHealthy   : '2s',                     // the new colour stays healthy (watched) this long before the old one stops
        force        : false,                    // true: deploy even when the live colour runs this very image
        to           : null,                     // rollback only: the image to go to (needed to roll back after a rollback)
        pull         : null,                     // 'always', 'missing' or 'never'; engine: always for a registry tag, else missing
    ]
    return deployStepsRun.withSecretEnv('blueGreenDeploy', deployStepsRun.merged(defaults, args)) { Map p ->
        deployStepsRun('blueGreenDeploy', 'blue-green-deploy', p)
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
