package io.deploysteps.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.util.FormValidation;
import io.deploysteps.ecs.EcsDeployRequest;
import io.deploysteps.ecs.EcsDeployRunner;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.ecs.EcsParameters;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code ecsDeploy}: register a task definition revision with new images, roll it out to an ECS
 * service and follow it; a failed rollout is followed back to the previous revision and fails the
 * build. With {@code approve: true} on a CodeDeploy service it returns at Ready; the Jenkinsfile's
 * {@code input} then calls it again with continueDeployment or stopDeployment. Arguments: vars/ecsDeploy.txt.
 */
public final class EcsDeployStep extends AwsStep {

  @DataBoundConstructor
  public EcsDeployStep() {
  }

  @Override
  StepCatalogue catalogue() {
    return EcsParameters.CATALOGUE;
  }

  @Override
  StepResult run(StepContext context, Map<String, Object> params) {
    return new EcsDeployRunner(context).run(EcsDeployRequest.fromMap(params));
  }

  public String getCluster() { return (String) get("cluster"); }

  @DataBoundSetter public void setCluster(String cluster) { set("cluster", cluster); }

  public String getService() { return (String) get("service"); }

  @DataBoundSetter public void setService(String service) { set("service", service); }

  public String getImageDefinitions() { return (String) get("imageDefinitions"); }

  @DataBoundSetter public void setImageDefinitions(String imageDefinitions) { set("imageDefinitions", imageDefinitions); }

  public String getContainerName() { return (String) get("containerName"); }

  @DataBoundSetter public void setContainerName(String containerName) { set("containerName", containerName); }

  public String getImage() { return (String) get("image"); }

  @DataBoundSetter public void setImage(String image) { set("image", image); }

  public Object getWait() { return get("wait"); }

  @DataBoundSetter public void setWait(Object wait) { set("wait", wait); }

  public Boolean getForceNewDeployment() { return flag("forceNewDeployment"); }

  @DataBoundSetter public void setForceNewDeployment(Boolean forceNewDeployment) { set("forceNewDeployment", forceNewDeployment); }

  public Integer getDesiredCount() { return (Integer) get("desiredCount"); }

  @DataBoundSetter public void setDesiredCount(Integer desiredCount) { set("desiredCount", desiredCount); }

  public Boolean getRollbackOnFailure() { return flag("rollbackOnFailure"); }

  @DataBoundSetter public void setRollbackOnFailure(Boolean rollbackOnFailure) { set("rollbackOnFailure", rollbackOnFailure); }

  public String getApplicationName() { return (String) get("applicationName"); }

  @DataBoundSetter public void setApplicationName(String applicationName) { set("applicationName", applicationName); }

  public String getDeploymentGroupName() { return (String) get("deploymentGroupName"); }

  @DataBoundSetter public void setDeploymentGroupName(String deploymentGroupName) { set("deploymentGroupName", deploymentGroupName); }

  public Boolean getApprove() { return flag("approve"); }

  @DataBoundSetter public void setApprove(Boolean approve) { set("approve", approve); }

  public String getContinueDeployment() { return (String) get("continueDeployment"); }

  @DataBoundSetter public void setContinueDeployment(String continueDeployment) { set("continueDeployment", continueDeployment); }

  public String getStopDeployment() { return (String) get("stopDeployment"); }

  @DataBoundSetter public void setStopDeployment(String stopDeployment) { set("stopDeployment", stopDeployment); }

  @Extension
  public static final class DescriptorImpl extends AwsDescriptor {
    private static final ParameterCheck CHECK = EcsDeployRequest.check();

    @Override
    public String getFunctionName() {
      return "ecsDeploy";
    }

    @NonNull
    @Override
    public String getDisplayName() {
      return "Deploy new images to an Amazon ECS service";
    }

    @Override
    ParameterCheck check() {
      return CHECK;
    }

    /** The stage view's label: the service, or the CodeDeploy deployment decided on. */
    @Override
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
      return first(namedArgs, "service", "continueDeployment", "stopDeployment");
    }

    public FormValidation doCheckCluster(@QueryParameter String value) {
      return check(CHECK, "cluster", value);
    }

    public FormValidation doCheckService(@QueryParameter String value) {
      return check(CHECK, "service", value);
    }

    public FormValidation doCheckImage(@QueryParameter String value, @QueryParameter String containerName) {
      return check(CHECK, "image", value, "containerName", containerName, "imageDefinitions", "");
    }

    public FormValidation doCheckContainerName(@QueryParameter String value, @QueryParameter String image,
        @QueryParameter String imageDefinitions) {
      return check(CHECK, "containerName", value, "image", image, "imageDefinitions", imageDefinitions);
    }

    public FormValidation doCheckWait(@QueryParameter String value) {
      return check(CHECK, "wait", value);
    }

    public FormValidation doCheckDesiredCount(@QueryParameter String value) {
      return check(CHECK, "desiredCount", value);
    }

    public FormValidation doCheckContinueDeployment(@QueryParameter String value) {
      return check(CHECK, "continueDeployment", value);
    }

    public FormValidation doCheckStopDeployment(@QueryParameter String value) {
      return check(CHECK, "stopDeployment", value);
    }
  }
}
