package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.loyalty.LoyaltyProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An order an account earned for: what it paid and earned, and what refunds took back so far. Its
 * points are counted in the currency of {@link #program}, the programme that earned them, even
 * after a merge moves the order to another programme's account.
 */
final class Order {

  final String id;
  final LoyaltyProgram program;
  final Instant at;
  final long paid;
  final long earned;
  final long qualifying;
  /** The lots holding the order's points; a merge moves them to new lots. */
  final List<Long> lots = new ArrayList<>();
  long refunded;
  long reversed;
  long qualifyingReversed;

  Order(String id, LoyaltyProgram program, Instant at, long paid, long earned, long qualifying) {
    this.id = id;
    this.program = program;
    this.at = at;
    this.paid = paid;
    this.earned = earned;
    this.qualifying = qualifying;
  }
}
