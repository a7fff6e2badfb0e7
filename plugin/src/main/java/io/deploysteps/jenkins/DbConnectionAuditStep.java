package io.deploysteps.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.dbaudit.AuditRunner;
import io.deploysteps.dbaudit.DatabaseUrl;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.dbaudit.AuditParameters;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code dbConnectionAudit}: prove MySQL/MariaDB or PostgreSQL can take every app pool (the app being
 * deployed counted twice), flag sleepers and long timeouts. Arguments: vars/dbConnectionAudit.txt.
 * The JDBC connection is opened by the Jenkins controller's JVM, not on the agent. The audit account
 * comes from a username/password credential ({@code credentialsId}) or from {@code user} and
 * {@code passwordEnv}.
 */
public final class DbConnectionAuditStep extends DeployStepsStep {
  private String credentialsId;

  @DataBoundConstructor
  public DbConnectionAuditStep(String url, Object apps) {
    set("url", url);
    set("apps", apps);
  }

  @Override
  StepCatalogue catalogue() {
    return AuditParameters.CATALOGUE;
  }

  @Override
  StepResult run(StepContext context, Map<String, Object> params) {
    return new AuditRunner(context).run(AuditRequest.fromMap(params));
  }

  public String getUrl() { return (String) get("url"); }

  public Object getApps() { return get("apps"); }

  /** The id of a Jenkins username/password credential; not an engine key, the step binds it. */
  public String getCredentialsId() { return credentialsId; }

  @DataBoundSetter public void setCredentialsId(String credentialsId) { this.credentialsId = Util.fixEmptyAndTrim(credentialsId); }

  @Override
  StepCredentials credentials() {
    return credentialsId == null ? null : new StepCredentials(StepCredentials.Kind.USERNAME_PASSWORD, credentialsId);
  }

  public String getUser() { return (String) get("user"); }

  @DataBoundSetter public void setUser(String user) { set("user", user); }

  public String getPasswordEnv() { return (String) get("passwordEnv"); }

  @DataBoundSetter public void setPasswordEnv(String passwordEnv) { set("passwordEnv", passwordEnv); }

  public String getDeploying() { return (String) get("deploying"); }

  @DataBoundSetter public void setDeploying(String deploying) { set("deploying", deploying); }

  public Object getHeadroom() { return get("headroom"); }

  @DataBoundSetter public void setHeadroom(Object headroom) { set("headroom", headroom); }

  public Object getMaxUtilization() { return get("maxUtilization"); }

  @DataBoundSetter public void setMaxUtilization(Object maxUtilization) { set("maxUtilization", maxUtilization); }

  public Object getSleepingAfter() { return get("sleepingAfter"); }

  @DataBoundSetter public void setSleepingAfter(Object sleepingAfter) { set("sleepingAfter", sleepingAfter); }

  public Object getMaxSleepingShare() { return get("maxSleepingShare"); }

  @DataBoundSetter public void setMaxSleepingShare(Object maxSleepingShare) { set("maxSleepingShare", maxSleepingShare); }

  public Object getMaxWaitTimeout() { return get("maxWaitTimeout"); }

  @DataBoundSetter public void setMaxWaitTimeout(Object maxWaitTimeout) { set("maxWaitTimeout", maxWaitTimeout); }

  public String getFailOn() { return (String) get("failOn"); }

  @DataBoundSetter public void setFailOn(String failOn) { set("failOn", failOn); }

  public String getReportDir() { return (String) get("reportDir"); }

  @DataBoundSetter public void setReportDir(String reportDir) { set("reportDir", reportDir); }

  public Object getConnectTimeout() { return get("connectTimeout"); }

  @DataBoundSetter public void setConnectTimeout(Object connectTimeout) { set("connectTimeout", connectTimeout); }

  public Object getQueryTimeout() { return get("queryTimeout"); }

  @DataBoundSetter public void setQueryTimeout(Object queryTimeout) { set("queryTimeout", queryTimeout); }

  // The ecs entries: their task counts come from ECS (DescribeServices) with these AWS keys.
  public Object getEcs() { return get("ecs"); }

  @DataBoundSetter public void setEcs(Object ecs) { set("ecs", ecs); }

  public String getRegion() { return (String) get("region"); }

  @DataBoundSetter public void setRegion(String region) { set("region", region); }

  public String getCredentials() { return (String) get("credentials"); }

  @DataBoundSetter public void setCredentials(String credentials) { set("credentials", credentials); }

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

  @Extension
  public static final class DescriptorImpl extends DeployStepsDescriptor {
    private static final ParameterCheck CHECK = AuditRequest.check();

    @Override
    public String getFunctionName() {
      return "dbConnectionAudit";
    }

    @NonNull
    @Override
    public String getDisplayName() {
      return "Audit a database's connection budget before a deploy";
    }

    /** The stage view's label: the database's host:port/name (never the URL's options). */
    @Override
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
      String url = first(namedArgs, "url");
      try {
        return url == null ? null : DatabaseUrl.parse("url", url).address();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
      return CredentialsPicker.usernamePassword(item, credentialsId);
    }

    public FormValidation doCheckUrl(@QueryParameter String value) {
      return check(CHECK, "url", value);
    }

    public FormValidation doCheckApps(@QueryParameter String value) {
      return check(CHECK, "apps", value);
    }

    public FormValidation doCheckUser(@QueryParameter String value, @QueryParameter String credentialsId) {
      boolean fromCredential = credentialsId != null && !credentialsId.isBlank();
      if (fromCredential) {
        return value == null || value.isBlank() ? FormValidation.ok()
            : FormValidation.error(StepCredentials.DB_BOTH);
      }
      return check(CHECK, "user", value);
    }

    public FormValidation doCheckPasswordEnv(@QueryParameter String value) {
      return check(CHECK, "passwordEnv", value);
    }

    public FormValidation doCheckDeploying(@QueryParameter String value, @QueryParameter String apps) {
      return check(CHECK, "deploying", value, "apps", apps);
    }

    public FormValidation doCheckHeadroom(@QueryParameter String value) {
      return check(CHECK, "headroom", value);
    }

    public FormValidation doCheckMaxUtilization(@QueryParameter String value) {
      return check(CHECK, "maxUtilization", value);
    }

    public FormValidation doCheckSleepingAfter(@QueryParameter String value) {
      return check(CHECK, "sleepingAfter", value);
    }

    public FormValidation doCheckMaxSleepingShare(@QueryParameter String value) {
      return check(CHECK, "maxSleepingShare", value);
    }

    public FormValidation doCheckMaxWaitTimeout(@QueryParameter String value) {
      return check(CHECK, "maxWaitTimeout", value);
    }

    public ListBoxModel doFillFailOnItems(@QueryParameter String failOn) {
      return choices(failOn, "budget", "warning", "never");
    }

    public FormValidation doCheckConnectTimeout(@QueryParameter String value) {
      return check(CHECK, "connectTimeout", value);
    }

    public FormValidation doCheckQueryTimeout(@QueryParameter String value) {
      return check(CHECK, "queryTimeout", value);
    }
  }
}
