package io.github.cdpkit.identity;

import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Hand-written matchers for the blocked patterns of the built-in types, which every ingested value
 * is checked against: the regex engine spends a few hundred nanoseconds per value on them, these a
 * few. Each matches exactly what its pattern, compiled with {@link java.util.regex.Pattern
 * #CASE_INSENSITIVE}, matches as a whole; a fuzz test holds them to that. Any other pattern goes to
 * the regex engine.
 */
final class BuiltInJunk {

  private BuiltInJunk() {}

  /** Returns the hand-written matcher of a built-in pattern, or null for any other pattern. */
  static @Nullable Predicate<String> matcherFor(String regex) {
    return switch (regex) {
      case IdentifierTypes.ZEROS -> value -> allOf(value, "0.()+-", true);
      case IdentifierTypes.DEVICE_ZEROS -> value -> allOf(value, "0fF-", false);
      case IdentifierTypes.PHONE_ZEROS -> BuiltInJunk::isZeroPhone;
      default -> null;
    };
  }

  /** Whether every char is one of {@code chars}, or regex whitespace when {@code whitespace}. */
  private static boolean allOf(String value, String chars, boolean whitespace) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (chars.indexOf(c) < 0 && !(whitespace && isRegexSpace(c))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code (?:\+|00)?[\s.()-]*\d{1,3}[\s.()-]*(?:0[\s.()-]*){7,}}: an optional international
   * prefix, one to three digits of country code, then at least seven zeros among separators.
   */
  private static boolean isZeroPhone(String value) {
    int[] prefixes = {0, value.startsWith("+") ? 1 : -1, value.startsWith("00") ? 2 : -1};
    for (int prefix : prefixes) {
      if (prefix < 0) {
        continue;
      }
      int start = skipSeparators(value, prefix);
      for (int digits = 1; digits <= 3 && start + digits <= value.length(); digits++) {
        if (!isAsciiDigit(value.charAt(start + digits - 1))) {
          break;
        }
        if (zerosAmongSeparators(value, start + digits) >= 7) {
          return true;
        }
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
