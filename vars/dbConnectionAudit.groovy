// dbConnectionAudit: prove MySQL/MariaDB or PostgreSQL can take every app pool (both colours of the
// app being deployed), flag sleeping sessions and long timeouts. Arguments: dbConnectionAudit.txt.
def call(Map args = [:]) {
    Map defaults = [
        url             : null,                   // jdbc:mariadb://host:port/db, jdbc:mysql:... or jdbc:postgresql:... (mandatory)
        apps            : null,                   // pools sharing the database: [api: '10x2', batch: 5] (mandatory)
        deploying       : null,                   // the app being blue-green deployed: its pool counts twice
        credentialsId   : null,                   // Jenkins username/password credential for the audit account
        user            : null,                   // audit user, when no credentialsId
        passwordEnv     : null,                   // variable holding the password, when no credentialsId (engine: DB_PASSWORD)
        headroom        : 0.10,                   // share of max_connections kept free
        maxUtilization  : 0.85,                   // warn above this share of max_connections in use
        sleepingAfter   : '60s',                  // a session idle this long counts as sleeping
        maxSleepingShare: 0.5,                    // warn when more sessions than this share sleep
        maxWaitTimeout  : '1h',                   // warn when wait_timeout / idle timeouts exceed this
        failOn          : 'budget',               // budget (fail when the pools do not fit), warning, or never
        reportDir       : 'db-connection-audit',  // JSON and HTML reports, relative to the workspace
        connectTimeout  : '5s',                   // connecting to the database
        queryTimeout    : '10s',                  // each read-only query
    ]
    Map config = deployStepsRun.merged(defaults, args)
    return deployStepsRun.withDatabase('dbConnectionAudit', config) { Map p ->
        deployStepsRun('dbConnectionAudit', 'db-connection-audit', p)
    }
}
