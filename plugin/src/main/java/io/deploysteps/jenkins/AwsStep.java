package io.deploysteps.jenkins;

import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that calls AWS: its region and where its credentials come from. A Jenkins AWS credential
 * reaches the engine as {@code credentials: 'env'} inside {@code withCredentials([aws(...)])}, as the
 * shared library binds it.
 */
public abstract class AwsStep extends DeployStepsStep {

  public String getRegion() { return (String) get("region"); }

  @DataBoundSetter public void setRegion(String region) { set("region", region); }

  public String getCredentials() { return (String) get("credentials"); }

  @DataBoundSetter public void setCredentials(String credentials) { set("credentials", credentials); }
}
