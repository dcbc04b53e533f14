package io.github.cdpkit.profile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** How an imported column's value is checked and written. */
public enum AttributeType {
  /** Any text, kept as given (trimmed). */
  TEXT {
    @Override
    String parse(String value) {
      return value;
    }
  },
  /** A decimal number, written in plain notation ({@code 1E+2} becomes {@code 100}). */
  NUMBER {
    @Override
    String parse(String value) {
      try {
        return new BigDecimal(value).toPlainString();
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: '" + value + "'", e);
      }
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

  /** Checks a trimmed, non-empty value and returns it as it is written to the profile. */
  abstract String parse(String value);
}
