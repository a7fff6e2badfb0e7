package io.deploysteps.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;

/** The {@code credentialsId} select boxes of the forms: the credentials of the right type the user may see. */
final class CredentialsPicker {
  private CredentialsPicker() {}

  /** AWS credentials (aws-credentials); only the current value when that plugin is not installed. */
  static ListBoxModel aws(Item item, String current) {
    return list(item, current, awsType());
  }

  static ListBoxModel usernamePassword(Item item, String current) {
    return list(item, current, StandardUsernamePasswordCredentials.class);
  }

  /** Says plainly when an AWS credential cannot be used here, instead of an empty list. */
  static FormValidation checkAws(String value) {
    if (awsType() != null) {
      return FormValidation.ok();
    }
    String why = "The AWS Credentials plugin (aws-credentials) is not installed, so no AWS credential can be picked";
    return value == null || value.isBlank()
        ? FormValidation.warning(why + "; without one the step uses the agent's instance role (or set credentials).")
        : FormValidation.error(why + ": the step will fail with this credentialsId. Install it or leave this empty.");
  }

  private static ListBoxModel list(Item item, String current, Class<? extends StandardCredentials> type) {
    StandardListBoxModel model = new StandardListBoxModel();
    model.includeEmptyValue();
    // As credentials-plugin's own steps do: list only for users who may configure or use the job.
    boolean mayList = item == null
        ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
        : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    if (mayList && type != null) {
      if (item == null) {
        model.includeAs(ACL.SYSTEM2, Jenkins.get(), type);
      } else {
        model.includeAs(ACL.SYSTEM2, item, type);
      }
    }
    if (current != null && !current.isBlank()) {
      model.includeCurrentValue(current);
    }
    return model;
  }

  /** aws-credentials' AmazonWebServicesCredentials, or null when the plugin is not installed. */
  static Class<? extends StandardCredentials> awsType() {
    try {
      return Jenkins.get().getPluginManager().uberClassLoader.loadClass(StepCredentials.AWS_TYPE)
          .asSubclass(StandardCredentials.class);
    } catch (ClassNotFoundException | ClassCastException e) {
      return null;
    }
  }
}
