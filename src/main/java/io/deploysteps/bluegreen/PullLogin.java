package io.deploysteps.bluegreen;

import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.context.StepContext;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerException;
import io.deploysteps.docker.DockerUnavailableException;
import io.deploysteps.docker.ImageRef;
import io.deploysteps.docker.RegistryPassword;
import io.deploysteps.docker.RegistrySession;
import io.deploysteps.ecr.RegistryAuth;
import io.deploysteps.ecr.RegistryLogin;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The registry login of a deploy's pull: {@code registryUser} (a private registry; the password
 * from DEPLOY_STEPS_REGISTRY_PASSWORD) or {@code region} (an ECR token from GetAuthorizationToken).
 * Both go through the context's {@link io.deploysteps.docker.RegistrySessions}, buildAndPushEcr's
 * login: on this machine docker gets the password from a credential helper and nothing is written.
 * The pull is an explicit {@code docker pull} in that session before the container starts: a pull
 * inside {@code run} (the Engine API's create) would carry no login.
 */
final class PullLogin {
  private static final PullLogin NONE = new PullLogin(null, null, null);

  final String registryUser;
  final String region;
  final AwsCredentialsSpec credentials;

  private PullLogin(String registryUser, String region, AwsCredentialsSpec credentials) {
    this.registryUser = registryUser;
    this.region = region;
    this.credentials = credentials;
  }

  /** The login the parameters ask for, checked against the image it pulls ({@code image} null: a rollback). */
  static PullLogin fromParams(Params p, ImageRef image) {
    String user = p.string("registryUser", null);
    String region = p.has("region") ? SdkAwsClients.checkRegion("region", p.string("region").strip()) : null;
    if (user != null && region != null) {
      throw new InvalidParameterException("region", "give registryUser (a registry's own login) or region (an ECR"
          + " token), not both");
    }
    if (p.has("credentials") && region == null) {
      throw new InvalidParameterException("credentials", "are the AWS credentials of the ECR login: give region too");
    }
    java.util.Optional<io.deploysteps.aws.AssumeRole> role = io.deploysteps.aws.AssumeRole.from(p);
    if (role.isPresent() && region == null) {
      throw new InvalidParameterException("role", "is assumed for the ECR login of the pull: give region too");
    }
    if (user == null && region == null) {
      return NONE;
    }
    String key = user != null ? "registryUser" : "region";
    if (image != null && image.registry() == null) {
      throw new InvalidParameterException(key, "'" + image + "' names no registry host: give the image as"
          + " host[:port]/name:tag so the login knows where it goes");
    }
    if (image != null && region != null) {
      Optional<String> hostRegion = RegistryAuth.regionOf(image.registry());
      if (hostRegion.isPresent() && !hostRegion.get().equals(region)) {
        throw new InvalidParameterException("region", "'" + region + "' is not the region of " + image.registry()
            + " (" + hostRegion.get() + ")");
      }
    }
    AwsCredentialsSpec credentials = region == null ? null
        : AwsCredentialsSpec.parse("credentials", p.string("credentials", null)).assuming(role);
    return new PullLogin(user, region, credentials);
  }

  boolean none() {
    return registryUser == null && region == null;
  }

  /** The password of registryUser, read before anything changes (exit 2 when unset); null for ECR or no login. */
  String password(StepContext ctx) {
    return registryUser == null ? null : RegistryPassword.of(ctx.env(), ctx.log(), registryUser);
  }

  /**
   * Pulls {@code image} as {@link Docker#pull} does, logged in to its registry for the length of
   * the pull; {@code password} from {@link #password}.
   */
  boolean pull(StepContext ctx, Docker docker, ImageRef image, String password) {
    if (none()) {
      return pullWithoutLogin(docker, image);
    }
    StepLog log = ctx.log();
    long start = ctx.time().nanoTime();
    String host = image.registry();
    String user = registryUser;
    String secret = password;
    if (region != null) {
      RegistryLogin token;
      try (EcrClient ecr = ctx.aws(credentials).ecr(region)) {
        token = new RegistryAuth(ecr, log).login(RegistryAuth.accountOf(host).orElse("ACCOUNT"), region);
      }
      user = token.username();
      secret = token.password();
      if (!token.host().equalsIgnoreCase(host)) {
        // An ECR token opens every registry the caller may read: the image's, cross-account ones included.
        log.info("ECR token for %s (%s); logging in to the image's registry %s with it", token.host(), region, host);
      }
    }
    RegistrySession session;
    try {
      session = ctx.registrySessions().open(docker, host, user, secret);
    } catch (DockerUnavailableException e) {
      throw e;
    } catch (DockerException e) {
      throw new StepFailedException("docker login to " + host + " as " + user + " failed: " + lastLine(e)
          + "; nothing was changed", e);
    }
    try (session) {
      log.info("logged in to %s as %s%s in %.1f s", host, user, region == null ? "" : " (ECR token, " + region + ")",
          ctx.time().millisSince(start) / 1000.0);
      return session.docker().pull(image.toString());
    }
  }

  /** A registry that wants a login and got none says so with the keys that give one. */
  private static boolean pullWithoutLogin(Docker docker, ImageRef image) {
    try {
      return docker.pull(image.toString());
    } catch (DockerException e) {
      String err = (e.stderr() + " " + e.getMessage()).toLowerCase(Locale.ROOT);
      if (err.contains("no basic auth credentials") || err.contains("unauthorized") || err.contains("authentication required")) {
        throw new StepFailedException("pull of " + image + " failed: " + lastLine(e) + ". " + image.registry()
            + " wants a login: give registryCredentialsId (Jenkins) or registryUser with DEPLOY_STEPS_REGISTRY_PASSWORD,"
            + " or region (and credentials) for an ECR token; nothing was changed", e);
      }
      throw e;
    }
  }

  private static String lastLine(DockerException e) {
    String s = e.stderr().strip();
    return s.isEmpty() ? e.getMessage() : s.substring(s.lastIndexOf('\n') + 1).strip();
  }
}
