package io.deploysteps.docker;

import java.util.List;

/**
 * What a removal of many objects did: what Docker reported removed ({@code Untagged:}/{@code
 * Deleted:} for images, the ids for containers) and one line per refusal, worded as Docker words
 * it to users ({@code Error response from daemon: ...}).
 */
public record Removal(List<String> removed, List<String> refusals) {
  public Removal {
    removed = List.copyOf(removed);
    refusals = List.copyOf(refusals);
  }

  public boolean ok() {
    return refusals.isEmpty();
  }

  /** The refusals, one a line. */
  public String errors() {
    return refusals.isEmpty() ? "" : String.join("\n", refusals) + "\n";
  }
}
