package io.deploysteps.bluegreen;

import io.deploysteps.docker.Docker;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.HostFiles;
import java.util.List;
import java.util.OptionalInt;

/**
 * The nginx upstream-block kind of {@link TrafficSwitch} (seed 004's layout): the active {@code
 * server} line of {@code upstream NAME { ... }} in the user's own file points at the live colour;
 * the step changes only its address (see {@link UpstreamBlock}), then tests and reloads as the
 * include kind does, and puts its server line back when either fails.
 */
public final class NginxUpstreamSwitch extends NginxFileSwitch {
  private final String file;
  private final String upstream;

  public NginxUpstreamSwitch(HostFiles files, CommandRunner runner, String file, String upstream, List<String> testCommand,
      List<String> reloadCommand) {
    super(files, runner, file, testCommand, reloadCommand);
    this.file = file;
    this.upstream = upstream;
  }

  @Override
  public String name() {
    return file + " (upstream " + upstream + ")";
  }

  @Override
  public String configName() {
    return "the upstream block";
  }

  @Override
  public String holding(int port) {
    return "holds 'server 127.0.0.1:" + port + "' in upstream " + upstream;
  }

  @Override
  public String upstreamHeaderHint() {
    return "add 'add_header " + UPSTREAM_HEADER + " $upstream_addr always;' to the location that proxies to upstream " + upstream;
  }

  @Override
  public void checkUsable() {
    if (!files.exists(file)) {
      throw new InvalidParameterException(UpstreamBlock.PARAMETER, file + " does not exist (the file holding 'upstream " + upstream
          + " { server 127.0.0.1:PORT; }')");
    }
    block(files.readString(file));
  }

  @Override
  public Runnable startHostCheck(Docker docker) {
    return () -> { };
  }

  @Override
  public OptionalInt livePort() {
    String text = current();
    if (text == null) {
      throw new InvalidParameterException(UpstreamBlock.PARAMETER, file + " does not exist");
    }
    return block(text).livePort();
  }

  @Override
  String pointedAt(String previous, int port) {
    if (previous == null) {
      throw new InvalidParameterException(UpstreamBlock.PARAMETER, file + " does not exist");
    }
    return block(previous).pointedAt(port);
  }

  /**
   * Only this block's server statement goes back: other services' upstream blocks may share the
   * file, and a deploy of one of them may have switched it since this run read the file.
   */
  @Override
  String restored(String previous, String now) {
    return block(now).replacedBy(block(previous).statement());
  }

  private UpstreamBlock block(String text) {
    return UpstreamBlock.find(text, file, upstream);
  }
}
