package io.github.cdpkit.profile;

import java.util.Objects;

/**
 * One line of an order or a return: which item, how many, at what unit price.
 *
 * @param sku the item's stock-keeping unit
 * @param quantity how many, at least 1
 * @param unitPrice the price of one
 */
public record OrderLine(String sku, long quantity, Money unitPrice) {

  /**
   * Validates the line.
   *
   * @param sku the item's stock-keeping unit
   * @param quantity how many, at least 1
   * @param unitPrice the price of one
   * @throws IllegalArgumentException if the sku is blank or the quantity less than 1
   */
  public OrderLine {
    if (sku.isBlank()) {
      throw new IllegalArgumentException("sku must not be blank: '" + sku + "'");
    }
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be at least 1: " + quantity);
    }
    Objects.requireNonNull(unitPrice, "unitPrice");
  }

  /**
   * Returns the line's total, the unit price times the quantity.
   *
   * @return the total
   */
  public Money total() {
    return unitPrice.times(quantity);
  }
}
