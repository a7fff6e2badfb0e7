package io.deploysteps.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.deploysteps.ecr.BuildAndPushRequest;
import io.deploysteps.ecr.BuildAndPushRunner;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.ecr.BuildAndPushParameters;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code buildAndPushEcr}: docker build once, tag, push every tag to Amazon ECR (or a plain registry)
 * with a throwaway login, write image definition files. Arguments: vars/buildAndPushEcr.txt.
 */
public final class BuildAndPushEcrStep extends RegistryLoginStep {

  @DataBoundConstructor
  public BuildAndPushEcrStep(String repository) {
    set("repository", repository);
  }

  @Override
  StepCatalogue catalogue() {
    return BuildAndPushParameters.CATALOGUE;
  }

  @Override
  StepResult run(StepContext context, Map<String, Object> params) {
    return new BuildAndPushRunner(context).run(BuildAndPushRequest.fromMap(params));
  }

  public String getRepository() { return (String) get("repository"); }

  public String getRepositoryUri() { return (String) get("repositoryUri"); }

  @DataBoundSetter public void setRepositoryUri(String repositoryUri) { set("repositoryUri", repositoryUri); }

  public String getRegistryId() { return (String) get("registryId"); }

  @DataBoundSetter public void setRegistryId(String registryId) { set("registryId", registryId); }

  public Boolean getNoCache() { return flag("noCache"); }

  @DataBoundSetter public void setNoCache(Boolean noCache) { set("noCache", noCache); }

  public Boolean getPush() { return flag("push"); }

  @DataBoundSetter public void setPush(Boolean push) { set("push", push); }

  public Boolean getPushOnly() { return flag("pushOnly"); }

  @DataBoundSetter public void setPushOnly(Boolean pushOnly) { set("pushOnly", pushOnly); }

  public String getBuilder() { return (String) get("builder"); }

  @DataBoundSetter public void setBuilder(String builder) { set("builder", builder); }

  public Object getCacheTo() { return get("cacheTo"); }

  @DataBoundSetter public void setCacheTo(Object cacheTo) { set("cacheTo", cacheTo); }

  public Object getScanGate() { return get("scanGate"); }

  @DataBoundSetter public void setScanGate(Object scanGate) { set("scanGate", scanGate); }

  public String getRegistry() { return (String) get("registry"); }

  @DataBoundSetter public void setRegistry(String registry) { set("registry", registry); }

  public String getAccountId() { return (String) get("accountId"); }

  @DataBoundSetter public void setAccountId(String accountId) { set("accountId", accountId); }

  public Object getTags() { return get("tags"); }

  @DataBoundSetter public void setTags(Object tags) { set("tags", tags); }

  public String getContext() { return (String) get("context"); }

  @DataBoundSetter public void setContext(String context) { set("context", context); }

  public String getDockerfile() { return (String) get("dockerfile"); }

  @DataBoundSetter public void setDockerfile(String dockerfile) { set("dockerfile", dockerfile); }

  public Object getBuildArgs() { return get("buildArgs"); }

  @DataBoundSetter public void setBuildArgs(Object buildArgs) { set("buildArgs", buildArgs); }

  public String getTarget() { return (String) get("target"); }

  @DataBoundSetter public void setTarget(String target) { set("target", target); }

  public String getPlatform() { return (String) get("platform"); }

  @DataBoundSetter public void setPlatform(String platform) { set("platform", platform); }

  public Object getLabels() { return get("labels"); }

  @DataBoundSetter public void setLabels(Object labels) { set("labels", labels); }

  /** true (the repository's :latest), or image references as docker's --cache-from takes them. */
  public Object getCacheFrom() { return get("cacheFrom"); }

  @DataBoundSetter public void setCacheFrom(Object cacheFrom) { set("cacheFrom", cacheFrom); }

  public Boolean getPull() { return flag("pull"); }

  @DataBoundSetter public void setPull(Boolean pull) { set("pull", pull); }

  public Boolean getCreateRepository() { return flag("createRepository"); }

  @DataBoundSetter public void setCreateRepository(Boolean createRepository) { set("createRepository", createRepository); }

  public Boolean getScanOnPush() { return flag("scanOnPush"); }

  @DataBoundSetter public void setScanOnPush(Boolean scanOnPush) { set("scanOnPush", scanOnPush); }

  public String getImageTagMutability() { return (String) get("imageTagMutability"); }

  @DataBoundSetter public void setImageTagMutability(String imageTagMutability) { set("imageTagMutability", imageTagMutability); }

  public String getEncryption() { return (String) get("encryption"); }

  @DataBoundSetter public void setEncryption(String encryption) { set("encryption", encryption); }

  public String getImageDefinitions() { return (String) get("imageDefinitions"); }

  @DataBoundSetter public void setImageDefinitions(String imageDefinitions) { set("imageDefinitions", imageDefinitions); }

  public String getContainerName() { return (String) get("containerName"); }

  @DataBoundSetter public void setContainerName(String containerName) { set("containerName", containerName); }

  public String getImageDetail() { return (String) get("imageDetail"); }

  @DataBoundSetter public void setImageDetail(String imageDetail) { set("imageDetail", imageDetail); }

  @Extension
  public static final class DescriptorImpl extends RegistryLoginDescriptor {
    private static final ParameterCheck CHECK = BuildAndPushRequest.check();

    @Override
    public String getFunctionName() {
      return "buildAndPushEcr";
    }

    @NonNull
    @Override
    public String getDisplayName() {
      return "Build a Docker image and push it to Amazon ECR";
    }

    @Override
    ParameterCheck check() {
      return CHECK;
    }

    /** The stage view's label: the repository. */
    @Override
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
      return first(namedArgs, "repository");
    }

    public FormValidation doCheckRepository(@QueryParameter String value, @QueryParameter String registry) {
      return check(CHECK, "repository", value, "registry", registry);
    }

    public FormValidation doCheckRegistry(@QueryParameter String value) {
      return check(CHECK, "registry", value);
    }

    public FormValidation doCheckAccountId(@QueryParameter String value) {
      return check(CHECK, "accountId", value);
    }

    public FormValidation doCheckTags(@QueryParameter String value) {
      return check(CHECK, "tags", value);
    }

    public FormValidation doCheckBuildArgs(@QueryParameter String value) {
      return check(CHECK, "buildArgs", value);
    }

    public FormValidation doCheckTarget(@QueryParameter String value) {
      return check(CHECK, "target", value);
    }

    public FormValidation doCheckPlatform(@QueryParameter String value) {
      return check(CHECK, "platform", value);
    }

    public FormValidation doCheckLabels(@QueryParameter String value) {
      return check(CHECK, "labels", value);
    }

    public FormValidation doCheckRepositoryUri(@QueryParameter String value) {
      return check(CHECK, "repositoryUri", value);
    }

    public ListBoxModel doFillBuilderItems(@QueryParameter String builder) {
      return choices(builder, "auto", "buildkit", "legacy");
    }

    public ListBoxModel doFillImageTagMutabilityItems(@QueryParameter String imageTagMutability) {
      return choices(imageTagMutability, "MUTABLE", "IMMUTABLE");
    }

    public FormValidation doCheckEncryption(@QueryParameter String value) {
      return check(CHECK, "encryption", value);
    }

    public FormValidation doCheckContainerName(@QueryParameter String value, @QueryParameter String imageDefinitions) {
      return check(CHECK, "containerName", value, "imageDefinitions", imageDefinitions);
    }
  }
}
