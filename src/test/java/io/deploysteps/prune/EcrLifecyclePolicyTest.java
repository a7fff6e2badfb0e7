package io.deploysteps.prune;

import static org.junit.Assert.assertEquals;

import io.deploysteps.engine.Json;
import java.time.Duration;
import org.junit.Test;

public class EcrLifecyclePolicyTest {
  @Test
  public void bothRulesInTheDocumentedShape() {
    String expected = "{\"rules\":["
        + "{\"rulePriority\":1,\"description\":\"Expire untagged images pushed more than 14 days ago\","
        + "\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14},"
        + "\"action\":{\"type\":\"expire\"}},"
        + "{\"rulePriority\":2,\"description\":\"Keep the newest 10 tagged images\","
        + "\"selection\":{\"tagStatus\":\"tagged\",\"tagPatternList\":[\"*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":10},"
        + "\"action\":{\"type\":\"expire\"}}]}";
    assertEquals(expected, Json.read(EcrLifecyclePolicy.json(10, Duration.ofDays(14))).toString());
  }

  @Test
  public void oneRuleStartsAtPriorityOne() {
    assertEquals("{\"rules\":[{\"rulePriority\":1,\"description\":\"Keep the newest 3 tagged images\","
        + "\"selection\":{\"tagStatus\":\"tagged\",\"tagPatternList\":[\"*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3},"
        + "\"action\":{\"type\":\"expire\"}}]}", Json.read(EcrLifecyclePolicy.json(3, null)).toString());
  }
}
