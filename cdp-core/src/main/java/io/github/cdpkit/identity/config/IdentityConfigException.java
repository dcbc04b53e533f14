package io.github.cdpkit.identity.config;

/**
 * Thrown when an identity configuration cannot be read: it is not JSON, or a field is unknown, of
 * the wrong type or out of range. The message starts with the JSON path of the bad value, such as
 * {@code types[2].maxPerPerson}, and ends with the value.
 */
public final class IdentityConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Where in the document the problem is. */
  private final String path;

  private IdentityConfigException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  private IdentityConfigException(String path, String message) {
    super(message);
    this.path = path;
  }

  /**
   * Creates the exception for a bad value.
   *
   * @param path the JSON path of the value, such as {@code types[2].maxPerPerson}; empty for the
   *     whole document
   * @param reason the rule the value broke, such as {@code must be at least 1}
   * @param value the value as JSON text
   * @return the exception, with the message {@code path reason: value}
   */
  static IdentityConfigException invalidValue(String path, String reason, String value) {
    return new IdentityConfigException(path, where(path) + reason + ": " + value);
  }

  /**
   * Creates the exception for a required value that is absent.
   *
   * @param path the JSON path of the value, such as {@code types[0].name}
   * @return the exception, with the message {@code path is missing}
   */
  static IdentityConfigException missingValue(String path) {
    return new IdentityConfigException(path, path + " is missing");
  }

  /**
   * Creates the exception for a document that is not JSON.
   *
   * @param reason where and why parsing stopped
   * @param cause the parser's exception
   * @return the exception
   */
  static IdentityConfigException malformed(String reason, Throwable cause) {
    return new IdentityConfigException("", "identity config is not valid JSON: " + reason, cause);
  }

  private static String where(String path) {
    return path.isEmpty() ? "identity config " : path + " ";
  }

  /**
   * Returns the JSON path of the bad value, such as {@code types[2].maxPerPerson}.
   *
   * @return the path; empty when the document as a whole is wrong
   */
  public String path() {
    return path;
  }
}
