package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.loyalty.TierLadder;
import java.time.Instant;

/**
 * What one order (or a refund of it, negated) adds to the tier window, at the order's time.
 *
 * @param at when the order was made
 * @param qualifying tier-qualifying points
 * @param spend the amount paid, in minor units
 * @param orders 1 for an order, -1 for its full refund, else 0
 */
record Activity(Instant at, long qualifying, long spend, int orders) {

  long amount(TierLadder.Basis basis) {
    return switch (basis) {
      case QUALIFYING_POINTS -> qualifying;
      case SPEND -> spend;
      case ORDER_COUNT -> orders;
    };
  }
}
