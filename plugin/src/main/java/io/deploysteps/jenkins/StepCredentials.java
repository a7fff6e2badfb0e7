package io.deploysteps.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Descriptor;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.deploysteps.exec.LocalCommandRunner;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.jenkinsci.plugins.structs.SymbolLookup;
import org.jenkinsci.plugins.structs.describable.DescribableModel;

/**
 * The Jenkins credential a step was given ({@code credentialsId}), bound when the step runs the way
 * the shared library binds it: AWS keys become {@code credentials: 'env'}, a username/password the
 * audit's {@code user} and {@code passwordEnv}. The secret values go only into the engine's own view
 * of the environment (and the log's masks), never into the environment of a process it starts.
 */
final class StepCredentials implements Serializable {
  private static final long serialVersionUID = 1L;
  /** aws-credentials' type; that plugin is optional, so it is named, not imported. */
  static final String AWS_TYPE = "com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials";
  static final String DB_PASSWORD_ENV = "DEPLOY_STEPS_DB_PASSWORD";
  /** The shared library's words for the same conflicts (vars/deployStepsRun.groovy). */
  static final String AWS_BOTH = "give credentialsId (a Jenkins AWS credential) or credentials (default, env,"
      + " profile:NAME), not both";
  static final String DB_BOTH = "credentialsId gives the user and the password; leave out user and passwordEnv";

  static final String REGISTRY_BOTH = "registryCredentialsId gives the registry's user and password; leave out registryUser";

  /** AWS keys; a username/password for the audit; a username/password (or token) for a plain registry's login. */
  enum Kind { AWS, USERNAME_PASSWORD, REGISTRY }

  private final Kind kind;
  private final String id;
  /** A second credential bound after this one (buildAndPushEcr: AWS keys and a registry login), or null. */
  private final StepCredentials next;

  StepCredentials(Kind kind, String id) {
    this(kind, id, null);
  }

  private StepCredentials(Kind kind, String id, StepCredentials next) {
    this.kind = kind;
    this.id = id;
    this.next = next;
  }

  /** This credential, then {@code more}; either may be null. */
  static StepCredentials both(StepCredentials first, StepCredentials more) {
    return first == null ? more : more == null ? first : new StepCredentials(first.kind, first.id, more);
  }

  /** The engine's parameters, and the variables only the engine sees: secret (masked) and plain ones. */
  record Bound(Map<String, Object> params, Map<String, String> secrets, Map<String, String> plain) {}

  Bound bind(String step, Map<String, Object> params, Run<?, ?> run, FilePath workspace, Launcher launcher,
      TaskListener listener) throws IOException, InterruptedException {
    Bound first = bindOne(step, params, run, workspace, launcher, listener);
    if (next == null) {
      return first;
    }
    Bound second = next.bind(step, first.params(), run, workspace, launcher, listener);
    Map<String, String> secrets = new LinkedHashMap<>(first.secrets());
    secrets.putAll(second.secrets());
    Map<String, String> plain = new LinkedHashMap<>(first.plain());
    plain.putAll(second.plain());
    return new Bound(second.params(), secrets, plain);
  }

  private Bound bindOne(String step, Map<String, Object> params, Run<?, ?> run, FilePath workspace, Launcher launcher,
      TaskListener listener) throws IOException, InterruptedException {
    Map<String, Object> out = new LinkedHashMap<>(params);
    if (kind == Kind.AWS) {
      if (out.containsKey("credentials")) {
        throw new AbortException(step + ": " + AWS_BOTH);
      }
      out.put("credentials", "env");
      MultiBinding.MultiEnvironment bound = aws(step, run, workspace, launcher, listener);
      return new Bound(out, bound.getSecretValues(), bound.getPublicValues());
    }
    if (kind == Kind.REGISTRY && out.containsKey("registryUser")) {
      throw new AbortException(step + ": " + REGISTRY_BOTH);
    }
    if (kind == Kind.USERNAME_PASSWORD && (out.containsKey("user") || out.containsKey("passwordEnv"))) {
      throw new AbortException(step + ": " + DB_BOTH);
    }
    StandardUsernamePasswordCredentials c =
        CredentialsProvider.findCredentialById(id, StandardUsernamePasswordCredentials.class, run);
    if (c == null) {
      throw new AbortException(step + ": no username/password credential '" + id + "' that this build may use");
    }
    CredentialsProvider.track(run, c);
    if (kind == Kind.REGISTRY) {
      // The engine's fixed name for it: no process the step starts inherits it (LocalCommandRunner.holdsSecret).
      out.put("registryUser", c.getUsername());
      return new Bound(out, Map.of(LocalCommandRunner.REGISTRY_PASSWORD, c.getPassword().getPlainText()), Map.of());
    }
    out.put("user", c.getUsername());
    out.put("passwordEnv", DB_PASSWORD_ENV);
    return new Bound(out, Map.of(DB_PASSWORD_ENV, c.getPassword().getPlainText()), Map.of());
  }

  /**
   * aws-credentials' own binding ({@code withCredentials([aws(...)])}, which also assumes a role when
   * the credential names one), found by its symbol so this plugin runs without aws-credentials.
   */
  private MultiBinding.MultiEnvironment aws(String step, Run<?, ?> run, FilePath workspace, Launcher launcher,
      TaskListener listener) throws IOException, InterruptedException {
    Descriptor<?> binding = SymbolLookup.get().findDescriptor(MultiBinding.class, "aws");
    if (binding == null) {
      throw new AbortException(step + ": credentialsId '" + id + "' needs the AWS Credentials plugin (aws-credentials),"
          + " which is not installed; install it, or leave credentialsId out to use the agent's instance role");
    }
    MultiBinding<?> b = (MultiBinding<?>) DescribableModel.of(binding.clazz)
        .instantiate(Map.of("credentialsId", id), listener);
    return b.bind(run, workspace, launcher, listener);
  }
}
