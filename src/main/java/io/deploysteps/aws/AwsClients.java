package io.deploysteps.aws;

import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Makes AWS SDK clients for a region, with the step's credentials and endpoint. */
public interface AwsClients {
  EcrClient ecr(String region);

  StsClient sts(String region);

  /** Amazon ECS in its JSON protocol (documents as trees: see {@link AwsJsonService}). */
  AwsJsonService ecs(String region);

  /** AWS CodeDeploy in its JSON protocol (no SDK module of it resolves here). */
  AwsJsonService codeDeploy(String region);

  /** runBuildspec's env.parameter-store. */
  default SsmClient ssm(String region) {
    throw new UnsupportedOperationException("no SSM client here");
  }

  /** runBuildspec's env.secrets-manager. */
  default SecretsManagerClient secretsManager(String region) {
    throw new UnsupportedOperationException("no Secrets Manager client here");
  }
}
