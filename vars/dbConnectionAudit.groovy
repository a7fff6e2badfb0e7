// dbConnectionAudit: prove MySQL/MariaDB or PostgreSQL can take every app pool (both colours of the
// app being deployed), flag sleeping sessions and long timeouts. Arguments: dbConnectionAudit.txt.
def call(Map args = [:]) {
    Map defaults = [
        url             : null,                  // Mandatory: jdbc:mariadb://HOST:PORT/, jdbc:mysql://HOST:PORT/ or jdbc:postgresql://HOST:PORT/DB.
        apps            : null,                  // Mandatory (unless ecs names them all): the pools sharing the database, e.g. api=10x2,batch=5 (pool x instances); a Jenkinsfile may give [api: '10x2', batch: 5].
        ecs             : null,                  // Apps running as ECS services, e.g. [[name: 'api', cluster: 'shop', service: 'api', pool: 10]] (CLI: api=shop/api:10): each counts pool x the tasks a deploy may run, desiredCount x maximumPercent / 100 read with DescribeServices (200% when the service sets none).
        deploying       : null,                  // The app about to be blue-green deployed: its pool counts twice (both colours are up).
        credentialsId   : null,                  // A Jenkins username/password credential of the audit account, instead of user and passwordEnv: the password goes to the JDBC driver only, in no argument, file or log line.
        user            : null,                  // Mandatory: The audit account (needs PROCESS on MySQL/MariaDB, pg_monitor on PostgreSQL).
        passwordEnv     : null,                  // The environment variable holding the password, e.g. bound by withCredentials; a password parameter is refused.
        headroom        : 0.1,                   // Share of max_connections kept free: a fraction or 10%.
        maxUtilization  : 0.85,                  // Warn above this share of max_connections in use.
        sleepingAfter   : '60s',                 // A session idle this long counts as sleeping.
        maxSleepingShare: 0.5,                   // Warn when more sessions than this share sleep.
        maxWaitTimeout  : '1h',                  // Warn when wait_timeout / idle_session_timeout is longer.
        failOn          : 'budget',              // What fails the step: budget (the pools do not fit), warning, or never; warnings otherwise mark the build UNSTABLE.
        reportDir       : 'db-connection-audit', // Where the JSON and HTML reports go, relative to the workspace.
        connectTimeout  : '5s',                  // Connect timeout.
        queryTimeout    : '10s',                 // Timeout of each read-only query.
        region          : null,                  // AWS region of the ecs entries' clusters.
        credentials     : null,                  // Where the AWS calls find credentials: default (the SDK chain where they run: the agent through the CLI, the controller with the plugin), env (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or profile:NAME.
        role            : null,                  // An IAM role to assume first (STS AssumeRole), as withAWS(role:): a name (in roleAccount, else the credentials' own account) or an ARN; the session credentials stay in memory.
        roleAccount     : null,                  // The 12-digit account of role when it is a name.
        externalId      : null,                  // The external id the role's trust policy asks for.
        duration        : null,                  // How long the role session lasts, 15m to 12h.
        roleSessionName : null,                  // The role session's name.
    ]
    Map config = deployStepsRun.merged(defaults, args)
    return deployStepsRun.withDatabase('dbConnectionAudit', config) { Map p ->
        deployStepsRun('dbConnectionAudit', 'db-connection-audit', p)
    }
}
