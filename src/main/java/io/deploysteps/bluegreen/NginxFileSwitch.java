package io.deploysteps.bluegreen;

import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.HostFiles;
import java.util.List;
import java.util.Optional;

/**
 * What the two nginx kinds of {@link TrafficSwitch} share: one file of the user's in which the
 * switch changes one address, written, tested, reloaded and put back by {@link NginxConfigFile},
 * with the deploy lock beside it. A kind says only how its file names the live port and how that
 * text is pointed at another one.
 */
abstract class NginxFileSwitch implements TrafficSwitch {
  final HostFiles files;
  private final String file;
  private final NginxConfigFile nginx;

  NginxFileSwitch(HostFiles files, CommandRunner runner, String file, List<String> testCommand, List<String> reloadCommand) {
    this.files = files;
    this.file = file;
    this.nginx = new NginxConfigFile(files, runner, file, testCommand, reloadCommand);
  }

  /**
   * The text to write so traffic goes to {@code port}: {@code previous} (the file now, null when
   * there is none yet) with only its address changed; a file this kind cannot change is refused (exit 2).
   */
  abstract String pointedAt(String previous, int port);

  /**
   * What a restore to {@code previous} writes when the file holds {@code now}: {@code previous}
   * itself unless the kind's file is shared with other services, whose changes made meanwhile stay.
   */
  String restored(String previous, String now) {
    return previous;
  }

  @Override
  public final String proxyName() {
    return "nginx";
  }

  /** Beside the file: the one file every deploy of this service touches. */
  @Override
  public final String lockFile(String service) {
    return DeployLock.beside(files, file, service);
  }

  /** The file as it is now, or null when there is none yet. */
  @Override
  public final String current() {
    return nginx.current();
  }

  /**
   * Points the file at {@code port}, tests, reloads. Returns the file's previous content (null when
   * there was none) for {@link #restore}. {@code afterWrite} runs between write and test.
   */
  @Override
  public final String switchTo(int port, Runnable afterWrite) {
    String previous = current();
    return nginx.replace(previous, pointedAt(previous, port), afterWrite, () -> backTo(previous));
  }

  @Override
  public final Optional<String> restore(String previous) {
    return nginx.restore(backTo(previous));
  }

  /** What putting {@code previous} back writes over the file as it is now (null: no file). */
  private String backTo(String previous) {
    String now = current();
    return previous == null || now == null ? previous : restored(previous, now);
  }

  /** Tests and reloads the file as it is (so nginx surely serves what the file says). */
  @Override
  public final void reassert() {
    nginx.reassert();
  }
}
