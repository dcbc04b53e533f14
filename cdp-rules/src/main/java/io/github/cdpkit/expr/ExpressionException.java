package io.github.cdpkit.expr;

import java.util.Objects;

/**
 * Thrown when a tag or segment expression cannot be parsed or evaluated. It carries the expression,
 * the position of the fault and the reason, and its message shows where the fault is:
 *
 * <pre>
 * expected a value after '&gt;=' at line 2, column 11
 * and age &gt;= )
 *           ^
 * </pre>
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or {@code \r}. Columns count characters as a reader
 * sees them (a surrogate pair is one character); the caret line keeps the tabs of the offending line
 * and uses an ideographic space under wide East Asian characters, so the caret stays under the fault
 * in a monospaced terminal.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ExpressionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Full-width space: as wide as a CJK character in a monospaced font. */
  private static final char IDEOGRAPHIC_SPACE = '\u3000';

  /** The whole expression text. */
  private final String expression;

  /** The 0-based index of the offending character. */
  private final int position;

  /** What is wrong, without the position. */
  private final String reason;

  /** The 1-based line of the fault. */
  private final int line;

  /** The 1-based column of the fault, in code points. */
  private final int column;

  private ExpressionException(
      String expression, int position, String reason, int line, int column, String message) {
    super(message);
    this.expression = expression;
    this.position = position;
    this.reason = reason;
    this.line = line;
    this.column = column;
  }

  /**
   * Creates the exception for a fault at {@code position} in {@code expression}.
   *
   * @param expression the whole expression text, as the operator wrote it
   * @param position the 0-based index of the offending character in {@code expression}; equal to its
   *     length when the fault is an unexpected end of the text
   * @param reason what is wrong, in a few words, such as {@code expected ')'}
   * @return the exception, whose message names the line and column and shows the offending line
   * @throws NullPointerException if {@code expression} or {@code reason} is null
   * @throws IllegalArgumentException if {@code position} is negative or greater than the length of
   *     {@code expression}, or {@code reason} is blank
   */
  public static ExpressionException at(String expression, int position, String reason) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(reason, "reason");
    if (position < 0) {
      throw new IllegalArgumentException("position cannot be negative: " + position);
    }
    if (position > expression.length()) {
      throw new IllegalArgumentException("position cannot be beyond the end of the expression (length "
          + expression.length() + "): " + position);
    }
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason cannot be blank: '" + reason + "'");
    }

    int lineStart = 0;
    int line = 1;
    for (int i = 0; i < position; i++) {
      char c = expression.charAt(i);
      // A "\r\n" pair is one line break: count it at its '\n'.
      boolean lineBreak =
          c == '\n' || (c == '\r' && (i + 1 >= expression.length() || expression.charAt(i + 1) != '\n'));
      if (lineBreak) {
        line++;
        lineStart = i + 1;
      }
    }
    int lineEnd = lineStart;
    while (lineEnd < expression.length()
        && expression.charAt(lineEnd) != '\n'
        && expression.charAt(lineEnd) != '\r') {
      lineEnd++;
    }
    int caretAt = Math.min(position, lineEnd);
    // A position inside a surrogate pair points at the character the pair makes.
    if (caretAt > lineStart && caretAt < lineEnd
        && Character.isLowSurrogate(expression.charAt(caretAt))
        && Character.isHighSurrogate(expression.charAt(caretAt - 1))) {
      caretAt--;
    }
    int column = expression.codePointCount(lineStart, caretAt) + 1;
    String offendingLine = expression.substring(lineStart, lineEnd);
    String caretLine = padding(expression.substring(lineStart, caretAt)) + '^';

    String message =
        reason + " at line " + line + ", column " + column + '\n' + offendingLine + '\n' + caretLine;
    return new ExpressionException(expression, position, reason, line, column, message);
  }

  /** Blanks as wide as {@code prefix} on screen, so that what follows lines up under its end. */
  private static String padding(String prefix) {
    StringBuilder padding = new StringBuilder(prefix.length());
    prefix.codePoints().forEach(codePoint -> {
      if (codePoint == '\t') {
        padding.append('\t');
      } else if (isWide(codePoint)) {
        padding.append(IDEOGRAPHIC_SPACE);
      } else {
        padding.append(' ');
      }
    });
    return padding.toString();
  }

  /** Whether a terminal draws the code point two cells wide: the East Asian scripts operators use. */
  private static boolean isWide(int codePoint) {
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL
        || (codePoint >= 0x3000 && codePoint <= 0x303F) // CJK punctuation, such as 。and 「」
        || (codePoint >= 0xFF01 && codePoint <= 0xFF60); // full-width forms, such as （ and ＝
  }

  /**
   * Returns the whole expression text.
   *
   * @return the expression, as given to {@link #at}
   */
  public String expression() {
    return expression;
  }

  /**
   * Returns the 0-based index of the offending character in the expression.
   *
   * @return the position, between 0 and the expression's length
   */
  public int position() {
    return position;
  }

  /**
   * Returns what is wrong, without the position.
   *
   * @return the reason, as given to {@link #at}
   */
  public String reason() {
    return reason;
  }

  /**
   * Returns the 1-based line of the fault.
   *
   * @return the line, at least 1
   */
  public int line() {
    return line;
  }

  /**
   * Returns the 1-based column of the fault in its line, counting code points.
   *
   * @return the column, at least 1
   */
  public int column() {
    return column;
  }
}
