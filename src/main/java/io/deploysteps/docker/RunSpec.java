package io.deploysteps.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What {@code docker run -d} is asked to start. Built in code, turned into argv by DockerCli. */
public final class RunSpec {
  final String name;
  final String image;
  final String network;
  /** Another name the container answers to in the DNS of its user network ({@code --network-alias}); null: none. */
  final String networkAlias;
  final Map<String, String> env;
  final String envFile;
  final Map<String, String> labels;
  final List<String> publish;
  final boolean init;
  final String restart;
  final Duration stopTimeout;
  final List<String> command;

  private RunSpec(Builder b) {
    this.name = b.name;
    this.image = Objects.requireNonNull(b.image, "image");
    this.network = b.network;
    this.networkAlias = b.networkAlias;
    this.env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
    this.envFile = b.envFile;
    this.labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    this.publish = List.copyOf(b.publish);
    this.init = b.init;
    this.restart = b.restart;
    this.stopTimeout = b.stopTimeout;
    this.command = List.copyOf(b.command);
  }

  public static Builder image(String image) {
    Builder b = new Builder();
    b.image = image;
    return b;
  }

  public String name() {
    return name;
  }

  public String image() {
    return image;
  }

  /** The env values, which may hold secrets: DockerCli passes them by file, not argv. */
  public Map<String, String> env() {
    return env;
  }

  /** Builds a {@link RunSpec}. Defaults: {@code --init}, no restart policy. */
  public static final class Builder {
    private String name;
    private String image;
    private String network;
    private String networkAlias;
    private final Map<String, String> env = new LinkedHashMap<>();
    private String envFile;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> publish = new ArrayList<>();
    private boolean init = true;
    private String restart;
    private Duration stopTimeout;
    private final List<String> command = new ArrayList<>();

    public Builder name(String v) {
      name = v;
      return this;
    }

    /** {@code host}, a user network's name, or null for the daemon's default. */
    public Builder network(String v) {
      network = v;
      return this;
    }

    /** On a user network: a second DNS name of the container there, as {@code --network-alias}. */
    public Builder networkAlias(String v) {
      networkAlias = v;
      return this;
    }

    public Builder env(String k, String v) {
      env.put(k, v);
      return this;
    }

    public Builder env(Map<String, String> m) {
      env.putAll(m);
      return this;
    }

    /** A {@code KEY=VALUE} file on the docker host, as {@code --env-file}. */
    public Builder envFile(String path) {
      envFile = path;
      return this;
    }

    public Builder label(String k, String v) {
      labels.put(k, v);
      return this;
    }

    public Builder labels(Map<String, String> m) {
      labels.putAll(m);
      return this;
    }

    /** {@code [ip:]hostPort:containerPort}. */
    public Builder publish(String mapping) {
      publish.add(mapping);
      return this;
    }

    public Builder init(boolean v) {
      init = v;
      return this;
    }

    /** {@code no}, {@code unless-stopped}, {@code on-failure[:N]}, {@code always}. */
    public Builder restart(String v) {
      restart = v;
      return this;
    }

    /** Grace period {@code docker stop} gives this container before SIGKILL. */
    public Builder stopTimeout(Duration v) {
      stopTimeout = v;
      return this;
    }

    /** Arguments after the image (the container's command). */
    public Builder command(List<String> args) {
      command.addAll(args);
      return this;
    }

    public RunSpec build() {
      return new RunSpec(this);
    }
  }
}
