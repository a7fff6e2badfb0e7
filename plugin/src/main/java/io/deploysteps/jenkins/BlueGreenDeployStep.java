package io.deploysteps.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.deploysteps.bluegreen.BlueGreenRequest;
import io.deploysteps.bluegreen.BlueGreenRunner;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.bluegreen.BlueGreenParameters;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code blueGreenDeploy}: start the new version on the idle port, gate on health, switch nginx,
 * drain and stop the old one, keep it for rollback. Arguments: vars/blueGreenDeploy.txt.
 */
public final class BlueGreenDeployStep extends RegistryLoginStep {

  @DataBoundConstructor
  public BlueGreenDeployStep(String name) {
    set("name", name);
  }

  @Override
  StepCatalogue catalogue() {
    return BlueGreenParameters.CATALOGUE;
  }

  @Override
  StepResult run(StepContext context, Map<String, Object> params) {
    BlueGreenRequest request = BlueGreenRequest.fromMap(params);
    // Health checks go through the context's probe: curl on the agent, where the containers are.
    return new BlueGreenRunner(context).run(request);
  }

  public String getName() { return (String) get("name"); }

  public String getImage() { return (String) get("image"); }

  @DataBoundSetter public void setImage(String image) { set("image", image); }

  public String getImageDefinitions() { return (String) get("imageDefinitions"); }

  @DataBoundSetter public void setImageDefinitions(String imageDefinitions) { set("imageDefinitions", imageDefinitions); }

  public String getContainerName() { return (String) get("containerName"); }

  @DataBoundSetter public void setContainerName(String containerName) { set("containerName", containerName); }

  /** A map {@code [includeFile:, testCommand:, reloadCommand:]}, or just the include file's path. */
  public Object getProxy() { return get("proxy"); }

  @DataBoundSetter public void setProxy(Object proxy) {
    set("proxy", proxy);
  }

  public Object getPorts() { return get("ports"); }

  @DataBoundSetter public void setPorts(Object ports) { set("ports", ports); }

  public String getNetwork() { return (String) get("network"); }

  @DataBoundSetter public void setNetwork(String network) { set("network", network); }

  public Integer getContainerPort() { return (Integer) get("containerPort"); }

  @DataBoundSetter public void setContainerPort(Integer containerPort) { set("containerPort", containerPort); }

  public String getUpstream() { return (String) get("upstream"); }

  @DataBoundSetter public void setUpstream(String upstream) { set("upstream", upstream); }

  public Object getEnv() { return get("env"); }

  @DataBoundSetter public void setEnv(Object env) { set("env", env); }

  /** {@code [blue: [KEY: 'value'], green: [...]]}: variables of one colour only. */
  public Object getColourEnv() { return get("colourEnv"); }

  @DataBoundSetter public void setColourEnv(Object colourEnv) { set("colourEnv", colourEnv); }

  /** {@code [file: ..., services: [blue: ..., green: ...], project: ...]}: the colours as two compose services. */
  public Object getCompose() { return get("compose"); }

  @DataBoundSetter public void setCompose(Object compose) { set("compose", compose); }

  public String getEnvFile() { return (String) get("envFile"); }

  @DataBoundSetter public void setEnvFile(String envFile) { set("envFile", envFile); }

  public Object getHealth() { return get("health"); }

  @DataBoundSetter public void setHealth(Object health) { set("health", health); }

  public Object getHealthTimeout() { return get("healthTimeout"); }

  @DataBoundSetter public void setHealthTimeout(Object healthTimeout) { set("healthTimeout", healthTimeout); }

  public String getVerifyUrl() { return (String) get("verifyUrl"); }

  @DataBoundSetter public void setVerifyUrl(String verifyUrl) { set("verifyUrl", verifyUrl); }

  public Object getDrain() { return get("drain"); }

  @DataBoundSetter public void setDrain(Object drain) { set("drain", drain); }

  public Object getStopTimeout() { return get("stopTimeout"); }

  @DataBoundSetter public void setStopTimeout(Object stopTimeout) { set("stopTimeout", stopTimeout); }

  /** true, false, or {@code running} (the old colour kept running as a hot standby); the catalogue's default when not given. */
  public Object getKeepPrevious() {
    Object v = get("keepPrevious");
    return v == null ? flag("keepPrevious") : v;
  }

  @DataBoundSetter public void setKeepPrevious(Object keepPrevious) { set("keepPrevious", keepPrevious); }

  public String getRestart() { return (String) get("restart"); }

  @DataBoundSetter public void setRestart(String restart) { set("restart", restart); }

  public Boolean getRollback() { return flag("rollback"); }

  @DataBoundSetter public void setRollback(Boolean rollback) { set("rollback", rollback); }

  public Object getLockTimeout() { return get("lockTimeout"); }

  @DataBoundSetter public void setLockTimeout(Object lockTimeout) { set("lockTimeout", lockTimeout); }

  public Object getMinHealthy() { return get("minHealthy"); }

  @DataBoundSetter public void setMinHealthy(Object minHealthy) { set("minHealthy", minHealthy); }

  public Boolean getForce() { return flag("force"); }

  @DataBoundSetter public void setForce(Boolean force) { set("force", force); }

  public String getTo() { return (String) get("to"); }

  @DataBoundSetter public void setTo(String to) { set("to", to); }

  public String getPull() { return (String) get("pull"); }

  @DataBoundSetter public void setPull(String pull) { set("pull", pull); }

  @Extension
  public static final class DescriptorImpl extends RegistryLoginDescriptor {
    private static final ParameterCheck CHECK = BlueGreenRequest.check();

    @Override
    ParameterCheck check() {
      return CHECK;
    }

    @Override
    public String getFunctionName() {
      return "blueGreenDeploy";
    }

    @NonNull
    @Override
    public String getDisplayName() {
      return "Blue-green deploy a container behind nginx";
    }

    /** The stage view's label: {@code blueGreenDeploy web:v2}, or {@code web rollback}. */
    @Override
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
      if (Boolean.TRUE.equals(namedArgs.get("rollback")) || "true".equals(String.valueOf(namedArgs.get("rollback")))) {
        String name = first(namedArgs, "name");
        return name == null ? "rollback" : name + " rollback";
      }
      return first(namedArgs, "image", "name");
    }

    public FormValidation doCheckName(@QueryParameter String value) {
      return check(CHECK, "name", value);
    }

    public FormValidation doCheckImage(@QueryParameter String value, @QueryParameter boolean rollback) {
      return check(CHECK, "image", value, "rollback", rollback);
    }

    public FormValidation doCheckProxy(@QueryParameter String value) {
      return check(CHECK, "proxy", value);
    }

    public FormValidation doCheckPorts(@QueryParameter String value) {
      return check(CHECK, "ports", value);
    }

    public FormValidation doCheckNetwork(@QueryParameter String value) {
      return check(CHECK, "network", value);
    }

    public ListBoxModel doFillUpstreamItems(@QueryParameter String upstream) {
      return choices(upstream, "loopback", "name");
    }

    public FormValidation doCheckUpstream(@QueryParameter String value, @QueryParameter String network) {
      return check(CHECK, "upstream", value, "network", network);
    }

    public FormValidation doCheckContainerPort(@QueryParameter String value, @QueryParameter String network) {
      return check(CHECK, "containerPort", value, "network", network);
    }

    public FormValidation doCheckEnv(@QueryParameter String value) {
      return check(CHECK, "env", value);
    }

    public FormValidation doCheckHealth(@QueryParameter String value) {
      return check(CHECK, "health", value);
    }

    public FormValidation doCheckHealthTimeout(@QueryParameter String value) {
      return check(CHECK, "healthTimeout", value);
    }

    public FormValidation doCheckVerifyUrl(@QueryParameter String value) {
      return check(CHECK, "verifyUrl", value);
    }

    public FormValidation doCheckDrain(@QueryParameter String value) {
      return check(CHECK, "drain", value);
    }

    public FormValidation doCheckStopTimeout(@QueryParameter String value) {
      return check(CHECK, "stopTimeout", value);
    }

    public ListBoxModel doFillRestartItems(@QueryParameter String restart) {
      return choices(restart, "unless-stopped", "always", "on-failure", "no");
    }

    public FormValidation doCheckLockTimeout(@QueryParameter String value) {
      return check(CHECK, "lockTimeout", value);
    }

    public FormValidation doCheckMinHealthy(@QueryParameter String value) {
      return check(CHECK, "minHealthy", value);
    }

    public FormValidation doCheckTo(@QueryParameter String value, @QueryParameter boolean rollback) {
      return check(CHECK, "to", value, "rollback", rollback);
    }

    public ListBoxModel doFillPullItems(@QueryParameter String pull) {
      return choices(pull, "always for a tag in a registry, else missing", "always", "missing", "never");
    }
  }
}
