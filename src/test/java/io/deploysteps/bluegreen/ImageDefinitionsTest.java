package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.fs.LocalHostFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** imageDefinitions: the image from the build's imagedefinitions.json, as seed 003 reads imageUri (issue 17 item 6). */
public class ImageDefinitionsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static Map<String, Object> params(String file) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", "shop-api");
    m.put("imageDefinitions", file);
    m.put("proxy", "/etc/nginx/service-url.inc");
    return m;
  }

  private String workspaceWith(String content) throws IOException {
    Files.writeString(tmp.getRoot().toPath().resolve("imagedefinitions.json"), content, StandardCharsets.UTF_8);
    return tmp.getRoot().toString();
  }

  private BlueGreenRequest resolved(Map<String, Object> params, String workspace) {
    return BlueGreenRequest.fromMap(params).withImageFrom(new LocalHostFiles(), workspace);
  }

  private void refused(String parameter, String text, Map<String, Object> params, String workspace) {
    try {
      resolved(params, workspace);
      fail("expected " + parameter + " to be refused");
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), parameter, e.parameter());
      assertTrue(e.getMessage(), e.getMessage().contains(text));
    }
  }

  @Test
  public void theOnlyEntrysImageUriIsTheImage() throws IOException {
    String ws = workspaceWith("[{\"name\":\"shop-api\",\"imageUri\":\"127.0.0.1:5000/shop/api:1.4\"}]\n");
    BlueGreenRequest r = resolved(params("imagedefinitions.json"), ws);
    assertEquals("127.0.0.1:5000/shop/api:1.4", r.image().toString());
    // A registry tag is pulled by default, as when the image is given.
    assertEquals(BlueGreenRequest.Pull.ALWAYS, r.pull);
  }

  @Test
  public void containerNamePicksAnEntryOfSeveral() throws IOException {
    String ws = workspaceWith("[{\"name\":\"web\",\"imageUri\":\"web:7\"},{\"name\":\"worker\",\"imageUri\":\"worker:7\"}]");
    Map<String, Object> p = params("imagedefinitions.json");
    p.put("containerName", "worker");
    assertEquals("worker:7", resolved(p, ws).image().toString());
    refused("containerName", "lists 2 containers (web, worker)", params("imagedefinitions.json"), ws);
    p.put("containerName", "db");
    refused("containerName", "'db' is not in ", p, ws);
  }

  @Test
  public void aMissingOrMalformedFileIsNamed() throws IOException {
    String ws = tmp.getRoot().toString();
    refused("imageDefinitions", "no file at " + ws + "/imagedefinitions.json", params("imagedefinitions.json"), ws);
    workspaceWith("{\"name\":");
    refused("imageDefinitions", "is not JSON", params("imagedefinitions.json"), ws);
    workspaceWith("{\"ImageURI\":\"web@sha256:" + "a".repeat(64) + "\"}");
    refused("imageDefinitions", "must be a non-empty list", params("imagedefinitions.json"), ws);
    workspaceWith("[{\"name\":\"web\"}]");
    refused("imageDefinitions", "every entry needs \"name\" and \"imageUri\"", params("imagedefinitions.json"), ws);
    workspaceWith("[{\"name\":\"web\",\"imageUri\":\"Web:1\"}]");
    refused("imageDefinitions", "Web:1", params("imagedefinitions.json"), ws);
  }

  @Test
  public void imageAndImageDefinitionsAreExclusive() {
    Map<String, Object> p = params("imagedefinitions.json");
    p.put("image", "web:1");
    refused("imageDefinitions", "not both", p, "/nowhere");
    Map<String, Object> c = params("imagedefinitions.json");
    c.remove("imageDefinitions");
    c.put("image", "web:1");
    c.put("containerName", "web");
    refused("containerName", "applies to imageDefinitions only", c, "/nowhere");
  }

  @Test
  public void aRequestWithItsImageIsItself() {
    Map<String, Object> p = params("x");
    p.remove("imageDefinitions");
    p.put("image", "web:1");
    BlueGreenRequest r = BlueGreenRequest.fromMap(p);
    assertSame(r, r.withImageFrom(new LocalHostFiles(), "/nowhere"));
  }
}
