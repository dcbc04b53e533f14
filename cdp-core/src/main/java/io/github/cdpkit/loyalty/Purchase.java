package io.github.cdpkit.loyalty;

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
   * @param lines the lines, at least one
   * @throws IllegalArgumentException if there is no line
   */
  public Purchase {
    Objects.requireNonNull(orderId, "orderId");
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("purchase must have at least one line: " + orderId);
    }
  }

  /**
   * Returns a purchase of the given lines.
   *
   * @param orderId the order's id
   * @param lines the lines, at least one
   * @return the purchase
   */
  public static Purchase of(String orderId, Line... lines) {
    return new Purchase(orderId, List.of(lines));
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
