package io.deploysteps.bluegreen;

import static io.deploysteps.catalogue.Parameter.duration;
import static io.deploysteps.catalogue.Parameter.flag;
import static io.deploysteps.catalogue.Parameter.map;
import static io.deploysteps.catalogue.Parameter.text;
import static io.deploysteps.catalogue.Parameter.wholeNumber;

import io.deploysteps.catalogue.AwsParameters;
import io.deploysteps.catalogue.Door;
import io.deploysteps.catalogue.StepCatalogue;
import java.util.List;

/** blueGreenDeploy's parameters: the one place their keys, types, defaults and help are written. */
public final class BlueGreenParameters {
  private BlueGreenParameters() {}

  public static final StepCatalogue CATALOGUE = StepCatalogue.of("blueGreenDeploy",
      text("name", "Service name, lower case ([a-z0-9][a-z0-9_.-]*); containers are NAME-PORT.").required(),
      text("image", "Image reference to deploy (not needed with rollback).").label("IMAGE"),
      text("ports", "The two host ports the colours alternate on.").byDefault(List.of(3000, 4000)).label("P1,P2"),
      text("network", "`host` (the app gets PORT=<port>), `bridge` (publishes 127.0.0.1:<port>:<containerPort>) or a user"
          + " network's name like `dev` (joins it and publishes the same way).")
          .byDefault("host").label("host|bridge|NAME")
          .details("A user network must exist (docker network create dev); on it each colour also answers to NAME-PORT, the"
              + " name `upstream: 'name'` points nginx at."),
      wholeNumber("containerPort", "With network `bridge` or a user network: the port the app listens on inside the container.")
          .label("PORT"),
      text("upstream", "How nginx reaches a colour: `loopback` (127.0.0.1:PORT) or `name` (NAME-PORT:containerPort on the user"
          + " network nginx runs on, as seed 003's nginx container does).").byDefault("loopback").label("loopback|name")
          .details("With `name` the include holds `set $service_url http://NAME-PORT:CONTAINERPORT;` and the site needs"
              + " `resolver 127.0.0.11 valid=1s;` (Docker's DNS; see resources/io/deploysteps/nginx/blue-green-site.conf). The"
              + " health gate still goes through the published 127.0.0.1:PORT. Include kind only."),
      map("env", "Environment of the container, e.g. `[DB_CONN_LIMIT: '32']`; values never reach argv.")
          .details("The plugin's form takes `KEY=value,KEY2=value`, the CLI one `--env KEY=VALUE` per variable."),
      map("colourEnv", "Environment for one colour only, over env: `[blue: [SPRING_PROFILES_ACTIVE: 'real1'], green:"
          + " [SPRING_PROFILES_ACTIVE: 'real2']]`.").only(Door.ENGINE, Door.LIBRARY, Door.PLUGIN)
          .details("As Spring's real1/real2 profiles do: blue is the first of ports, green the second. The CLI takes"
              + " `--colour-env-blue KEY=VALUE` and `--colour-env-green KEY=VALUE`."),
      map("colourEnv.blue", "Container variables of the blue colour (the first port) only.").only(Door.ENGINE, Door.CLI,
          Door.LIBRARY),
      map("colourEnv.green", "Container variables of the green colour (the second port) only.").only(Door.ENGINE, Door.CLI,
          Door.LIBRARY),
      map("secretEnv", "Container variables from Secret text credentials, `[KEY: 'credentialsId']`, bound with"
          + " withCredentials: the value is in no Groovy variable, file or argument.").only(Door.LIBRARY),
      text("envFile", "A docker env file (KEY=VALUE lines) on the Docker host, like `.env.production`.")
          .libraryDefault("dotEnvOf(environment)").label("FILE")
          .details("The shared library passes `.env.<params.ENVIRONMENT>` when that file exists in the workspace."),
      text("health", "Health check: an HTTP path, `docker` (the image's HEALTHCHECK) or `log:REGEX`; a Jenkinsfile"
          + " may give a map, e.g. `[path: '/health', status: 200, body: 'ok']`.").defaultNote("`GET /` answering 200")
          .label("PATH|docker|log:REGEX"),
      text("health.path", "The HTTP path of the health check.").byDefault("/").only(Door.ENGINE, Door.LIBRARY),
      wholeNumber("health.status", "Expected HTTP status of the health path.").byDefault(200)
          .only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("health.body", "Text the health answer must contain.").only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      flag("health.docker", "Use the image's Docker HEALTHCHECK instead of an HTTP path.").byDefault(false)
          .only(Door.ENGINE, Door.LIBRARY),
      text("health.log", "Healthy once a log line matches this regular expression.").only(Door.ENGINE, Door.LIBRARY),
      duration("healthTimeout", "How long the new colour has to become healthy.").byDefault("60s"),
      map("proxy", "Mandatory: the nginx include's path, or a map of one kind: `[includeFile: ...]`, `[upstreamFile:"
          + " ..., upstream: ...]` or `[haproxy: [...]]`; nginx ones may add testCommand and reloadCommand (argv lists,"
          + " never a shell line).").only(Door.ENGINE, Door.LIBRARY, Door.PLUGIN),
      text("proxy.includeFile", "The nginx include holding `set $service_url http://127.0.0.1:PORT;`.").label("FILE")
          .only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("proxy.testCommand", "The config test, an argv (the CLI splits it on spaces), never a shell line.")
          .defaultNote("`nginx -t`").label("ARGV").only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("proxy.reloadCommand", "The reload, an argv (the CLI splits it on spaces), never a shell line.")
          .defaultNote("`nginx -s reload`").label("ARGV").only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("proxy.upstreamFile", "Instead of the include: the nginx file holding `upstream NAME { server"
          + " 127.0.0.1:PORT; }` (with proxy.upstream).").label("FILE").only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("proxy.upstream", "The upstream block of proxy.upstreamFile whose server line is switched.").label("NAME")
          .only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      map("proxy.haproxy", "Instead of nginx: HAProxy's runtime API, `[socket: ..., backend: ..., server: ...,"
          + " configFile: ...]`.").only(Door.ENGINE, Door.LIBRARY),
      text("proxy.haproxy.socket", "HAProxy's admin socket (runtime API; with proxy.haproxy.backend and"
          + " proxy.haproxy.server).").label("PATH").only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("proxy.haproxy.backend", "The HAProxy backend of the switched server.").label("NAME")
          .only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("proxy.haproxy.server", "The HAProxy server entry pointed at the live colour.").label("NAME")
          .only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("proxy.haproxy.configFile", "The HAProxy config file whose server line follows the switch, so a restart"
          + " comes back on the live colour.").label("FILE").only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      map("compose", "Instead of containers blueGreenDeploy starts: the colours are two services of a Docker Compose file,"
          + " `[file: 'docker-compose.prod.yml', services: [blue: 'x-blue', green: 'x-green'], project: 'x']`.")
          .only(Door.ENGINE, Door.LIBRARY, Door.PLUGIN)
          .details("The file's `image:` reads `${" + io.deploysteps.docker.DockerCompose.IMAGE_VARIABLE + "}`, which compose"
              + " gets in its environment (never a shell line); blue serves the first of ports, green the second, and the"
              + " file sets each service's port, network and environment (so network, containerPort, upstream, env,"
              + " colourEnv and restart are refused; envFile goes to compose's --env-file). The idle service is created"
              + " anew (`up -d --no-deps --force-recreate`), gated, switched to; the old one is stopped and kept, and a"
              + " rollback starts it again. `docker compose` (v2) when the host has it, else `docker-compose` (v1)."),
      text("compose.file", "The compose file, relative to the workspace (with compose.services).").label("FILE")
          .only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      map("compose.services", "The services of the colours, `[blue: 'x-blue', green: 'x-green']`.")
          .only(Door.ENGINE, Door.LIBRARY),
      text("compose.services.blue", "The compose service of the blue colour (it serves the first of ports).")
          .option("--compose-blue").label("SERVICE").only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("compose.services.green", "The compose service of the green colour (it serves the second of ports).")
          .option("--compose-green").label("SERVICE").only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("compose.project", "The compose project name (compose's -p).").defaultNote("compose's own: the file's directory"
          + " name").label("NAME").only(Door.ENGINE, Door.CLI, Door.LIBRARY),
      text("verifyUrl", "Public URL that must answer from the new colour, through nginx, after the switch.")
          .label("URL")
          .details("With the site template's X-Deploy-Steps-Upstream header it must name the new port; without it the"
              + " answer must equal the new colour's own (a warning, UNSTABLE, when both colours answer alike). After"
              + " a failed switch it proves the old colour answers again before the new one is removed."),
      duration("drain", "Wait after the switch before stopping the old colour.").byDefault("2s"),
      duration("stopTimeout", "Grace period between SIGTERM and SIGKILL (docker stop).").byDefault("10s"),
      flag("keepPrevious", "Keep the old container, stopped, for a one-step rollback; `running` keeps it running as a"
          + " hot standby.").byDefault(true).label("true|false|running")
          .details("With `running` the old colour is not stopped after the switch (it keeps its restart policy, so it"
              + " comes back after a reboot too): a rollback is then only the health check and the switch. The next"
              + " deploy stops the standby first, since the new version starts on its port. The CLI takes"
              + " `--keep-previous=running`."),
      text("restart", "Docker restart policy of the colours: `no`, `always`, `unless-stopped` or `on-failure[:N]`.")
          .byDefault("unless-stopped").label("POLICY")
          .details("With `unless-stopped` the live colour comes back after a reboot or a Docker daemon restart, and"
              + " the stopped previous colour, kept for rollback, stays stopped."),
      flag("rollback", "Switch back to the kept previous container: no pull, no build, no image needed.")
          .byDefault(false)
          .details("The log names the version it goes to. Right after a rollback, another one would go forward to the"
              + " version rolled back from: it is refused (exit 2) unless `to` names that version."),
      duration("lockTimeout", "How long to wait for another deploy of the same service.").byDefault("10m"),
      duration("minHealthy", "How long the new colour must have stayed healthy (watched) before the old one stops.")
          .byDefault("2s")
          .details("From the switch until the old colour stops, the new one is watched (its health check, and its"
              + " container: running, no restart, not OOM-killed). If it fails, traffic goes back to the old colour,"
              + " which still runs, and the step fails naming what was seen."),
      flag("force", "Deploy even when the live colour runs this very image.").byDefault(false)
          .details("Without it, deploying the image (same image id) the live colour already runs changes nothing and"
              + " says so (action `unchanged`, nothing stopped, the rollback version kept)."),
      text("to", "With rollback only: the image to go to; it must be the kept version.").label("IMAGE")
          .details("Needed to roll back again right after a rollback."),
      text("pull", "When to pull the image: `always`, `missing` or `never`.")
          .defaultNote("always for a tag in a registry, missing for a digest or a name without a registry host")
          .label("always|missing|never"),
      text("imageDefinitions", "Instead of image: an imagedefinitions.json (as buildAndPushEcr writes it); the image is its imageUri.")
          .label("FILE")
          .details("The file CodePipeline's ECS deploy action reads (`[{\"name\": \"app\", \"imageUri\": \"...\"}]`),"
              + " relative to the workspace, as seed 003 reads it. A missing or malformed file is exit 2 naming it, before"
              + " anything changes."),
      text("containerName", "With imageDefinitions listing several containers: the entry whose image is deployed.")
          .label("NAME"),
      text("registryUser", "The user of the image registry's login for the pull (a private registry); the password or"
          + " token is read from DEPLOY_STEPS_REGISTRY_PASSWORD.").label("USER")
          .details("The login lasts for the pull only and goes through buildAndPushEcr's: on the Docker host the CLI"
              + " serves the password to docker through a credential helper, never a file, an argument or an"
              + " environment variable of a process it starts."),
      text("registryCredentialsId", "Jenkins username/password credential (the password may be a token) for the pull's"
          + " registry login: binds registryUser and the password for this step only.").only(Door.LIBRARY, Door.PLUGIN),
      text("region", "AWS region of the image's ECR registry: the pull logs in with an ECR token"
          + " (GetAuthorizationToken).").defaultNote("no login").label("REGION")
          .details("The token opens the image's registry (ACCOUNT.dkr.ecr.REGION.amazonaws.com, its region must"
              + " be this one) for the pull only; it is never written to a file."),
      AwsParameters.CREDENTIALS,
      AwsParameters.CREDENTIALS_ID)
      .and(AwsParameters.ROLE_KEYS);
}
