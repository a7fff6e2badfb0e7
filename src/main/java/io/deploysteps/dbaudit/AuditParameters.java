package io.deploysteps.dbaudit;

import static io.deploysteps.catalogue.Parameter.duration;
import static io.deploysteps.catalogue.Parameter.list;
import static io.deploysteps.catalogue.Parameter.number;
import static io.deploysteps.catalogue.Parameter.text;

import io.deploysteps.catalogue.AwsParameters;
import io.deploysteps.catalogue.Door;
import io.deploysteps.catalogue.StepCatalogue;

/**
 * dbConnectionAudit's parameters: the one place their keys, types, defaults and help are written.
 * There is no {@code password}: the request refuses one (see {@link AuditRequest#fromMap}).
 */
public final class AuditParameters {
  private AuditParameters() {}

  public static final StepCatalogue CATALOGUE = StepCatalogue.of("dbConnectionAudit",
      text("url", "`jdbc:mariadb://HOST:PORT/`, `jdbc:mysql://HOST:PORT/` or `jdbc:postgresql://HOST:PORT/DB`.")
          .required().label("JDBC_URL"),
      text("apps", "Mandatory (unless ecs names them all): the pools sharing the database, e.g. `api=10x2,batch=5`"
          + " (pool x instances); a Jenkinsfile may give `[api: '10x2', batch: 5]`.").label("NAME=POOL[xINSTANCES],..."),
      list("ecs", "Apps running as ECS services, e.g. `[[name: 'api', cluster: 'shop', service: 'api', pool: 10]]`"
          + " (CLI: `api=shop/api:10`): each counts pool x the tasks a deploy may run, desiredCount x maximumPercent /"
          + " 100 read with DescribeServices (200% when the service sets none).").split(",")
          .label("NAME=CLUSTER/SERVICE:POOL"),
      text("deploying", "The app about to be blue-green deployed: its pool counts twice (both colours are up).")
          .label("APP"),
      text("credentialsId", "A Jenkins username/password credential of the audit account, instead of user and"
          + " passwordEnv: the password goes to the JDBC driver only, in no argument, file or log line.")
          .only(Door.LIBRARY, Door.PLUGIN),
      text("user", "The audit account (needs PROCESS on MySQL/MariaDB, pg_monitor on PostgreSQL).").required()
          .label("USER"),
      text("passwordEnv", "The environment variable holding the password, e.g. bound by withCredentials; a password"
          + " parameter is refused.").byDefault("DB_PASSWORD").libraryDefault("null").label("NAME"),
      number("headroom", "Share of max_connections kept free: a fraction or `10%`.").byDefault(0.10).label("SHARE"),
      number("maxUtilization", "Warn above this share of max_connections in use.").byDefault(0.85).label("SHARE"),
      duration("sleepingAfter", "A session idle this long counts as sleeping.").byDefault("60s"),
      number("maxSleepingShare", "Warn when more sessions than this share sleep.").byDefault(0.5).label("SHARE"),
      duration("maxWaitTimeout", "Warn when wait_timeout / idle_session_timeout is longer.").byDefault("1h"),
      text("failOn", "What fails the step: `budget` (the pools do not fit), `warning`, or `never`; warnings otherwise"
          + " mark the build UNSTABLE.").byDefault("budget").label("budget|warning|never"),
      text("reportDir", "Where the JSON and HTML reports go, relative to the workspace.")
          .byDefault("db-connection-audit").label("DIR"),
      duration("connectTimeout", "Connect timeout.").byDefault("5s"),
      duration("queryTimeout", "Timeout of each read-only query.").byDefault("10s"),
      text("region", "AWS region of the ecs entries' clusters.").defaultNote("`AWS_REGION`").label("REGION"),
      AwsParameters.CREDENTIALS)
      .and(AwsParameters.ROLE_KEYS);
}
