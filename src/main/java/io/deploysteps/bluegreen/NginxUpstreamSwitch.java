package io.deploysteps.bluegreen;

import io.deploysteps.docker.Docker;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.HostFiles;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The nginx upstream-block kind of {@link TrafficSwitch} (seed 004's layout): the active {@code
 * server} line of {@code upstream NAME { ... }} in the user's own file points at the live colour;
 * the step changes only its address (see {@link UpstreamBlock}), then tests and reloads as the
 * include kind does, and puts the file back when either fails.
 */
public final class NginxUpstreamSwitch implements TrafficSwitch {
  private final HostFiles files;
  private final String file;
  private final String upstream;
  private final NginxConfigFile nginx;

  public NginxUpstreamSwitch(HostFiles files, CommandRunner runner, String file, String upstream, List<String> testCommand,
      List<String> reloadCommand) {
    this.files = files;
    this.file = file;
    this.upstream = upstream;
    this.nginx = new NginxConfigFile(files, runner, file, testCommand, reloadCommand);
  }

  @Override
  public String name() {
    return file + " (upstream " + upstream + ")";
  }

  @Override
  public String proxyName() {
    return "nginx";
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
  public String lockFile(String service) {
    return DeployLock.beside(files, file, service);
  }

  @Override
  public String current() {
    return nginx.current();
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
  public String switchTo(int port, Runnable afterWrite) {
    String previous = current();
    if (previous == null) {
      throw new InvalidParameterException(UpstreamBlock.PARAMETER, file + " does not exist");
    }
    return nginx.replace(previous, block(previous).pointedAt(port), afterWrite);
  }

  @Override
  public Optional<String> restore(String previous) {
    return nginx.restore(previous);
  }

  @Override
  public void reassert() {
    nginx.reassert();
  }

  private UpstreamBlock block(String text) {
    return UpstreamBlock.find(text, file, upstream);
  }
}
