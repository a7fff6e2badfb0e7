package io.deploysteps.ecs;

import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What ecsDeploy did: the new and previous task definition revisions, the deployment followed and
 * how it ended, whether traffic went back to the previous revision, and the timings. A rollout that
 * did not complete is a failed step (exit 1) even when the rollback went well.
 */
public final class EcsDeployResult implements StepResult {
  final Map<String, Object> values = new LinkedHashMap<>();
  private final List<String> summary = new ArrayList<>();
  private final boolean ok;

  private EcsDeployResult(boolean ok) {
    this.ok = ok;
  }

  /** {@code rolloutState}: COMPLETED, FAILED, TIMED_OUT; for CodeDeploy also READY (waiting for approval), STOPPED. */
  static EcsDeployResult of(boolean ok, String controller, String cluster, String service, String taskDefinitionArn,
      String previousTaskDefinitionArn, String deploymentId, String rolloutState, boolean rolledBack) {
    EcsDeployResult r = new EcsDeployResult(ok);
    r.values.put("controller", controller);
    r.values.put("cluster", cluster);
    r.values.put("service", service);
    r.values.put("taskDefinitionArn", taskDefinitionArn);
    r.values.put("previousTaskDefinitionArn", previousTaskDefinitionArn);
    r.values.put("deploymentId", deploymentId);
    r.values.put("rolloutState", rolloutState);
    r.values.put("rolledBack", rolledBack);
    return r;
  }

  EcsDeployResult with(String key, Object value) {
    values.put(key, value);
    return this;
  }

  EcsDeployResult line(String text) {
    summary.add(text);
    return this;
  }

  EcsDeployResult timings(Map<String, Long> ms) {
    values.put("timingsMs", new LinkedHashMap<>(ms));
    summary.add(String.format(Locale.ROOT, "total %.1f s", ms.getOrDefault("total", 0L) / 1000.0));
    return this;
  }

  public String rolloutState() {
    return (String) values.get("rolloutState");
  }

  public boolean rolledBack() {
    return Boolean.TRUE.equals(values.get("rolledBack"));
  }

  @Override
  public Map<String, Object> toMap() {
    return new LinkedHashMap<>(values);
  }

  @Override
  public List<String> summary() {
    return List.copyOf(summary);
  }

  @Override
  public int exitCode() {
    return ok ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
