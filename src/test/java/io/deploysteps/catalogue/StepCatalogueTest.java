package io.deploysteps.catalogue;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import io.deploysteps.engine.InvalidParameterException;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class StepCatalogueTest {
  private static final StepCatalogue SHOP = StepCatalogue.of("shop",
      Parameter.text("name", "The service.").required(),
      Parameter.map("health", "The health check."),
      Parameter.wholeNumber("health.status", "Expected status.").byDefault(200),
      Parameter.text("credentialsId", "A Jenkins credential.").only(Door.LIBRARY, Door.PLUGIN),
      Parameter.text("password", "The password.").secret());

  @Test
  public void theMapTakesTheEngineTopLevelKeysOnly() {
    assertEquals(List.of("name", "health", "password"), SHOP.keys());
  }

  @Test
  public void anUnknownKeyIsRefusedNamingItAndTheKnownOnes() {
    InvalidParameterException e = assertThrows(InvalidParameterException.class,
        () -> SHOP.read(Map.of("name", "web", "credentialsId", "x")));
    assertEquals("credentialsId", e.parameter());
    assertEquals("invalid parameter 'credentialsId': unknown parameter; known ones are [health, name, password]",
        e.getMessage());
  }

  @Test
  public void aMissingRequiredKeyIsRefused() {
    InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> SHOP.read(Map.of()));
    assertEquals("invalid parameter 'name': is required", e.getMessage());
    assertEquals("web", SHOP.read(Map.of("name", "web")).string("name"));
  }

  @Test
  public void aSecretNeverGetsACliOption() {
    assertFalse(SHOP.parameter("password").orElseThrow().takenBy(Door.CLI));
  }

  @Test
  public void optionsAreTheKebabCaseKeysNestedOnesDashed() {
    assertEquals("--health-status", SHOP.parameter("health.status").orElseThrow().option());
    assertEquals("--keep-per-repository", Parameter.optionOf("keepPerRepository"));
    assertEquals("200", SHOP.parameter("health.status").orElseThrow().shownDefault());
  }

  @Test
  public void aKeyDeclaredTwiceOrANestedKeyBeforeItsMapIsAMistakeOfTheCatalogue() {
    assertThrows(IllegalArgumentException.class, () -> StepCatalogue.of("x",
        Parameter.text("a", "A."), Parameter.text("a", "A again.")));
    assertThrows(IllegalArgumentException.class, () -> StepCatalogue.of("x", Parameter.text("b.c", "C.")));
    assertThrows(IllegalArgumentException.class, () -> Parameter.text("a", "A.").byDefault("x").required());
  }
}
