package io.github.cdpkit.loyalty;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An order that earns points: its id, unique within a programme, and its lines.
 *
 * @param orderId the order's id; a later refund names it
 * @param lines the lines, at least one
 */
public record Purchase(String orderId, List<Line> lines) {

  /**
   * Checks and copies the arguments.
   *
   * @param orderId the order's id
   * @param lines the lines, at least one, whose amounts sum to at most {@link Long#MAX_VALUE}
   * @throws IllegalArgumentException if there is no line, or the amounts sum past {@link
   *     Long#MAX_VALUE}
   */
  public Purchase {
    Objects.requireNonNull(orderId, "orderId");
    lines = Checks.copyWithoutNulls(lines, "lines");
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("purchase must have at least one line: " + orderId);
    }
    long sum = 0;
    for (Line line : lines) {
      // Checked here, so that amountMinor() cannot fail later, deep inside an earn.
      if (line.amountMinor() > Long.MAX_VALUE - sum) {
        throw new IllegalArgumentException(
            "amountMinor of order " + orderId + " does not fit a long: lines " + lines);
      }
      sum += line.amountMinor();
    }
  }

  /**
   * Returns a purchase of the given lines.
   *
   * @param orderId the order's id
   * @param lines the lines, at least one
   * @return the purchase
   * @throws IllegalArgumentException if there is no line, or the amounts sum past {@link
   *     Long#MAX_VALUE}
   */
  public static Purchase of(String orderId, Line... lines) {
    // Arrays.asList, not List.of, so that the constructor names a null line.
    return new Purchase(orderId, Arrays.asList(Objects.requireNonNull(lines, "lines")));
  }

  /**
   * Returns the amount paid for the whole order.
   *
   * @return the sum of the lines, in minor units
   */
  public long amountMinor() {
    long sum = 0;
    for (Line line : lines) {
      sum = Math.addExact(sum, line.amountMinor());
    }
    return sum;
  }

  /**
   * One line of an order.
   *
   * @param category the product category, such as {@code fridge} or {@code ecosystem}
   * @param amountMinor the amount paid, in minor units of the shop's currency (fen, cents); at
   *     least 0
   */
  public record Line(String category, long amountMinor) {

    /**
     * Checks the arguments.
     *
     * @param category the product category
     * @param amountMinor the amount paid in minor units, at least 0
     * @throws IllegalArgumentException if {@code amountMinor} is negative
     */
    public Line {
      Objects.requireNonNull(category, "category");
      if (amountMinor < 0) {
        throw new IllegalArgumentException("amountMinor cannot be negative: " + amountMinor);
      }
    }

    /**
     * Returns a line.
     *
     * @param category the product category
     * @param amountMinor the amount paid in minor units, at least 0
     * @return the line
     */
    public static Line of(String category, long amountMinor) {
      return new Line(category, amountMinor);
    }
  }
}
