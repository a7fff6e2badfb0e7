package io.deploysteps.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * STS AssumeRole faked on a WireMock server in the Query protocol's shapes (a form body, the XML
 * answer of the STS API reference), with the session credentials it hands out and the helpers to
 * read what a step asked and with which key it signed.
 */
public final class StsFake {
  public static final String SESSION_KEY = "ASIAH15SESSIONKEY001";
  public static final String SESSION_SECRET = "h15-session-secret/K7MDENG";
  public static final String SESSION_TOKEN = "h15-session-token-FwoGZXIvYXdzEJr";

  private StsFake() {}

  /** AssumeRole answers the session credentials on {@code server}. */
  public static void assumeRoleAnswers(WireMockServer server) {
    server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/deployer/deploy-steps-jenkins-shop-7</Arn>"
                + "<AssumedRoleId>AROAH15EXAMPLE:deploy-steps-jenkins-shop-7</AssumedRoleId></AssumedRoleUser>"
                + "<Credentials><AccessKeyId>" + SESSION_KEY + "</AccessKeyId><SecretAccessKey>" + SESSION_SECRET
                + "</SecretAccessKey><SessionToken>" + SESSION_TOKEN + "</SessionToken>"
                + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><PackedPolicySize>6</PackedPolicySize>"
                + "</AssumeRoleResult><ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
                + "</ResponseMetadata></AssumeRoleResponse>")));
  }

  /** The AssumeRole requests {@code server} received. */
  public static List<LoggedRequest> assumeRoles(WireMockServer server) {
    return server.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole")));
  }

  /** A Query-protocol request's form fields. */
  public static Map<String, String> form(LoggedRequest r) {
    Map<String, String> out = new HashMap<>();
    for (String pair : r.getBodyAsString().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return out;
  }

  /** The access key id a SigV4 request was signed with. */
  public static String accessKeyOf(LoggedRequest r) {
    String auth = r.getHeader("Authorization");
    return auth.substring(auth.indexOf("Credential=") + "Credential=".length()).split("/")[0];
  }
}
