package io.deploysteps.prune;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploysteps.engine.Json;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Real images with a chosen Created time: a {@code docker save} archive written here (one small
 * layer per image, the config's {@code created} set as wished) and given to {@code docker load},
 * which keeps that time, as Docker's {@code until} filters and our rules read it.
 */
final class AgedImages implements AutoCloseable {
  private final ArrayNode manifest = Json.MAPPER.createArrayNode();
  private final CommandRunner runner;
  private final Path work;
  private final Path archive;
  private final int padding;

  /** @param padding bytes added to every image's layer */
  AgedImages(CommandRunner runner, int padding) throws IOException {
    this.runner = runner;
    this.padding = padding;
    this.work = Files.createTempDirectory("it-prune-images");
    this.archive = Files.createDirectories(work.resolve("archive"));
  }

  /** Adds an image; {@code tag} null makes it dangling. Returns its id ({@code sha256:...}). */
  String add(String tag, Instant created, Map<String, String> labels, String content) throws IOException {
    Path layerDir = Files.createDirectories(work.resolve("layer"));
    Files.writeString(layerDir.resolve("marker"), content + "\n" + ".".repeat(padding));
    Path layer = work.resolve("layer.tar");
    run("tar", "--owner=0", "--group=0", "--mtime=@0", "-C", layerDir.toString(), "-cf", layer.toString(), "marker");
    String layerSha = sha256(Files.readAllBytes(layer));
    Files.move(layer, archive.resolve(layerSha + ".tar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.put("architecture", "amd64").put("os", "linux").put("created", created.toString());
    ObjectNode labelNode = config.putObject("config").putObject("Labels");
    labels.forEach(labelNode::put);
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add("sha256:" + layerSha);
    byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
    String configSha = sha256(configBytes);
    Files.write(archive.resolve(configSha + ".json"), configBytes);
    ObjectNode m = manifest.addObject();
    m.put("Config", configSha + ".json");
    ArrayNode tags = m.putArray("RepoTags");
    if (tag != null) {
      tags.add(tag);
    }
    m.putArray("Layers").add(layerSha + ".tar");
    return "sha256:" + configSha;
  }

  /** Loads every image added into the daemon in one {@code docker load}. */
  void load(Map<String, String> dockerEnv) throws IOException {
    Files.writeString(archive.resolve("manifest.json"), manifest.toString());
    Path all = work.resolve("all.tar");
    run("tar", "-C", archive.toString(), "-cf", all.toString(), ".");
    CommandResult r = runner.run(Command.of("docker", "load", "--quiet", "--input", all.toString()).env(dockerEnv).build());
    if (!r.ok()) {
      throw new IllegalStateException("docker load failed: " + r.stderr());
    }
  }

  private void run(String... argv) {
    CommandResult r = runner.run(Command.of(argv).build());
    if (!r.ok()) {
      throw new IllegalStateException(String.join(" ", argv) + ": " + r.stderr());
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    runner.run(Command.of("rm", "-rf", work.toString()).build());
  }
}
