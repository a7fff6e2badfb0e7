package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.fs.LocalHostFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Bad input through the CLI: exit 2 and one line naming the parameter, before anything is built. */
public class BuildAndPushEcrCommandTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;
  private Path workspace;

  @Before
  public void setUp() throws IOException {
    savedErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    workspace = Files.createTempDirectory("buildandpushecr-cli");
  }

  @After
  public void tearDown() {
    System.setErr(savedErr);
    new LocalHostFiles().deleteRecursively(workspace.toString());
  }

  private String run(int expected, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "build-and-push-ecr";
    all[1] = "--workspace";
    all[2] = workspace.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    int code = io.deploysteps.cli.DeployStepsCli.execute(all);
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(text, expected, code);
    err.reset();
    return text;
  }

  @Test
  public void badInputExitsWithTwoNamingTheParameter() {
    assertTrue(run(2, "--registry", "127.0.0.1:5000", "--repository", "My_App")
        .startsWith("deploy-steps: invalid parameter 'repository': 'My_App' is not a valid ECR repository name"));
    assertTrue(run(2, "--registry", "127.0.0.1:5000", "--repository", "app", "--tags", "ok,bad tag")
        .startsWith("deploy-steps: invalid parameter 'tags': 'bad tag' is not a valid Docker tag"));
    assertTrue(run(2, "--region", "europe", "--repository", "app")
        .startsWith("deploy-steps: invalid parameter 'region': 'europe' is not an AWS region name"));
    assertTrue(run(2, "--registry", "127.0.0.1:5000", "--repository", "app", "--image-definitions", "i.json")
        .startsWith("deploy-steps: invalid parameter 'containerName': is required when imageDefinitions is set"));
    assertTrue(run(2, "--repository", "app", "--no-cache-from", "--bogus").contains("Unknown option: '--bogus'"));
  }

  @Test
  public void aMissingDockerfileExitsWithTwo() {
    assertTrue(run(2, "--registry", "127.0.0.1:5000", "--repository", "app", "--tags", "x")
        .startsWith("deploy-steps: invalid parameter 'dockerfile': no Dockerfile at " + workspace.resolve("Dockerfile")));
  }

  @Test
  public void paramsFileUsesTheGroovyKeysAndOptionsWin() throws IOException {
    Path params = workspace.resolve("params.yaml");
    Files.writeString(params, "repository: team/app\nregistry: 127.0.0.1:5000\ntags: [x]\ncontainerName: web\n"
        + "imageDefinitions: out/imagedefinitions.json\n");
    assertTrue(run(2, "--params-file", params.toString(), "--repository", "Bad")
        .startsWith("deploy-steps: invalid parameter 'repository': 'Bad'"));
    Files.writeString(params, "repository: team/app\nregistry: 127.0.0.1:5000\nrepositry: typo\n");
    assertTrue(run(2, "--params-file", params.toString())
        .startsWith("deploy-steps: invalid parameter 'repositry': unknown parameter"));
  }
}
