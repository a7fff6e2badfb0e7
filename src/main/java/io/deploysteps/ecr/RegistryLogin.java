package io.deploysteps.ecr;

/** Where to push and how to log in: the registry host and the ECR token's user and password. */
public final class RegistryLogin {
  final String host;
  final String username;
  final String password;

  RegistryLogin(String host, String username, String password) {
    this.host = host;
    this.username = username;
    this.password = password;
  }

  /** The registry host the token's proxy endpoint names. */
  public String host() {
    return host;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }
}
