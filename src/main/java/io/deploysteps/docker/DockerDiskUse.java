package io.deploysteps.docker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code docker system df} counts, in bytes: image layers, containers' writable layers, the
 * volumes whose size is known, and the build cache not shared. From the CLI the figures are its
 * rounded columns (4 significant digits); from the Engine API they are exact.
 */
public record DockerDiskUse(long images, long containers, long localVolumes, long buildCache) {
  /** Per type as the CLI names its rows, and {@code total}. */
  public Map<String, Long> byType() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("Images", images);
    m.put("Containers", containers);
    m.put("Local Volumes", localVolumes);
    m.put("Build Cache", buildCache);
    m.put("total", images + containers + localVolumes + buildCache);
    return m;
  }
}
