package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

public class ContainerCreateTest {
  /** The Engine API's body carries what --network and --network-alias give the CLI. */
  @Test
  public void aUserNetworkAndItsAliasGoInTheCreateBody() throws Exception {
    JsonNode body = new ObjectMapper().readTree(ContainerCreate.body(RunSpec.image("web:2").name("web-4000-next").network("dev")
        .networkAlias("web-4000").publish("127.0.0.1:4000:3000").build()).orElseThrow());
    assertEquals("dev", body.path("HostConfig").path("NetworkMode").asText());
    assertEquals("[\"web-4000\"]", body.path("NetworkingConfig").path("EndpointsConfig").path("dev").path("Aliases").toString());
    assertEquals("[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"4000\"}]", body.path("HostConfig").path("PortBindings").path("3000/tcp")
        .toString());
  }
}
