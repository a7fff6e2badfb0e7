package io.deploysteps.catalogue;

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
}
