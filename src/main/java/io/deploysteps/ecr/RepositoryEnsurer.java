package io.deploysteps.ecr;

import io.deploysteps.aws.AwsCallFailure;
import io.deploysteps.engine.StepFailedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.EncryptionConfiguration;
import software.amazon.awssdk.services.ecr.model.ImageScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** Makes sure the ECR repository exists: DescribeRepositories, then CreateRepository when allowed. */
final class RepositoryEnsurer {
  private final EcrClient ecr;

  RepositoryEnsurer(EcrClient ecr) {
    this.ecr = ecr;
  }

  /** Returns true when it created the repository. */
  boolean ensure(BuildAndPushRequest r, String accountId) {
    try {
      ecr.describeRepositories(b -> b.registryId(accountId).repositoryNames(r.repository()));
      return false;
    } catch (RepositoryNotFoundException e) {
      if (!r.createRepository) {
        throw new StepFailedException("ECR repository " + r.repository() + " does not exist in account " + accountId
            + " (" + r.region + ") and createRepository is false", e);
      }
    } catch (SdkException e) {
      throw AwsCallFailure.of("ECR DescribeRepositories", e);
    }
    EncryptionConfiguration.Builder enc = EncryptionConfiguration.builder().encryptionType(r.encryptionType);
    if (r.kmsKey != null) {
      enc.kmsKey(r.kmsKey);
    }
    CreateRepositoryRequest create = CreateRepositoryRequest.builder()
        .registryId(accountId)
        .repositoryName(r.repository())
        .imageTagMutability(r.imageTagMutability)
        .imageScanningConfiguration(ImageScanningConfiguration.builder().scanOnPush(r.scanOnPush).build())
        .encryptionConfiguration(enc.build())
        .build();
    try {
      ecr.createRepository(create);
      return true;
    } catch (RepositoryAlreadyExistsException e) {
      return false; // another build created it in between: that is what we wanted
    } catch (SdkException e) {
      throw AwsCallFailure.of("ECR CreateRepository", e);
    }
  }
}
