package io.deploysteps.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * credentialsId: the step binds the credential itself (the engine gets the user, the password only
 * in its own view of the environment, masked), and an AWS credential without aws-credentials fails
 * with a message that says so. The database is not reachable here: the audit's own "as USER" line
 * and its connection failure are the proof.
 */
@WithJenkins
class StepCredentialsTest {
  private static final String PASSWORD = "s3cret-audit-pw";
  private JenkinsRule j;

  @BeforeEach
  void setUp(JenkinsRule rule) throws Exception {
    j = rule;
    CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
        new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "shop-db", "audit account", "auditor", PASSWORD));
  }

  private WorkflowRun run(String script) throws Exception {
    WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p" + j.jenkins.getItems().size());
    p.setDefinition(new CpsFlowDefinition(script, true));
    return j.buildAndAssertStatus(Result.FAILURE, p);
  }

  @Test
  void aUsernamePasswordCredentialGivesTheAuditItsUser() throws Exception {
    WorkflowRun b = run("node { dbConnectionAudit(url: 'jdbc:mariadb://127.0.0.1:1/shop', apps: 'api=10',"
        + " credentialsId: 'shop-db', connectTimeout: '1s') }");
    j.assertLogContains("[dbConnectionAudit] auditing MySQL/MariaDB at 127.0.0.1:1 as auditor", b);
    j.assertLogNotContains(PASSWORD, b);
  }

  @Test
  void aCredentialAndAUserAreRefused() throws Exception {
    j.assertLogContains("dbConnectionAudit: credentialsId gives the user and the password; leave out user and passwordEnv",
        run("node { dbConnectionAudit(url: 'jdbc:mariadb://127.0.0.1:1/shop', apps: 'api=10', credentialsId: 'shop-db',"
            + " user: 'root') }"));
  }

  @Test
  void anAwsCredentialWithoutAwsCredentialsSaysWhatIsMissing() throws Exception {
    j.assertLogContains("buildAndPushEcr: credentialsId 'aws-ci' needs the AWS Credentials plugin (aws-credentials)",
        run("node { buildAndPushEcr(repository: 'shop/api', registry: '127.0.0.1:5000', credentialsId: 'aws-ci') }"));
  }
}
