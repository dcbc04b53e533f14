package io.github.cdpkit.loyalty.config;

/**
 * Thrown when a programme document cannot be read: it is not JSON, or a field is missing, unknown,
 * of the wrong type or breaks a rule of the programme. The message starts with the JSON path of the
 * bad value, such as {@code tiers.ladder[2].threshold}, and says what is wrong with it.
 */
public final class ProgramConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Where in the document the problem is. */
  private final String path;

  private ProgramConfigException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /**
   * Creates the exception for a bad value.
   *
   * @param path the JSON path of the value; empty for the whole document
   * @param reason what is wrong, naming the value
   * @param cause the exception that found it, if any
   * @return the exception, with the message {@code path: reason}
   */
  static ProgramConfigException invalid(String path, String reason, Throwable cause) {
    return new ProgramConfigException(
        path, (path.isEmpty() ? "program" : path) + ": " + reason, cause);
  }

  /**
   * Creates the exception for a bad value found by the reader itself.
   *
   * @param path the JSON path of the value
   * @param reason what is wrong, naming the value
   * @return the exception
   */
  static ProgramConfigException invalid(String path, String reason) {
    return invalid(path, reason, new IllegalArgumentException(reason));
  }

  /**
   * Returns the JSON path of the bad value, such as {@code tiers.ladder[2].threshold}.
   *
   * @return the path; empty when the document as a whole is wrong
   */
  public String path() {
    return path;
  }
}
