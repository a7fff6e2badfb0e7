package io.deploysteps.ecr;

import io.deploysteps.engine.Json;
import io.deploysteps.fs.HostFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the files CodePipeline's ECS deploy actions read, atomically (temp file + rename), in the
 * shapes of the image definitions file reference
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/file-reference.html):
 * {@code imagedefinitions.json} for standard ECS deployments is
 * {@code [{"name":"<container>","imageUri":"<registry>/<repo>:<tag>"}]}; {@code imageDetail.json}
 * for ECS blue/green (CodeDeployToECS) deployments is {@code {"ImageURI":"<registry>/<repo>@sha256:..."}}.
 */
final class ImageDefinitions {
  private final HostFiles files;

  ImageDefinitions(HostFiles files) {
    this.files = files;
  }

  void writeImageDefinitions(String path, String containerName, String imageUri) {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("name", containerName);
    entry.put("imageUri", imageUri);
    write(path, List.of(entry));
  }

  void writeImageDetail(String path, String imageUriByDigest) {
    write(path, Map.of("ImageURI", imageUriByDigest));
  }

  private void write(String path, Object content) {
    files.createDirectories(files.parent(path));
    files.writeAtomically(path, Json.write(content) + "\n");
  }
}
