package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.deploysteps.engine.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Docker's answers read from the tree as Jackson's binding read them: nulls and missing fields included. */
public class DockerJsonTest {

  @Test
  public void anInspectReadsEveryFieldWeUse() {
    ContainerInfo c = ContainerInfo.fromInspect(Json.read("""
        {"Id":"abc","Name":"/web-4000","Image":"sha256:img","Created":"2026-12-02T03:00:00.5Z","RestartCount":2,
         "Config":{"Image":"web:v2","Labels":{"io.deploysteps.service":"web","empty":null},"Env":["A=1"]},
         "State":{"Status":"running","Running":true,"ExitCode":0,"OOMKilled":true,
                  "StartedAt":"2026-12-02T03:00:01Z","FinishedAt":"0001-01-01T00:00:00Z","Health":{"Status":"healthy"}},
         "HostConfig":{"RestartPolicy":{"Name":"on-failure"}},
         "Mounts":[{"Type":"bind","Source":"/etc/nginx/conf.d","Destination":"/conf","RW":true}]}
        """));
    assertEquals("abc", c.id());
    assertEquals("web-4000", c.name());
    assertEquals("web:v2", c.image());
    assertEquals("sha256:img", c.imageId());
    assertTrue(c.running());
    assertEquals("healthy", c.health());
    assertEquals(Map.of("io.deploysteps.service", "web", "empty", ""), c.labels());
    assertEquals(Instant.parse("2026-12-02T03:00:00.5Z"), c.created());
    assertEquals(Instant.parse("2026-12-02T03:00:01Z"), c.startedAt());
    assertNull(c.finishedAt());
    assertEquals("on-failure", c.restartPolicy());
    assertEquals(2, c.restartCount());
    assertTrue(c.oomKilled());
    assertEquals(List.of(new ContainerInfo.Mount("bind", "/etc/nginx/conf.d", "/conf")), c.mounts());
  }

  @Test
  public void missingAndNullFieldsReadAsEmpty() {
    ContainerInfo c = ContainerInfo.fromInspect(Json.read("{\"Id\":\"abc\",\"Config\":{\"Labels\":null},\"Mounts\":null}"));
    assertEquals("", c.name());
    assertEquals("", c.status());
    assertFalse(c.running());
    assertNull(c.health());
    assertEquals(Map.of(), c.labels());
    assertEquals("", c.restartPolicy());
    assertEquals(0, c.restartCount());
    assertEquals(List.of(), c.mounts());
    assertNull(c.created());
  }

  @Test
  public void aListingEntryAndAnImageRead() {
    ContainerInfo brief = ContainerInfo.fromSummary(ContainerInfo.Summary.of(Json.read(
        "{\"Id\":\"abc\",\"Names\":[\"/web-4001\"],\"Image\":\"web:v1\",\"State\":\"exited\",\"Created\":1764644400,\"Labels\":null}")));
    assertEquals("web-4001", brief.name());
    assertFalse(brief.running());
    assertEquals(Instant.ofEpochSecond(1764644400), brief.created());
    assertEquals(Map.of(), brief.labels());

    ImageInfo image = ImageInfo.fromInspect(Json.read("""
        {"Id":"sha256:i","RepoTags":["web:v1"],"RepoDigests":null,"Created":"2026-12-02T03:00:00Z","Size":42,
         "Config":{"Labels":{"a":"b"},"Healthcheck":{"Test":["CMD","true"]}}}
        """));
    assertEquals(List.of("web:v1"), image.repoTags());
    assertEquals(List.of(), image.repoDigests());
    assertEquals(42, image.size());
    assertTrue(image.hasHealthcheck());
    assertEquals("", image.parent());
    assertFalse(ImageInfo.fromInspect(Json.read("{\"Id\":\"x\",\"Config\":{\"Healthcheck\":{\"Test\":[\"NONE\"]}}}")).hasHealthcheck());
  }
}
