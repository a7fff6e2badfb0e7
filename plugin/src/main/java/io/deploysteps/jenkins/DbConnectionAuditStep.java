package io.deploysteps.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.dbaudit.AuditRunner;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code dbConnectionAudit}: prove MySQL/MariaDB or PostgreSQL can take every app pool (the app being
 * deployed counted twice), flag sleepers and long timeouts. Arguments: vars/dbConnectionAudit.txt.
 * The JDBC connection is opened by the Jenkins controller's JVM, not on the agent.
 */
public final class DbConnectionAuditStep extends DeployStepsStep {

  @DataBoundConstructor
  public DbConnectionAuditStep(String url, Object apps) {
    set("url", url);
    set("apps", apps);
  }

  @Override
  StepResult run(StepContext context, Map<String, Object> params) {
    return new AuditRunner(context).run(AuditRequest.fromMap(params));
  }

  public String getUrl() { return (String) get("url"); }

  public Object getApps() { return get("apps"); }

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

  @Extension
  public static final class DescriptorImpl extends DeployStepsDescriptor {
    @Override
    public String getFunctionName() {
      return "dbConnectionAudit";
    }

    @NonNull
    @Override
    public String getDisplayName() {
      return "Audit a database's connection budget before a deploy";
    }
  }
}
