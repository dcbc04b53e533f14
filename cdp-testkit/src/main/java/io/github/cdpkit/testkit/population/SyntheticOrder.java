package io.github.cdpkit.testkit.population;

import io.github.cdpkit.identity.RecordKey;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * One order of a generated person.
 *
 * <p>Categories are {@code appliance}, {@code mother_baby}, {@code food}, {@code apparel},
 * {@code beauty} and {@code service}. The store is {@code store-0001} to {@code store-0400} for POS
 * and Meituan orders, {@code dealer-001} to {@code dealer-120} for dealer orders,
 * {@code tmall-flagship} and {@code jd-flagship} for the marketplaces, {@code online} for the app and
 * the mini program.
 *
 * @param orderId the order's id, unique in the population: {@code O} and 16 hex digits
 * @param buyer the key of the channel record through which the order was placed
 * @param amountMinor the amount in minor units of {@code currency} (fen for CNY), positive
 * @param currency the currency, {@code CNY} for almost every order, {@code HKD} for a few
 *     cross-border marketplace orders
 * @param category the product category
 * @param store the store, dealer or online shop that sold it
 * @param placedAt when it was placed, not before the buyer record was observed
 */
public record SyntheticOrder(
    String orderId,
    RecordKey buyer,
    long amountMinor,
    Currency currency,
    String category,
    String store,
    Instant placedAt) {

  /**
   * Validates the order.
   *
   * @param orderId the order's id
   * @param buyer the key of the record through which the order was placed
   * @param amountMinor the amount in minor units of {@code currency}
   * @param currency the currency
   * @param category the product category
   * @param store the store, dealer or online shop that sold it
   * @param placedAt when it was placed
   * @throws NullPointerException if an argument but {@code amountMinor} is null; the message is
   *     its name
   * @throws IllegalArgumentException if {@code amountMinor} is not positive
   */
  public SyntheticOrder {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(buyer, "buyer");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(placedAt, "placedAt");
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("amountMinor must be positive: " + amountMinor);
    }
  }

  /**
   * Returns the channel the order was placed in: the buyer record's source.
   *
   * @return the channel, such as {@code pos}
   */
  public String channel() {
    return buyer.source();
  }
}
