package io.deploysteps.docker;

import java.util.Map;
import java.util.function.Consumer;

/** Building and moving images to and from registries: the part of Docker that holds registry credentials. */
public interface DockerBuilds {
  /** Builds and returns the image id. {@code progress} gets the build output line by line. */
  String build(BuildSpec spec, Consumer<String> progress);

  /**
   * The best builder this client has: buildx when {@code docker buildx version} answers, BuildKit
   * built in when the CLI predates 23.0 (it still has it; later ones need buildx), else the legacy one.
   */
  default ImageBuilder availableBuilder() {
    return ImageBuilder.LEGACY;
  }

  /** Pushes one reference and returns its digest and layer counts. */
  PushResult push(String reference, Consumer<String> progress);

  /** Pulls; false when the image is not there (a miss), an exception for other failures. */
  boolean pull(String reference);

  /** Logs in with the password on stdin (never in argv) into this client's config directory. */
  void login(String registry, String username, String password);

  /**
   * The same, keeping its credentials in {@code configDir} (a throwaway DOCKER_CONFIG), with
   * variables added to every docker process's environment (PATH and the channel of a credential
   * helper: paths only, never a secret).
   */
  DockerBuilds withConfigDir(String configDir, Map<String, String> clientEnv);
}
