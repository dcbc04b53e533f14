package io.github.cdpkit.loyalty.internal;

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

  static Earning of(LoyaltyProgram program, Purchase purchase, String tier, Instant at) {
    BigDecimal base = BigDecimal.ZERO;
    BigDecimal weighted = BigDecimal.ZERO;
    TreeSet<String> multiplied = new TreeSet<>();
    for (Purchase.Line line : purchase.lines()) {
      BigDecimal points = BigDecimal.valueOf(line.amountMinor())
          .multiply(BigDecimal.valueOf(program.earnPoints()));
      BigDecimal multiplier = program.categoryMultipliers().get(line.category());
      base = base.add(points);
      if (multiplier == null) {
        weighted = weighted.add(points);
      } else {
        weighted = weighted.add(points.multiply(multiplier));
        multiplied.add(line.category() + " x" + multiplier.toPlainString());
      }
    }
    StringBuilder source = new StringBuilder("earn:").append(purchase.orderId());
    multiplied.forEach(category -> source.append(", category ").append(category));
    BigDecimal tierMultiplier = program.tierMultipliers().get(tier);
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
      weighted = weighted.multiply(event.multiplier());
      source.append(", event ").append(event.name()).append(" x")
          .append(event.multiplier().toPlainString());
    }
    BigDecimal per = BigDecimal.valueOf(program.earnPerMinorUnits());
    return new Earning(
        weighted.divide(per, 0, program.rounding()).longValueExact(),
        base.divide(per, 0, program.rounding()).longValueExact(),
        source.toString());
  }
}
