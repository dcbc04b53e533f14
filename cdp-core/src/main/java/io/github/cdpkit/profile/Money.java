package io.github.cdpkit.profile;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in minor units (fen, cents) of one currency; never a floating-point number.
 *
 * <pre>{@code
 * Money price = Money.of("129.90", "CNY"); // 12990 fen
 * }</pre>
 *
 * @param minorUnits the amount in the currency's minor units; negative for refunds
 * @param currency the currency, one that has minor units
 */
public record Money(long minorUnits, Currency currency) {

  /**
   * Validates the currency.
   *
   * @param minorUnits the amount in the currency's minor units; negative for refunds
   * @param currency the currency, one that has minor units
   * @throws IllegalArgumentException if the currency has no defined minor units (such as XXX)
   */
  public Money {
    Objects.requireNonNull(currency, "currency");
    if (currency.getDefaultFractionDigits() < 0) {
      throw new IllegalArgumentException("currency has no minor units: " + currency);
    }
  }

  /**
   * Returns {@code amount} of the currency with ISO 4217 code {@code currencyCode}, exactly.
   *
   * @param amount a decimal amount such as {@code 129.90}
   * @param currencyCode an ISO 4217 code such as {@code CNY}
   * @return the money
   * @throws IllegalArgumentException if the code is unknown, the amount is not a number, or it has
   *     more decimals than the currency's minor units hold (nothing is rounded)
   */
  public static Money of(String amount, String currencyCode) {
    Currency currency = Currency.getInstance(currencyCode);
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(amount.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount is not a number: '" + amount + "'", e);
    }
    int digits = currency.getDefaultFractionDigits();
    if (decimal.stripTrailingZeros().scale() > digits) {
      throw new IllegalArgumentException("amount has more decimals than " + currency
          + " allows (" + digits + "): " + amount);
    }
    return new Money(decimal.movePointRight(digits).longValueExact(), currency);
  }

  /**
   * Returns this amount times {@code factor}.
   *
   * @param factor the factor, such as a quantity
   * @return the product
   * @throws ArithmeticException if it overflows a {@code long}
   */
  public Money times(long factor) {
    return new Money(Math.multiplyExact(minorUnits, factor), currency);
  }

  /**
   * Returns the sum of this amount and {@code other}.
   *
   * @param other an amount of the same currency
   * @return the sum
   * @throws IllegalArgumentException if the currencies differ
   * @throws ArithmeticException if it overflows a {@code long}
   */
  public Money plus(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "cannot add " + other + " to " + this + ": currencies differ");
    }
    return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
  }

  /**
   * Returns the amount as a decimal in major units.
   *
   * @return the amount, with the currency's number of decimals
   */
  public BigDecimal amount() {
    return BigDecimal.valueOf(minorUnits, currency.getDefaultFractionDigits());
  }

  @Override
  public String toString() {
    return currency.getCurrencyCode() + " " + amount().toPlainString();
  }
}
