package io.deploysteps.ecr;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RegistryAuthTest {
  @Test
  public void theProxyEndpointWithoutSchemeIsTheRegistryHost() {
    assertEquals("123456789012.dkr.ecr.eu-west-3.amazonaws.com",
        RegistryAuth.host("https://123456789012.dkr.ecr.eu-west-3.amazonaws.com", "123456789012", "eu-west-3"));
    assertEquals("127.0.0.1:5001", RegistryAuth.host("http://127.0.0.1:5001/", "123456789012", "eu-west-3"));
  }

  @Test
  public void withoutProxyEndpointTheUsualEcrHost() {
    assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com", RegistryAuth.host(null, "123456789012", "us-east-1"));
    assertEquals("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", RegistryAuth.host("", "123456789012", "cn-north-1"));
  }
}
