package io.github.cdpkit.examples.cli;

/**
 * Input that the tool cannot use: a malformed line, an unknown column, an invalid identifier. The
 * message is the reason alone; the caller names the file, as {@code file:line: reason}.
 */
final class BadInputException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The 1-based line the problem is on, or 0 when it concerns no one line. */
  private final long line;

  /**
   * Creates the exception.
   *
   * @param line the 1-based line the problem is on, or 0 when it concerns no one line
   * @param reason what is wrong, naming the bad value
   */
  BadInputException(long line, String reason) {
    super(reason);
    this.line = line;
  }

  /**
   * Returns the line the problem is on.
   *
   * @return the 1-based line, or 0 when it concerns no one line
   */
  long line() {
    return line;
  }

  /**
   * Returns the problem as a compiler would name it: {@code file:line: reason}.
   *
   * @param file the file's name as the user gave it
   * @return the located message
   */
  String located(String file) {
    return line > 0 ? file + ":" + line + ": " + getMessage() : file + ": " + getMessage();
  }
}
