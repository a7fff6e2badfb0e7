package io.deploysteps.docker;

import java.util.List;

/** A Docker host's inventory beyond images and containers: daemon, disk use, volumes, networks, build cache. */
public interface DockerHost {
  /** Checks the daemon answers; throws {@link DockerUnavailableException} within 10 s otherwise. */
  String serverVersion();

  /** The docker data root ({@code docker info .DockerRootDir}). */
  String dataRoot();

  /** What {@code docker system df} counts, per type. */
  DockerDiskUse systemDf();

  /** Volumes matching {@code docker volume ls} filters. */
  List<VolumeInfo> listVolumes(List<String> filters);

  void removeVolume(String name);

  /** Networks matching {@code docker network ls} filters. */
  List<NetworkInfo> listNetworks(List<String> filters);

  /** {@code docker network prune --force} with filters; returns the names it removed. */
  List<String> pruneNetworks(List<String> filters);

  /** {@code docker builder prune -f} with optional keep-storage and until filter; returns the bytes reclaimed. */
  long pruneBuildCache(String keepStorage, String until);
}
