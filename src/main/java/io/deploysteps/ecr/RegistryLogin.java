package io.deploysteps.ecr;

/** Where to push and how to log in: the registry host and the ECR token's user and password. */
final class RegistryLogin {
  final String host;
  final String username;
  final String password;

  RegistryLogin(String host, String username, String password) {
    this.host = host;
    this.username = username;
    this.password = password;
  }
}
