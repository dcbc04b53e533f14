package io.github.cdpkit.identity;

import org.jspecify.annotations.Nullable;

/**
 * Hand-written matchers for the blocked patterns of the built-in types, which every ingested value
 * is checked against: the regex engine spends a few hundred nanoseconds per value on them, these a
 * few. Each matches exactly what its pattern, compiled with {@link java.util.regex.Pattern
 * #CASE_INSENSITIVE}, matches as a whole; a fuzz test holds them to that. Any other pattern goes to
 * the regex engine.
 *
 * <p>An enum with one {@link #matches(String)} rather than a predicate per pattern: a type loops
 * over its matchers on every value, and a call site that sees one final method stays inlined where
 * one that sees several lambdas would not.
 */
enum BuiltInJunk {
  /** {@link IdentifierTypes#ZEROS}. */
  ZEROS(IdentifierTypes.ZEROS),
  /** {@link IdentifierTypes#DEVICE_ZEROS}. */
  DEVICE_ZEROS(IdentifierTypes.DEVICE_ZEROS),
  /** {@link IdentifierTypes#PHONE_ZEROS}. */
  PHONE_ZEROS(IdentifierTypes.PHONE_ZEROS);

  private final String regex;

  BuiltInJunk(String regex) {
    this.regex = regex;
  }

  /** Returns the hand-written matcher of a built-in pattern, or null for any other pattern. */
  static @Nullable BuiltInJunk of(String regex) {
    for (BuiltInJunk junk : values()) {
      if (junk.regex.equals(regex)) {
        return junk;
      }
    }
    return null;
  }

  /** Whether {@code value} as a whole matches this pattern. */
  boolean matches(String value) {
    if (this == PHONE_ZEROS) {
      return isZeroPhone(value);
    }
    for (int i = 0; i < value.length(); i++) {
      if (!allows(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the char class of {@link #ZEROS} or {@link #DEVICE_ZEROS} takes {@code c}. */
  private boolean allows(char c) {
    return c == '0'
        || (this == ZEROS ? c == '+' || isSeparator(c) : c == 'f' || c == 'F' || c == '-');
  }

  /**
   * {@code (?:\+|00)?[\s.()-]*\d{1,3}[\s.()-]*(?:0[\s.()-]*){7,}}: an optional international
   * prefix, one to three digits of country code, then at least seven zeros among separators.
   */
  private static boolean isZeroPhone(String value) {
    // The zeros end the value, separators aside: nearly every real number is told apart here.
    if (value.isEmpty()) {
      return false;
    }
    char last = value.charAt(value.length() - 1);
    if (last != '0' && !isSeparator(last)) {
      return false;
    }
    return zerosAfterCountryCode(value, 0)
        || (value.startsWith("+") && zerosAfterCountryCode(value, 1))
        || (value.startsWith("00") && zerosAfterCountryCode(value, 2));
  }

  /**
   * Whether one to three digits of country code, then at least seven zeros among separators,
   * follow the international prefix that ends at {@code prefixEnd}.
   */
  private static boolean zerosAfterCountryCode(String value, int prefixEnd) {
    int start = skipSeparators(value, prefixEnd);
    for (int digits = 1; digits <= 3 && start + digits <= value.length(); digits++) {
      if (!isAsciiDigit(value.charAt(start + digits - 1))) {
        return false;
      }
      if (zerosAmongSeparators(value, start + digits) >= 7) {
        return true;
      }
    }
    return false;
  }

  /** The count of zeros from {@code from} on, or -1 if anything but zeros and separators follows. */
  private static int zerosAmongSeparators(String value, int from) {
    int zeros = 0;
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '0') {
        zeros++;
      } else if (!isSeparator(c)) {
        return -1;
      }
    }
    return zeros;
  }

  private static int skipSeparators(String value, int from) {
    int i = from;
    while (i < value.length() && isSeparator(value.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSeparator(char c) {
    return isRegexSpace(c) || c == '.' || c == '(' || c == ')' || c == '-';
  }

  /** The regex {@code \s} without UNICODE_CHARACTER_CLASS: {@code [ \t\n\x0B\f\r]}. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
