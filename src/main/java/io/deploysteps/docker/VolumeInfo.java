package io.deploysteps.docker;

import java.util.Map;

/** A volume as {@code docker volume ls} lists it: its name and labels. */
public record VolumeInfo(String name, Map<String, String> labels) {
  public VolumeInfo {
    labels = Map.copyOf(labels);
  }
}
