package io.github.cdpkit.loyalty.spi;

import io.github.cdpkit.loyalty.LoyaltyException;
import io.github.cdpkit.loyalty.LoyaltyProgram;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Converts points between the currencies of two programmes when their accounts merge. A merge
 * converts each lot on its own and records the fractions it could not credit, so that nothing is
 * lost silently.
 *
 * <pre>{@code
 * // 2 Tmall points are worth 1 brand point; fractions are rounded down and recorded
 * PointsConversion conversion =
 *     PointsConversion.sameCurrency().withRate("TM", "HP", 1, 2, RoundingMode.DOWN);
 * }</pre>
 */
@FunctionalInterface
public interface PointsConversion {

  /**
   * Converts {@code points} of {@code from}'s currency into {@code to}'s.
   *
   * @param from the programme the points leave
   * @param to the programme the points enter
   * @param points the points, negative for a debt
   * @return the whole points credited and the fraction that was not
   * @throws LoyaltyException with {@link LoyaltyException.Reason#NO_CONVERSION} if the currencies
   *     cannot be converted
   */
  Converted convert(LoyaltyProgram from, LoyaltyProgram to, long points);

  /**
   * Returns the conversion that only merges programmes of the same currency, one for one.
   *
   * @return the conversion
   */
  static PointsConversion sameCurrency() {
    return (from, to, points) -> {
      if (!from.currency().equals(to.currency())) {
        throw LoyaltyException.of(LoyaltyException.Reason.NO_CONVERSION, "no rate from "
            + from.currency() + " (" + from.id() + ") to " + to.currency() + " (" + to.id() + ")");
      }
      return new Converted(points, BigDecimal.ZERO);
    };
  }

  /**
   * Returns this conversion, except that {@code fromCurrency} converts into {@code toCurrency} at
   * {@code numerator / denominator} target points per source point, rounded with {@code rounding}.
   *
   * @param fromCurrency the source currency
   * @param toCurrency the target currency
   * @param numerator at least 1
   * @param denominator at least 1
   * @param rounding how to round to whole points; not {@link RoundingMode#UNNECESSARY}
   * @return the new conversion
   * @throws IllegalArgumentException if the rate is not positive or the rounding does not round
   */
  default PointsConversion withRate(
      String fromCurrency, String toCurrency, long numerator, long denominator,
      RoundingMode rounding) {
    Objects.requireNonNull(fromCurrency, "fromCurrency");
    Objects.requireNonNull(toCurrency, "toCurrency");
    if (numerator < 1 || denominator < 1) {
      throw new IllegalArgumentException(
          "rate must be positive: " + numerator + "/" + denominator);
    }
    if (rounding == RoundingMode.UNNECESSARY) {
      throw new IllegalArgumentException("rounding must round: " + rounding);
    }
    BigDecimal rate = BigDecimal.valueOf(numerator);
    BigDecimal divisor = BigDecimal.valueOf(denominator);
    return (from, to, points) -> {
      if (!from.currency().equals(fromCurrency) || !to.currency().equals(toCurrency)) {
        return convert(from, to, points);
      }
      BigDecimal exact = BigDecimal.valueOf(points).multiply(rate);
      long whole = exact.divide(divisor, 0, rounding).longValueExact();
      BigDecimal fraction = exact.subtract(BigDecimal.valueOf(whole).multiply(divisor));
      return new Converted(whole,
          fraction.signum() == 0 ? BigDecimal.ZERO : fraction.divide(divisor, 12, RoundingMode.HALF_EVEN));
    };
  }

  /**
   * The result of a conversion: {@code points + remainder} is the exact value in the target
   * currency.
   *
   * @param points the whole points credited
   * @param remainder the fraction not credited (negative if the rounding went up), at most 12
   *     decimals
   */
  record Converted(long points, BigDecimal remainder) {}
}
