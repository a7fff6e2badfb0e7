package io.deploysteps.jenkins;

import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.deploysteps.engine.ParameterCheck;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A step that calls AWS: its region and where its credentials come from. A Jenkins AWS credential
 * ({@code credentialsId}, from aws-credentials) is bound by the step and reaches the engine as
 * {@code credentials: 'env'}, as the shared library binds it inside {@code withCredentials([aws(...)])};
 * a role to assume first, as {@code withAWS(role:, roleAccount:, externalId:, duration:, roleSessionName:)}.
 */
public abstract class AwsStep extends DeployStepsStep {
  private String credentialsId;

  public String getRegion() { return (String) get("region"); }

  @DataBoundSetter public void setRegion(String region) { set("region", region); }

  public String getCredentials() { return (String) get("credentials"); }

  @DataBoundSetter public void setCredentials(String credentials) { set("credentials", credentials); }

  // The role keys every AWS step takes (AwsParameters.ROLE_KEYS): STS AssumeRole before the step's calls.
  public String getRole() { return (String) get("role"); }

  @DataBoundSetter public void setRole(String role) { set("role", role); }

  public String getRoleAccount() { return (String) get("roleAccount"); }

  @DataBoundSetter public void setRoleAccount(String roleAccount) { set("roleAccount", roleAccount); }

  public String getExternalId() { return (String) get("externalId"); }

  @DataBoundSetter public void setExternalId(String externalId) { set("externalId", externalId); }

  public Object getDuration() { return get("duration"); }

  @DataBoundSetter public void setDuration(Object duration) { set("duration", duration); }

  public String getRoleSessionName() { return (String) get("roleSessionName"); }

  @DataBoundSetter public void setRoleSessionName(String roleSessionName) { set("roleSessionName", roleSessionName); }

  /** The id of a Jenkins AWS credential; not an engine key, the step binds it. */
  public String getCredentialsId() { return credentialsId; }

  @DataBoundSetter public void setCredentialsId(String credentialsId) { this.credentialsId = Util.fixEmptyAndTrim(credentialsId); }

  @Override
  StepCredentials credentials() {
    return credentialsId == null ? null : new StepCredentials(StepCredentials.Kind.AWS, credentialsId);
  }

  /** The AWS fields' picker and checks, shared by both AWS steps' forms. */
  public abstract static class AwsDescriptor extends DeployStepsDescriptor {
    /** The request that checks this step's fields. */
    abstract ParameterCheck check();

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
      return CredentialsPicker.aws(item, credentialsId);
    }

    public FormValidation doCheckCredentialsId(@QueryParameter String value) {
      return CredentialsPicker.checkAws(value);
    }

    public FormValidation doCheckRegion(@QueryParameter String value) {
      return check(check(), "region", value);
    }

    public FormValidation doCheckCredentials(@QueryParameter String value, @QueryParameter String credentialsId) {
      boolean both = value != null && !value.isBlank() && credentialsId != null && !credentialsId.isBlank();
      return both
          ? FormValidation.error(StepCredentials.AWS_BOTH)
          : check(check(), "credentials", value);
    }
  }
}
