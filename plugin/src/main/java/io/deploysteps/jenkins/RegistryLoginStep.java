package io.deploysteps.jenkins;

import hudson.Util;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * An AWS step that may also log docker in to a registry with a username/password: buildAndPushEcr
 * for its push, blueGreenDeploy for its pull. The Jenkins credential ({@code registryCredentialsId})
 * is bound by the step; the engine gets {@code registryUser} and the password in its own environment.
 */
public abstract class RegistryLoginStep extends AwsStep {
  private String registryCredentialsId;

  public String getRegistryUser() { return (String) get("registryUser"); }

  @DataBoundSetter public void setRegistryUser(String registryUser) { set("registryUser", registryUser); }

  /** The id of a Jenkins username/password credential for the registry's login; not an engine key, the step binds it. */
  public String getRegistryCredentialsId() { return registryCredentialsId; }

  @DataBoundSetter public void setRegistryCredentialsId(String registryCredentialsId) {
    this.registryCredentialsId = Util.fixEmptyAndTrim(registryCredentialsId);
  }

  @Override
  StepCredentials credentials() {
    return StepCredentials.both(super.credentials(), registryCredentialsId == null ? null
        : new StepCredentials(StepCredentials.Kind.REGISTRY, registryCredentialsId));
  }

  /** The registry login's picker, beside the AWS fields'. */
  public abstract static class RegistryLoginDescriptor extends AwsDescriptor {
    @POST
    public ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath Item item,
        @QueryParameter String registryCredentialsId) {
      return CredentialsPicker.usernamePassword(item, registryCredentialsId);
    }
  }
}
