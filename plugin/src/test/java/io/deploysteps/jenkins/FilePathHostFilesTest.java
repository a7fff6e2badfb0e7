package io.deploysteps.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deploysteps.fs.HeldLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HostFiles over FilePath (a null channel is this JVM, as for a build on the built-in node). */
class FilePathHostFilesTest {
  @TempDir
  Path dir;

  private final FilePathHostFiles files = new FilePathHostFiles(null);

  @Test
  void writesAtomicallyAndLeavesNoTempFile() {
    String path = dir.resolve("service-url.inc").toString();
    files.writeAtomically(path, "set $service_url http://127.0.0.1:3000;\n");
    files.writeAtomically(path, "set $service_url http://127.0.0.1:4000;\n");
    assertEquals("set $service_url http://127.0.0.1:4000;\n", files.readString(path));
    assertEquals(List.of("service-url.inc"), files.list(dir.toString()));
  }

  @Test
  void createDirectoryIsALock() {
    String lock = dir.resolve("deploy.lock").toString();
    assertTrue(files.createDirectory(lock));
    assertFalse(files.createDirectory(lock));
    files.deleteRecursively(lock);
    assertFalse(files.exists(lock));
  }

  @Test
  void tryLockHoldsOneAtATimeAndTheFileStays() {
    String lock = dir.resolve(".app.deploy.lock").toString();
    try (HeldLock held = files.tryLock(lock).orElseThrow()) {
      assertTrue(files.tryLock(lock).isEmpty());
    }
    files.tryLock(lock).orElseThrow().close();
    assertTrue(files.exists(lock));
  }

  @Test
  void realPathFollowsASymlinkToItsTarget() throws Exception {
    Path target = Files.createDirectories(dir.resolve("shared")).resolve("app.conf");
    Files.writeString(target, "set $service_url http://127.0.0.1:3000;\n");
    Files.createSymbolicLink(dir.resolve("service-url.inc"), Path.of("shared/app.conf"));
    assertEquals(target.toRealPath().toString(), files.realPath(dir.resolve("service-url.inc").toString()));
  }

  @Test
  void tempDirectoriesArePrivate() throws Exception {
    String tmp = files.createTempDirectory("docker-config");
    try {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(tmp))));
    } finally {
      files.deleteRecursively(tmp);
    }
  }

  @Test
  void resolvesRelativeAndAbsolutePaths() {
    assertEquals(dir.resolve("a/b").toString(), files.resolve(dir.toString(), "a/b"));
    assertEquals("/etc/nginx/x.inc", files.resolve(dir.toString(), "/etc/nginx/x.inc"));
    assertEquals(dir.toString(), files.parent(dir.resolve("x").toString()));
    assertEquals(-1L, files.lastModified(dir.resolve("absent").toString()));
  }
}
