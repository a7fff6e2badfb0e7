package io.deploysteps.engine;

/** Bad input: names the parameter and says what is wrong. Raised before anything is changed (exit 2). */
public class InvalidParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String parameter;

  public InvalidParameterException(String parameter, String problem) {
    super("invalid parameter '" + parameter + "': " + problem);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
