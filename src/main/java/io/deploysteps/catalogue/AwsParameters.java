package io.deploysteps.catalogue;

import java.util.List;

/** The AWS parameters every step that calls AWS declares the same way in its catalogue. */
public final class AwsParameters {
  private AwsParameters() {}

  /** {@code credentials}: where the SDK finds them (aws/AwsCredentialsSpec). */
  public static final Parameter CREDENTIALS = Parameter.text("credentials", "Where the AWS calls find credentials:"
      + " `default` (the SDK chain where they run: the agent through the CLI, the controller with the plugin), `env`"
      + " (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or `profile:NAME`.").defaultNote("`default`").label("SPEC");

  /** {@code credentialsId}: a Jenkins credential the library and the plugin bind; the engine never sees it. */
  public static final Parameter CREDENTIALS_ID = Parameter.text("credentialsId", "Jenkins AWS credential id: binds"
      + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for this step only.").only(Door.LIBRARY, Door.PLUGIN);

  /** The role keys of withAWS (aws/AssumeRole reads them): STS AssumeRole before the step's AWS calls. */
  public static final Parameter ROLE = Parameter.text("role", "An IAM role to assume first (STS AssumeRole), as"
      + " `withAWS(role:)`: a name (in roleAccount, else the credentials' own account) or an ARN; the session"
      + " credentials stay in memory.").label("NAME|ARN");
  public static final Parameter ROLE_ACCOUNT = Parameter.text("roleAccount", "The 12-digit account of role when it is"
      + " a name.").label("ID");
  public static final Parameter EXTERNAL_ID = Parameter.text("externalId", "The external id the role's trust policy"
      + " asks for.").label("ID");
  public static final Parameter DURATION = Parameter.duration("duration", "How long the role session lasts, `15m` to"
      + " `12h`.").defaultNote("`1h`");
  public static final Parameter ROLE_SESSION_NAME = Parameter.text("roleSessionName", "The role session's name.")
      .defaultNote("`deploy-steps-<BUILD_TAG>`").label("NAME");

  /**
   * The five role keys together, as every AWS step takes them (buildAndPushEcr, pruneDocker's ECR side,
   * ecsDeploy, runBuildspec's SSM, Secrets Manager and ECR calls): {@code StepCatalogue.of(...).and(ROLE_KEYS)}.
   */
  public static final List<Parameter> ROLE_KEYS = List.of(ROLE, ROLE_ACCOUNT, EXTERNAL_ID, DURATION, ROLE_SESSION_NAME);
}
