# EXTRA_PLUGINS file for ../shared/tools/jenkins-from-source (sourced by its build-plugins.sh; see its
# README "Adding plugins"). scripts/jenkins-e2e passes it to every build of the e2e's Jenkins.
#
# What the e2e's pipelines use, and where it comes from:
#   declarative Pipeline, workflow-basic-steps (writeFile, archiveArtifacts, unstable, dir...),
#   workflow-durable-task-step (sh), pipeline-groovy-lib + filesystem_scm (this checkout as the
#   Global Pipeline Library), credentials + credentials-binding (usernamePassword): built in.
#   aws-credentials (credentialsId of buildAndPushEcr / pruneDocker's ECR part, bound with
#   withCredentials([aws(...)])): not built. Its release 254.v978a_5e206a_d7 needs the API plugins
#   aws-java-sdk-minimal and aws-java-sdk-ec2 (AWS SDK v1, with jackson2-api, javax-activation-api,
#   jaxb, joda-time-api) and aws-java-sdk2-core / aws-java-sdk2-ec2 (SDK v2); the mirrors given to
#   the tool hold none of jenkinsci/aws-credentials-plugin, aws-java-sdk-plugin or aws-java-sdk2-plugin.
#   The e2e does not need it: it pushes to the local stack's plain registry (DEPLOY_REGISTRY) and
#   makes no AWS call.
# When a mirror of jenkinsci/aws-credentials-plugin is there, say so, so the gap is visible.
if [ -n "${MIRRORS:-}" ] && [ -d "$MIRRORS/jenkinsci+aws-credentials-plugin" ]; then
  echo "   note: a mirror of aws-credentials-plugin is there, but its AWS SDK API plugins are not built here"
fi
