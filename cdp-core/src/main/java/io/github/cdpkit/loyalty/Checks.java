package io.github.cdpkit.loyalty;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the package's value types. */
final class Checks {

  /** A points multiplier is under this. */
  static final BigDecimal MULTIPLIER_LIMIT = BigDecimal.valueOf(1_000_000_000L);

  /** A points multiplier has at most this many digits after the decimal point, zeros aside. */
  static final int MULTIPLIER_DECIMALS = 18;

  private Checks() {}

  /**
   * Returns a points multiplier (a category's, a tier's, a doubling event's) if it is at least 0
   * (above 0 when {@code positive}), under {@link #MULTIPLIER_LIMIT} and has at most {@link
   * #MULTIPLIER_DECIMALS} decimals, trailing zeros aside; without its trailing zeros if it has more
   * decimals than that. Earning multiplies amounts exactly and writes each multiplier into the
   * earn's source in plain notation, so a multiplier of {@code 1E+999999999} or {@code
   * 1E-999999999} from a configuration (a JSON number is read as written) would make gigabytes of
   * digits on every earn; it is refused when the programme is built instead. Zeros count too: kept,
   * {@code 0E-999999999} is a billion of them.
   *
   * @param multiplier the multiplier
   * @param positive whether 0 is refused too
   * @return the multiplier, without its trailing zeros if it has more than {@link
   *     #MULTIPLIER_DECIMALS} decimals
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException naming it, if it is out of those bounds
   */
  static BigDecimal multiplier(BigDecimal multiplier, boolean positive) {
    Objects.requireNonNull(multiplier, "multiplier");
    if (positive && multiplier.signum() <= 0) {
      throw new IllegalArgumentException("multiplier must be positive: " + multiplier);
    }
    if (multiplier.signum() < 0) {
      throw new IllegalArgumentException("multiplier cannot be negative: " + multiplier);
    }
    if (multiplier.compareTo(MULTIPLIER_LIMIT) >= 0) {
      throw new IllegalArgumentException(
          "multiplier must be under " + MULTIPLIER_LIMIT.toPlainString() + ": " + multiplier);
    }
    if (multiplier.scale() <= MULTIPLIER_DECIMALS) {
      return multiplier;
    }
    BigDecimal stripped = multiplier.stripTrailingZeros();
    if (stripped.scale() > MULTIPLIER_DECIMALS) {
      throw new IllegalArgumentException("multiplier must have at most " + MULTIPLIER_DECIMALS
          + " decimals: " + multiplier);
    }
    return stripped;
  }

  /**
   * Copies a list, refusing a null list or a null in it by the argument's name and the position
   * ({@code lines[1]}): {@link List#copyOf} would name neither.
   *
   * @param list the argument
   * @param name the argument's name
   * @return an unmodifiable copy
   * @throws NullPointerException if the list or an element is null
   */
  static <T> List<T> copyWithoutNulls(List<T> list, String name) {
    int index = 0;
    for (T element : Objects.requireNonNull(list, name)) {
      if (element == null) {
        throw new NullPointerException(name + "[" + index + "]");
      }
      index++;
    }
    return List.copyOf(list);
  }
}
