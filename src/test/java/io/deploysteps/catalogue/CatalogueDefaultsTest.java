package io.deploysteps.catalogue;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.deploysteps.bluegreen.BlueGreenParameters;
import io.deploysteps.bluegreen.BlueGreenRequest;
import io.deploysteps.dbaudit.AuditParameters;
import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.ecr.BuildAndPushParameters;
import io.deploysteps.ecr.BuildAndPushRequest;
import io.deploysteps.prune.PruneParameters;
import io.deploysteps.prune.PruneRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.Test;

/**
 * The default a catalogue shows is the one its request uses: the request made without the key and
 * the one made with the catalogue's default hold the same values, field by field.
 */
public class CatalogueDefaultsTest {
  private static final ObjectMapper FIELDS = new ObjectMapper()
      .setVisibility(PropertyAccessor.ALL, Visibility.NONE).setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .registerModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance));

  private static void assertDefaultsAreTheRequests(StepCatalogue catalogue, Function<Map<String, ?>, ?> fromMap,
      Map<String, Object> required) throws Exception {
    String without = FIELDS.writeValueAsString(fromMap.apply(required));
    int checked = 0;
    for (Parameter p : catalogue.takenBy(Door.ENGINE)) {
      if (p.nested() || p.defaultValue() == null) {
        continue;
      }
      Map<String, Object> with = new HashMap<>(required);
      with.put(p.key(), p.defaultValue());
      assertEquals(catalogue.step() + "." + p.key() + " = " + p.shownDefault(), without,
          FIELDS.writeValueAsString(fromMap.apply(with)));
      checked++;
    }
    assertTrue(catalogue.step() + ": defaults checked", checked > 3);
  }

  @Test
  public void blueGreenDeploy() throws Exception {
    assertDefaultsAreTheRequests(BlueGreenParameters.CATALOGUE, BlueGreenRequest::fromMap,
        Map.of("name", "web", "image", "web:1", "proxy", "/etc/nginx/service-url.inc"));
  }

  @Test
  public void buildAndPushEcr() throws Exception {
    assertDefaultsAreTheRequests(BuildAndPushParameters.CATALOGUE, BuildAndPushRequest::fromMap,
        Map.of("repository", "shop/api"));
  }

  @Test
  public void dbConnectionAudit() throws Exception {
    assertDefaultsAreTheRequests(AuditParameters.CATALOGUE, AuditRequest::fromMap,
        Map.of("url", "jdbc:mariadb://127.0.0.1:3306/", "user", "audit", "apps", "api=10"));
  }

  @Test
  public void pruneDocker() throws Exception {
    assertDefaultsAreTheRequests(PruneParameters.CATALOGUE, PruneRequest::fromMap, Map.of());
  }
}
