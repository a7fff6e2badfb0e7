package io.deploysteps.ecr;

import static io.deploysteps.catalogue.Parameter.flag;
import static io.deploysteps.catalogue.Parameter.list;
import static io.deploysteps.catalogue.Parameter.map;
import static io.deploysteps.catalogue.Parameter.text;

import io.deploysteps.catalogue.AwsParameters;
import io.deploysteps.catalogue.Door;
import io.deploysteps.catalogue.StepCatalogue;

/** buildAndPushEcr's parameters: the one place their keys, types, defaults and help are written. */
public final class BuildAndPushParameters {
  private BuildAndPushParameters() {}

  public static final StepCatalogue CATALOGUE = StepCatalogue.of("buildAndPushEcr",
      text("repository", "Mandatory: the repository name, e.g. `shop/api` (ECR rules: lower case).").label("NAME"),
      text("registry", "`host[:port]` of a plain registry to push to instead of ECR: then no AWS call, no login.")
          .label("HOST:PORT"),
      text("region", "AWS region of the registry.").defaultNote("`AWS_REGION` / `AWS_DEFAULT_REGION`")
          .libraryDefault("env.AWS_REGION").label("REGION"),
      text("accountId", "12-digit account of the registry.").defaultNote("the caller's, from STS GetCallerIdentity")
          .label("ID"),
      list("tags", "The tags to push, e.g. `1.4.0,latest`.")
          .defaultNote("the short git revision (GIT_COMMIT or git) and `latest`")
          .libraryDefault("revision ? [revision, 'latest'] : null").label("TAG"),
      text("context", "The docker build context directory.").byDefault(".").label("DIR"),
      text("dockerfile", "The Dockerfile.").defaultNote("`<context>/Dockerfile`").label("FILE"),
      map("buildArgs", "Build arguments, e.g. `[APP_VERSION: '1.2.3']`; values go through the environment, never"
          + " argv.").split(",").details("The plugin's form and the CLI take `NAME=value,NAME2=value`."),
      text("target", "The Dockerfile stage to build (multi-stage).").label("STAGE"),
      text("platform", "Target platform, e.g. `linux/amd64`.").label("OS/ARCH"),
      map("labels", "Image labels; the git revision and BUILD_URL are always added.").split(",")
          .libraryDefault("environmentLabel(params.ENVIRONMENT)")
          .details("The shared library adds `io.deploysteps.environment` when the build has an ENVIRONMENT parameter."),
      flag("cacheFrom", "`true`: pull the previous `:latest` and build `--cache-from` it (a miss is fine); or image"
          + " references, as `--cache-from` takes them.").byDefault(false)
          .negatable(),
      flag("pull", "Always pull newer base images (`docker build --pull`).").byDefault(false).negatable(),
      flag("createRepository", "Create the ECR repository when missing.").byDefault(true).negatable(),
      flag("scanOnPush", "For a repository this step creates: scan images on push.").byDefault(true).negatable(),
      text("imageTagMutability", "For a repository this step creates: `MUTABLE` or `IMMUTABLE`.").byDefault("MUTABLE")
          .label("MUTABLE|IMMUTABLE"),
      text("encryption", "For a repository this step creates: `AES256`, `KMS`, or a KMS key ARN or alias.")
          .byDefault("AES256").label("AES256|KMS|KEY"),
      text("imageDefinitions", "Write the ECS deploy action's `[{\"name\",\"imageUri\"}]` file here (needs"
          + " containerName).").label("FILE"),
      text("containerName", "The ECS container name for imageDefinitions.").label("NAME"),
      text("imageDetail", "Write `{\"ImageURI\": \"...@sha256:...\"}` for ECS blue/green (CodeDeploy) here.")
          .label("FILE"),
      AwsParameters.CREDENTIALS,
      AwsParameters.CREDENTIALS_ID,
      text("repositoryUri", "Registry host and repository in one, as pipelines keep it in REPOSITORY_URI, e.g."
          + " `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web`: an ECR host gives the account and the region, any"
          + " other host is a plain registry. Instead of repository.").label("HOST/REPOSITORY"),
      text("registryId", "The ECR API's name for accountId.").label("ID"),
      text("registryUser", "The user of a plain registry's login (Docker Hub, GHCR, a private one); the password or"
          + " token is read from DEPLOY_STEPS_REGISTRY_PASSWORD.").label("USER"),
      text("registryCredentialsId", "Jenkins username/password credential (the password may be a token) for a plain"
          + " registry's login: binds registryUser and the password for this step only.").only(Door.LIBRARY, Door.PLUGIN),
      flag("noCache", "Build without the build cache (`docker build --no-cache`).").byDefault(false).negatable(),
      flag("push", "Push; `false` builds and tags only and returns imageId (then pushOnly with the same tags).")
          .byDefault(true).negatable(),
      flag("pushOnly", "Push what an earlier `push: false` call built under the same tags, without building.")
          .byDefault(false).negatable(),
      text("builder", "`auto` (BuildKit where the agent's docker has it: buildx, or a CLI before 23.0), `buildkit` or"
          + " `legacy`.").byDefault("auto").label("auto|buildkit|legacy"),
      list("cacheTo", "BuildKit's cache export: `inline`, or a registry reference (buildx only).").label("REF"),
      map("scanGate", "Gate on ECR's scan of the pushed digest, e.g. `[failOn: 'CRITICAL', unstableOn: 'HIGH', wait:"
          + " '5m']`: fail (exit 1) or mark UNSTABLE (exit 3) by threshold.").split(","))
      .and(AwsParameters.ROLE_KEYS);
}
