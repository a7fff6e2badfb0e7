package io.deploysteps.buildspec;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Json;
import io.deploysteps.engine.StepFailedException;

/**
 * One {@code env.secrets-manager} value, {@code secret-id:json-key:version-stage:version-id} (all but
 * the id optional). A secret id may be an ARN, which holds colons itself: the ARN's six fields
 * ({@code arn:aws:secretsmanager:region:account:secret:name}) are taken as the id first.
 */
record SecretRef(String secretId, String jsonKey, String versionStage, String versionId) {
  static SecretRef parse(String where, String text) {
    String t = text.strip();
    String id;
    String rest;
    if (t.startsWith("arn:")) {
      String[] p = t.split(":", -1);
      if (p.length < 7) {
        throw new InvalidParameterException(where, "'" + t + "' is not a secret ARN");
      }
      id = String.join(":", java.util.Arrays.copyOfRange(p, 0, 7));
      rest = p.length > 7 ? t.substring(id.length() + 1) : "";
    } else {
      int c = t.indexOf(':');
      id = c < 0 ? t : t.substring(0, c);
      rest = c < 0 ? "" : t.substring(c + 1);
    }
    if (id.isEmpty()) {
      throw new InvalidParameterException(where, "has no secret id");
    }
    String[] f = rest.isEmpty() ? new String[0] : rest.split(":", -1);
    if (f.length > 3) {
      throw new InvalidParameterException(where, "'" + t + "' has more than secret-id:json-key:version-stage:version-id");
    }
    return new SecretRef(id, part(f, 0), part(f, 1), part(f, 2));
  }

  private static String part(String[] f, int i) {
    return i < f.length && !f[i].isEmpty() ? f[i] : null;
  }

  /** The whole secret text, or the value of {@code json-key} in it. */
  String select(String secretText) {
    if (jsonKey == null) {
      return secretText;
    }
    JsonNode n;
    try {
      n = Json.read(secretText);
    } catch (RuntimeException e) {
      throw new StepFailedException("secret " + secretId + " is not JSON, so it has no key '" + jsonKey + "'");
    }
    JsonNode v = n.get(jsonKey);
    if (v == null) {
      throw new StepFailedException("secret " + secretId + " has no key '" + jsonKey + "'");
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }
}
