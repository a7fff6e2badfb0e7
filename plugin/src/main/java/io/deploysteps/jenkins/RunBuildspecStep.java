package io.deploysteps.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.util.FormValidation;
import io.deploysteps.buildspec.BuildspecRunner;
import io.deploysteps.buildspec.RunBuildspecRequest;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.buildspec.RunBuildspecParameters;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code runBuildspec}: run a CodeBuild buildspec.yml unchanged on the agent, in one bash, with
 * CodeBuild's phase transitions and environment. Arguments: vars/runBuildspec.txt.
 */
public final class RunBuildspecStep extends AwsStep {

  @DataBoundConstructor
  public RunBuildspecStep() {
  }

  @Override
  StepCatalogue catalogue() {
    return RunBuildspecParameters.CATALOGUE;
  }

  @Override
  StepResult run(StepContext context, Map<String, Object> params) {
    return new BuildspecRunner(context).run(RunBuildspecRequest.fromMap(params));
  }

  public String getFile() { return (String) get("file"); }

  @DataBoundSetter public void setFile(String file) { set("file", file); }

  public String getSourceDir() { return (String) get("sourceDir"); }

  @DataBoundSetter public void setSourceDir(String sourceDir) { set("sourceDir", sourceDir); }

  public Object getEnv() { return get("env"); }

  @DataBoundSetter public void setEnv(Object env) { set("env", env); }

  public Boolean getStrict() { return flag("strict"); }

  @DataBoundSetter public void setStrict(Boolean strict) { set("strict", strict); }

  public String getImage() { return (String) get("image"); }

  @DataBoundSetter public void setImage(String image) { set("image", image); }

  public String getInitiator() { return (String) get("initiator"); }

  @DataBoundSetter public void setInitiator(String initiator) { set("initiator", initiator); }

  public String getArtifactsDir() { return (String) get("artifactsDir"); }

  @DataBoundSetter public void setArtifactsDir(String artifactsDir) { set("artifactsDir", artifactsDir); }

  public Object getTimeout() { return get("timeout"); }

  @DataBoundSetter public void setTimeout(Object timeout) { set("timeout", timeout); }

  @Extension
  public static final class DescriptorImpl extends AwsDescriptor {
    private static final ParameterCheck CHECK = RunBuildspecRequest.check();

    @Override
    public String getFunctionName() {
      return "runBuildspec";
    }

    @NonNull
    @Override
    public String getDisplayName() {
      return "Run a CodeBuild buildspec.yml unchanged";
    }

    @Override
    ParameterCheck check() {
      return CHECK;
    }

    /** The stage view's label: the buildspec file. */
    @Override
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
      return first(namedArgs, "file", "image");
    }

    public FormValidation doCheckEnv(@QueryParameter String value) {
      return check(CHECK, "env", value);
    }

    public FormValidation doCheckImage(@QueryParameter String value) {
      return check(CHECK, "image", value);
    }

    public FormValidation doCheckArtifactsDir(@QueryParameter String value) {
      return check(CHECK, "artifactsDir", value);
    }

    public FormValidation doCheckTimeout(@QueryParameter String value) {
      return check(CHECK, "timeout", value);
    }
  }
}
