package io.deploysteps.prune;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploysteps.engine.Json;
import java.time.Duration;

/**
 * The ECR lifecycle policy that states the same rules ECR then applies itself (within 24 hours),
 * in the documented shape: {@code rules[]} of rulePriority, description, selection (tagStatus,
 * tagPatternList, countType, countUnit, countNumber) and action {@code {"type": "expire"}}.
 */
final class EcrLifecyclePolicy {
  private EcrLifecyclePolicy() {}

  /**
   * @param keepTagged newest tagged images to keep, or null for no rule on tagged images
   * @param untaggedOlderThan whole days after which untagged images expire, or null
   */
  static String json(Integer keepTagged, Duration untaggedOlderThan) {
    ObjectNode policy = Json.MAPPER.createObjectNode();
    ArrayNode rules = policy.putArray("rules");
    int priority = 1;
    if (untaggedOlderThan != null) {
      long days = untaggedOlderThan.toDays();
      ObjectNode rule = rule(rules, priority++, "Expire untagged images pushed more than " + days + " days ago");
      ObjectNode selection = rule.putObject("selection");
      selection.put("tagStatus", "untagged");
      selection.put("countType", "sinceImagePushed");
      selection.put("countUnit", "days");
      selection.put("countNumber", days);
      rule.putObject("action").put("type", "expire");
    }
    if (keepTagged != null) {
      ObjectNode rule = rule(rules, priority, "Keep the newest " + keepTagged + " tagged images");
      ObjectNode selection = rule.putObject("selection");
      selection.put("tagStatus", "tagged");
      // "*" matches every tag: a tagged rule must name a pattern or a prefix.
      selection.putArray("tagPatternList").add("*");
      selection.put("countType", "imageCountMoreThan");
      selection.put("countNumber", keepTagged);
      rule.putObject("action").put("type", "expire");
    }
    return Json.write(policy);
  }

  private static ObjectNode rule(ArrayNode rules, int priority, String description) {
    ObjectNode rule = rules.addObject();
    rule.put("rulePriority", priority);
    rule.put("description", description);
    return rule;
  }
}
