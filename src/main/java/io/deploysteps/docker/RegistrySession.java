package io.deploysteps.docker;

/**
 * A docker client logged in to one registry for the length of a step, and the clean-up of
 * whatever that took. {@link RegistrySessions} opens one.
 */
public interface RegistrySession extends AutoCloseable {
  /** The client whose builds, pulls and pushes to the registry are authenticated. */
  Docker docker();

  /** Ends the session: nothing of it is left on the host. */
  @Override
  void close();
}
