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

  /** Whether it created the repository, and whether the repository scans images on push. */
  record Ensured(boolean created, boolean scansOnPush) {}

  Ensured ensure(BuildAndPushRequest r, String accountId) {
    try {
      var found = ecr.describeRepositories(b -> b.registryId(accountId).repositoryNames(r.repository()));
      boolean scans = found.hasRepositories() && !found.repositories().isEmpty()
          && found.repositories().get(0).imageScanningConfiguration() != null
          && Boolean.TRUE.equals(found.repositories().get(0).imageScanningConfiguration().scanOnPush());
      return new Ensured(false, scans);
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
      return new Ensured(true, r.scanOnPush);
    } catch (RepositoryAlreadyExistsException e) {
      return new Ensured(false, r.scanOnPush); // another build created it in between: that is what we wanted
    } catch (SdkException e) {
      throw AwsCallFailure.of("ECR CreateRepository", e);
    }
  }
}
