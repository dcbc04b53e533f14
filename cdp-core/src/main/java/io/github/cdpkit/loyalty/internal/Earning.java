package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.DoublingEvent;
import io.github.cdpkit.loyalty.LoyaltyProgram;
import io.github.cdpkit.loyalty.Purchase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.TreeSet;

/**
 * The points one purchase earns under a programme's rules, as {@link LoyaltyProgram} states them:
 * lines summed exactly, rounded once.
 *
 * @param points the redeemable points
 * @param qualifying the tier-qualifying points: the base rate alone
 * @param source the rule that made them, with every multiplier that applied
 */
record Earning(long points, long qualifying, String source) {

  /**
   * Computes the points of a purchase.
   *
   * @throws IllegalArgumentException if the points or the qualifying points pass {@link
   *     Long#MAX_VALUE}
   */
  static Earning of(
      AccountKey account, LoyaltyProgram program, Purchase purchase, String tier, Instant at) {
    // Amounts are summed as longs (a purchase's total fits one) and multiplied by the rate once:
    // rate * (plain + sum of amount * multiplier) is exactly the sum of the lines' points, and an
    // earn with no multiplier rounds once for both figures.
    long plainMinor = 0;
    BigDecimal multipliedMinor = BigDecimal.ZERO;
    TreeSet<String> multiplied = null;
    for (Purchase.Line line : purchase.lines()) {
      BigDecimal multiplier = program.categoryMultipliers().get(line.category());
      if (multiplier == null) {
        plainMinor += line.amountMinor();
      } else {
        multipliedMinor =
            multipliedMinor.add(BigDecimal.valueOf(line.amountMinor()).multiply(multiplier));
        if (multiplied == null) {
          multiplied = new TreeSet<>();
        }
        multiplied.add(line.category() + " x" + multiplier.toPlainString());
      }
    }
    BigDecimal rate = BigDecimal.valueOf(program.earnPoints());
    BigDecimal base = BigDecimal.valueOf(purchase.amountMinor()).multiply(rate);
    BigDecimal weighted = multiplied == null
        ? base
        : BigDecimal.valueOf(plainMinor).add(multipliedMinor).multiply(rate);
    StringBuilder source = new StringBuilder("earn:").append(purchase.orderId());
    if (multiplied != null) {
      multiplied.forEach(category -> source.append(", category ").append(category));
    }
    BigDecimal tierMultiplier = program.tierMultipliers().get(tier);
    boolean scaled = multiplied != null || tierMultiplier != null;
    if (tierMultiplier != null) {
      weighted = weighted.multiply(tierMultiplier);
      source.append(", tier ").append(tier).append(" x").append(tierMultiplier.toPlainString());
    }
    // A loop, not a stream: this runs on every earn, and most programmes have no event running.
    DoublingEvent event = null;
    for (DoublingEvent candidate : program.doublingEvents()) {
      if (candidate.isActiveAt(at)
          && (event == null || candidate.multiplier().compareTo(event.multiplier()) > 0)) {
        event = candidate;
      }
    }
    if (event != null) {
      scaled = true;
      weighted = weighted.multiply(event.multiplier());
      source.append(", event ").append(event.name()).append(" x")
          .append(event.multiplier().toPlainString());
    }
    BigDecimal per = BigDecimal.valueOf(program.earnPerMinorUnits());
    long qualifying = whole(base.divide(per, 0, program.rounding()), "qualifying points",
        purchase, account);
    long points = !scaled
        ? qualifying
        : whole(weighted.divide(per, 0, program.rounding()), "points", purchase, account);
    return new Earning(points, qualifying, source.toString());
  }

  /**
   * Refuses a figure past {@link Long#MAX_VALUE}, which no lot or order can hold: with a category
   * multiplier of 0 the points may fit while the qualifying points do not.
   */
  private static long whole(BigDecimal figure, String what, Purchase purchase,
      AccountKey account) {
    try {
      return figure.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(what + " of order " + purchase.orderId() + " in "
          + account + " do not fit a long: " + figure.toPlainString(), e);
    }
  }
}
