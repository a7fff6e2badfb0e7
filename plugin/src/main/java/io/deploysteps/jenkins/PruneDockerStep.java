package io.deploysteps.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.prune.PruneParameters;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import io.deploysteps.prune.PruneRequest;
import io.deploysteps.prune.PruneRunner;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code pruneDocker}: clean a Docker host and optionally an ECR repository without touching what
 * runs or what blueGreenDeploy keeps for rollback. Arguments: vars/pruneDocker.txt.
 */
public final class PruneDockerStep extends AwsStep {

  @DataBoundConstructor
  public PruneDockerStep() {
  }

  @Override
  StepCatalogue catalogue() {
    return PruneParameters.CATALOGUE;
  }

  @Override
  StepResult run(StepContext context, Map<String, Object> params) {
    return new PruneRunner(context).run(PruneRequest.fromMap(params));
  }

  public Object getUntil() { return get("until"); }

  @DataBoundSetter public void setUntil(Object until) { set("until", until); }

  public Integer getKeepPerRepository() { return (Integer) get("keepPerRepository"); }

  @DataBoundSetter public void setKeepPerRepository(Integer keepPerRepository) { set("keepPerRepository", keepPerRepository); }

  public Boolean getContainers() { return flag("containers"); }

  @DataBoundSetter public void setContainers(Boolean containers) { set("containers", containers); }

  public String getImages() { return (String) get("images"); }

  @DataBoundSetter public void setImages(String images) { set("images", images); }

  public Boolean getBuildCache() { return flag("buildCache"); }

  @DataBoundSetter public void setBuildCache(Boolean buildCache) { set("buildCache", buildCache); }

  public String getKeepStorage() { return (String) get("keepStorage"); }

  @DataBoundSetter public void setKeepStorage(String keepStorage) { set("keepStorage", keepStorage); }

  public Boolean getVolumes() { return flag("volumes"); }

  @DataBoundSetter public void setVolumes(Boolean volumes) { set("volumes", volumes); }

  public Boolean getNetworks() { return flag("networks"); }

  @DataBoundSetter public void setNetworks(Boolean networks) { set("networks", networks); }

  public Object getLabels() { return get("labels"); }

  @DataBoundSetter public void setLabels(Object labels) { set("labels", labels); }

  public Object getDiskThreshold() { return get("diskThreshold"); }

  @DataBoundSetter public void setDiskThreshold(Object diskThreshold) { set("diskThreshold", diskThreshold); }

  public Object getDiskTarget() { return get("diskTarget"); }

  @DataBoundSetter public void setDiskTarget(Object diskTarget) { set("diskTarget", diskTarget); }

  public Boolean getDryRun() { return flag("dryRun"); }

  @DataBoundSetter public void setDryRun(Boolean dryRun) { set("dryRun", dryRun); }

  public String getEcrRepository() { return (String) get("ecrRepository"); }

  @DataBoundSetter public void setEcrRepository(String ecrRepository) { set("ecrRepository", ecrRepository); }

  public Integer getEcrKeepTagged() { return (Integer) get("ecrKeepTagged"); }

  @DataBoundSetter public void setEcrKeepTagged(Integer ecrKeepTagged) { set("ecrKeepTagged", ecrKeepTagged); }

  public Object getEcrUntaggedOlderThan() { return get("ecrUntaggedOlderThan"); }

  @DataBoundSetter public void setEcrUntaggedOlderThan(Object ecrUntaggedOlderThan) { set("ecrUntaggedOlderThan", ecrUntaggedOlderThan); }

  public Boolean getEcrApplyLifecyclePolicy() { return flag("ecrApplyLifecyclePolicy"); }

  @DataBoundSetter public void setEcrApplyLifecyclePolicy(Boolean ecrApplyLifecyclePolicy) { set("ecrApplyLifecyclePolicy", ecrApplyLifecyclePolicy); }

  @Extension
  public static final class DescriptorImpl extends AwsDescriptor {
    private static final ParameterCheck CHECK = PruneRequest.check();

    @Override
    public String getFunctionName() {
      return "pruneDocker";
    }

    @NonNull
    @Override
    public String getDisplayName() {
      return "Prune a Docker host (and an ECR repository) safely";
    }

    @Override
    ParameterCheck check() {
      return CHECK;
    }

    /** The stage view's label: {@code dry run}, the ECR repository, or the age. */
    @Override
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
      String what = first(namedArgs, "ecrRepository", "until");
      if ("true".equals(String.valueOf(namedArgs.get("dryRun")))) {
        return what == null ? "dry run" : "dry run " + what;
      }
      return what;
    }

    public FormValidation doCheckUntil(@QueryParameter String value) {
      return check(CHECK, "until", value);
    }

    public FormValidation doCheckKeepPerRepository(@QueryParameter String value) {
      return check(CHECK, "keepPerRepository", value);
    }

    public ListBoxModel doFillImagesItems(@QueryParameter String images) {
      return choices(images, "dangling", "unused", "none");
    }

    public FormValidation doCheckKeepStorage(@QueryParameter String value, @QueryParameter boolean buildCache) {
      return check(CHECK, "keepStorage", value, "buildCache", buildCache);
    }

    public FormValidation doCheckLabels(@QueryParameter String value) {
      return check(CHECK, "labels", value);
    }

    public FormValidation doCheckDiskThreshold(@QueryParameter String value) {
      return check(CHECK, "diskThreshold", value);
    }

    public FormValidation doCheckDiskTarget(@QueryParameter String value, @QueryParameter String diskThreshold) {
      return check(CHECK, "diskTarget", value, "diskThreshold", diskThreshold);
    }

    public FormValidation doCheckEcrRepository(@QueryParameter String value, @QueryParameter String ecrKeepTagged,
        @QueryParameter String ecrUntaggedOlderThan) {
      return check(CHECK, "ecrRepository", value, "ecrKeepTagged", ecrKeepTagged,
          "ecrUntaggedOlderThan", ecrUntaggedOlderThan);
    }

    public FormValidation doCheckEcrKeepTagged(@QueryParameter String value, @QueryParameter String ecrRepository,
        @QueryParameter boolean ecrApplyLifecyclePolicy) {
      return check(CHECK, "ecrKeepTagged", value, "ecrRepository", ecrRepository,
          "ecrApplyLifecyclePolicy", ecrApplyLifecyclePolicy);
    }

    public FormValidation doCheckEcrUntaggedOlderThan(@QueryParameter String value,
        @QueryParameter String ecrRepository, @QueryParameter boolean ecrApplyLifecyclePolicy) {
      return check(CHECK, "ecrUntaggedOlderThan", value, "ecrRepository", ecrRepository,
          "ecrApplyLifecyclePolicy", ecrApplyLifecyclePolicy);
    }
  }
}
