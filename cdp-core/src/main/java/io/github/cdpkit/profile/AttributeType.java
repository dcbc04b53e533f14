package io.github.cdpkit.profile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How an imported column's value is checked and written. */
public enum AttributeType {
  /** Any text, kept as given (trimmed). */
  TEXT {
    @Override
    String parse(String value) {
      return value;
    }
  },
  /**
   * A decimal number, written in plain notation ({@code 1E+2} becomes {@code 100}) of at most
   * 1,000 characters, the most digits a JSON number may have.
   */
  NUMBER {
    @Override
    String parse(String value) {
      // BigDecimal reads digits in time quadratic in their count (a million took 11 s), and
      // there are at least as many characters in plain notation as significant digits
      if (significantDigits(value) > MAX_PLAIN_LENGTH) {
        throw tooLong(value);
      }
      BigDecimal number;
      try {
        number = new BigDecimal(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: '" + value + "'", e);
      }
      // 1e999999999 would take a gigabyte, and 1e2147483647 more than a String holds
      if (plainLength(number) > MAX_PLAIN_LENGTH) {
        throw tooLong(value);
      }
      return number.toPlainString();
    }
  },
  /** An ISO date such as {@code 1990-05-17}. */
  DATE {
    @Override
    String parse(String value) {
      try {
        return LocalDate.parse(value).toString();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a date (yyyy-MM-dd): '" + value + "'", e);
      }
    }
  };

  /** The most characters of a {@link #NUMBER} in plain notation. */
  static final int MAX_PLAIN_LENGTH = 1_000;

  /** Checks a trimmed, non-empty value and returns it as it is written to the profile. */
  abstract String parse(String value);

  private static IllegalArgumentException tooLong(String value) {
    return new IllegalArgumentException(String.format(Locale.ROOT,
        "number longer than %,d characters in plain notation: '%s'", MAX_PLAIN_LENGTH, value));
  }

  /**
   * The significant digits of a number as written, counted without reading it: those of its
   * significand from the first that is not 0 on, which {@code new BigDecimal(value).precision()}
   * gives for a number that is not 0; 0 for text that is not a number, which BigDecimal refuses
   * at the first character out of place.
   */
  static long significantDigits(String value) {
    long digits = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      int digit = Character.digit(c, 10); // BigDecimal reads every Unicode digit
      if (digit > 0 || (digit == 0 && digits > 0)) {
        digits++;
      } else if (c == 'e' || c == 'E') {
        break;
      } else if (digit < 0 && c != '.' && c != '+' && c != '-') {
        return 0;
      }
    }
    return digits;
  }

  /** The length of {@code number.toPlainString()}, worked out without writing it. */
  static long plainLength(BigDecimal number) {
    int scale = number.scale();
    long digits;
    if (scale <= 0) {
      // the digits and as many zeros as the scale says; zero is written 0 whatever its scale
      digits = number.signum() == 0 ? 1 : number.precision() - (long) scale;
    } else {
      // the digits with a point among them, or 0, the point, zeros and the digits
      digits = Math.max(number.precision(), scale + 1L) + 1;
    }
    return digits + (number.signum() < 0 ? 1 : 0);
  }
}
