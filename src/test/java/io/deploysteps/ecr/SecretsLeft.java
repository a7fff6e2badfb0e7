package io.deploysteps.ecr;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** No log line and no file under the workspace, the temp root or ~/.docker (changed since the test began) holds a secret. */
public final class SecretsLeft {
  private SecretsLeft() {}

  public static void assertNone(List<String> lines, Path workspace, long startMillis, String... secrets) throws IOException {
    for (String line : lines) {
      for (String s : secrets) {
        assertFalse("a log line holds a secret: " + line.replace(s, "<SECRET>"), line.contains(s));
      }
    }
    List<Path> roots = List.of(workspace, Paths.get(System.getProperty("java.io.tmpdir")),
        Paths.get(System.getProperty("user.home"), ".docker"));
    for (Path root : roots) {
      for (Path file : filesChangedSince(root, startMillis)) {
        byte[] content;
        try {
          content = Files.readAllBytes(file);
        } catch (IOException e) {
          continue; // gone or unreadable meanwhile (other builds share the temp root)
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        for (String s : secrets) {
          assertFalse(file + " holds a secret", text.contains(s));
        }
      }
    }
    try (var dirs = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
      dirs.filter(p -> p.getFileName().toString().startsWith("deploy-steps-docker-config"))
          .filter(p -> p.toFile().lastModified() >= startMillis)
          .forEach(p -> fail("the temporary DOCKER_CONFIG " + p + " was left behind"));
    }
  }

  private static List<Path> filesChangedSince(Path root, long since) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && attrs.lastModifiedTime().toMillis() >= since && attrs.size() < 16 << 20) {
          out.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) {
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }
}
