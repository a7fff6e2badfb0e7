package io.deploysteps.ecr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.docker.HttpManifestTags;
import io.deploysteps.docker.ManifestTags;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.After;
import org.junit.Test;

/**
 * HttpManifestTags against the local stack's real registries (distribution 2.8): the plain one
 * anonymously and the htpasswd one with its login, as TagPusher uses it for every tag after the first.
 */
public class ManifestTagsIT {
  private static final String REPOSITORY = "h19-manifest-tags/app";
  private final RecordingLog recording = new RecordingLog();
  private final Docker docker = new DockerCli(new LocalCommandRunner(recording.log()), "docker", LocalStack.dockerEnv());
  private final ManifestTags tags = new HttpManifestTags();
  private final String plain = LocalStack.registry();
  private final String auth = LocalStack.authRegistry();
  private Path config;

  @After
  public void cleanUp() {
    for (String registry : new String[] {plain, auth}) {
      docker.removeImage(registry + "/" + REPOSITORY + ":v1", true);
    }
    new RegistryApi(plain, null, null).deleteAll(REPOSITORY);
    new RegistryApi(auth, "AWS", password()).deleteAll(REPOSITORY);
    if (config != null) {
      new LocalHostFiles().deleteRecursively(config.toString());
    }
  }

  private static String password() {
    return LocalStack.get("DEPLOY_STEPS_AUTH_REGISTRY_PASSWORD");
  }

  /** Builds and pushes {@code registry/REPOSITORY:v1} with docker; its digest. */
  private String pushed(Docker client, String registry) {
    String ref = registry + "/" + REPOSITORY + ":v1";
    TestImage.tagged(ref).label("io.deploysteps.test", "h19-manifest-tags").build(docker);
    return client.push(ref, line -> {}).digest();
  }

  @Test
  public void tagsThePushedManifestOfAnAnonymousRegistryWithoutDocker() throws Exception {
    String digest = pushed(docker, plain);
    RegistryApi api = new RegistryApi(plain, null, null);
    assertNull(api.digest(REPOSITORY, "stable"));

    tags.tag(plain, REPOSITORY, digest, "stable", null, null);

    assertEquals(digest, api.digest(REPOSITORY, "stable"));
    assertEquals(digest, api.digest(REPOSITORY, "v1"));
  }

  @Test
  public void tagsOnAnHtpasswdRegistryWithTheLoginAndDeclinesWithoutIt() throws Exception {
    config = Files.createTempDirectory("h19-manifest-tags");
    Docker loggedIn = docker.withConfigDir(config.toString());
    loggedIn.login(auth, "AWS", password());
    String digest = pushed(loggedIn, auth);
    RegistryApi api = new RegistryApi(auth, "AWS", password());

    try {
      tags.tag(auth, REPOSITORY, digest, "stable", null, null);
      fail("an anonymous GET of a registry that asks for a login is declined");
    } catch (ManifestTags.Declined e) {
      assertEquals("GET of the manifest answered HTTP 401, auth basic", e.getMessage());
    }
    try {
      tags.tag(auth, REPOSITORY, digest, "stable", "AWS", "not-the-password");
      fail("a wrong password is declined");
    } catch (ManifestTags.Declined e) {
      assertEquals("GET of the manifest answered HTTP 401, auth basic", e.getMessage());
      assertFalse(e.getMessage().contains("not-the-password"));
    }
    assertNull("nothing was tagged by the declined calls", api.digest(REPOSITORY, "stable"));

    tags.tag(auth, REPOSITORY, digest, "stable", "AWS", password());

    assertEquals(digest, api.digest(REPOSITORY, "stable"));
  }

  @Test
  public void aDigestTheRegistryDoesNotHaveIsDeclinedAndTagsNothing() throws Exception {
    pushed(docker, plain);
    String unknown = "sha256:" + "0".repeat(64);
    try {
      tags.tag(plain, REPOSITORY, unknown, "stable", null, null);
      fail("no such manifest");
    } catch (ManifestTags.Declined e) {
      assertEquals("GET of the manifest answered HTTP 404", e.getMessage());
    }
    assertNull(new RegistryApi(plain, null, null).digest(REPOSITORY, "stable"));
  }

  @Test
  public void aRegistryThatIsNotThereIsDeclinedQuickly() {
    long t0 = System.nanoTime();
    try {
      // 31699: this suite's own port range, nothing listens on it.
      tags.tag("127.0.0.1:31699", REPOSITORY, "sha256:" + "0".repeat(64), "stable", null, null);
      fail("nothing listens there");
    } catch (ManifestTags.Declined e) {
      assertEquals("GET of the manifest: ConnectException", e.getMessage());
    }
    assertTrue("refused at once, no retry loop", (System.nanoTime() - t0) / 1_000_000 < 3000);
  }
}
