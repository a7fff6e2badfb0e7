// dbConnectionAudit: prove MySQL/MariaDB or PostgreSQL can take every app pool (both colours of the
// app being deployed), flag sleeping sessions and long timeouts. Arguments: dbConnectionAudit.txt.
def call(Map args = [:]) {
    Map defaults = [
        url             : null,                  // Mandatory: jdbc:mariadb://HOST:PORT/, jdbc:mysql://HOST:PORT/ or jdbc:postgresql://HOST:PORT/DB.
        apps            : null,                  // Mandatory: the pools sharing the database, e.g. api=10x2,batch=5 (pool x instances); a Jenkinsfile may give [api: '10x2', batch: 5].
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
    ]
    Map config = deployStepsRun.merged(defaults, args)
    return deployStepsRun.withDatabase('dbConnectionAudit', config) { Map p ->
        deployStepsRun('dbConnectionAudit', 'db-connection-audit', p)
    }
}
