package io.github.cdpkit.loyalty;

import java.util.Objects;

/**
 * Grants a benefit with a purchase: each order line of {@code category} paying at least {@code
 * minAmountMinor} grants one {@code benefit}, such as a joint warranty with a high-end fridge.
 *
 * @param category the product category of the line
 * @param minAmountMinor the least amount of the line, in minor units
 * @param benefit the id of the catalogue's benefit
 */
public record PurchaseBenefit(String category, long minAmountMinor, String benefit) {

  /**
   * Checks the arguments.
   *
   * @param category the product category of the line
   * @param minAmountMinor at least 0
   * @param benefit the id of the catalogue's benefit
   * @throws IllegalArgumentException if {@code minAmountMinor} is negative
   */
  public PurchaseBenefit {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(benefit, "benefit");
    if (minAmountMinor < 0) {
      throw new IllegalArgumentException("minAmountMinor cannot be negative: " + minAmountMinor);
    }
  }
}
