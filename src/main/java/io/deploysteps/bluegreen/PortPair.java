package io.deploysteps.bluegreen;

import io.deploysteps.engine.InvalidParameterException;
import java.util.List;

/** The two host ports a service alternates between (its blue and green colours). */
public final class PortPair {
  private final int first;
  private final int second;

  private PortPair(int first, int second) {
    this.first = first;
    this.second = second;
  }

  /** Two different ports in 1..65535; errors name {@code parameter}. */
  public static PortPair of(String parameter, int first, int second) {
    checkRange(parameter, first);
    checkRange(parameter, second);
    if (first == second) {
      throw new InvalidParameterException(parameter, "the two ports must differ, got " + first + " twice");
    }
    return new PortPair(first, second);
  }

  /** From a list of exactly two port numbers (as strings or numbers). */
  public static PortPair parse(String parameter, List<String> ports) {
    if (ports.size() != 2) {
      throw new InvalidParameterException(parameter, "expected exactly two ports (e.g. 3000,4000), got " + ports);
    }
    return of(parameter, number(parameter, ports.get(0)), number(parameter, ports.get(1)));
  }

  private static int number(String parameter, String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(parameter, "'" + text + "' is not a port number");
    }
  }

  private static void checkRange(String parameter, int port) {
    if (port < 1 || port > 65535) {
      throw new InvalidParameterException(parameter, "port " + port + " is out of range 1-65535");
    }
  }

  public int first() {
    return first;
  }

  public int second() {
    return second;
  }

  public boolean contains(int port) {
    return port == first || port == second;
  }

  /** The port that is not {@code port}. */
  public int other(int port) {
    if (!contains(port)) {
      throw new IllegalArgumentException(port + " is not one of " + this);
    }
    return port == first ? second : first;
  }

  @Override
  public String toString() {
    return first + "/" + second;
  }
}
