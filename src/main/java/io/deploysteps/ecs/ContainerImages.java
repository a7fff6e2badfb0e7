package io.deploysteps.ecs;

import io.deploysteps.docker.ImageDefinitionsFile;
import io.deploysteps.fs.HostFiles;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The images to deploy, container name to image URI: from the {@code imagedefinitions.json}
 * buildAndPushEcr writes ({@code [{"name":"app","imageUri":"...:tag"}]}, the file CodePipeline's
 * ECS deploy action reads), or from one {@code containerName} and {@code image}.
 */
final class ContainerImages {
  private ContainerImages() {}

  static Map<String, String> of(EcsDeployRequest r, HostFiles files, String workspace) {
    Map<String, String> images = new LinkedHashMap<>();
    if (r.image != null) {
      images.put(r.containerName, r.image);
      return images;
    }
    String path = java.nio.file.Paths.get(workspace).resolve(r.imageDefinitions).normalize().toString();
    images.putAll(ImageDefinitionsFile.read(files, path, "imageDefinitions"));
    if (r.containerName != null) {
      String uri = ImageDefinitionsFile.imageOf(images, path, r.containerName);
      return new LinkedHashMap<>(Map.of(r.containerName, uri));
    }
    return images;
  }
}
