package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.loyalty.Lot;
import java.time.Instant;
import java.util.Comparator;

/** A lot as an account holds it: its remaining points change, its identity and dates do not. */
final class LotState {

  /** The order in which burns consume lots: earliest expiry first, then the oldest lot. */
  static final Comparator<LotState> BY_EXPIRY = (a, b) -> {
    int byExpiry = a.expiresAt.compareTo(b.expiresAt);
    return byExpiry != 0 ? byExpiry : Long.compare(a.id, b.id);
  };

  final long id;
  final Instant expiresAt;
  final Instant activatesAt;
  long remaining;

  LotState(long id, Instant expiresAt, Instant activatesAt) {
    this.id = id;
    this.expiresAt = expiresAt;
    this.activatesAt = activatesAt;
  }

  /** A key for range searches of the lots that expire at {@code expiresAt}. */
  static LotState probe(Instant expiresAt, long id) {
    return new LotState(id, expiresAt, expiresAt);
  }

  boolean isDebt() {
    return id < 0;
  }

  Lot view() {
    return new Lot(id, remaining, expiresAt, activatesAt);
  }
}
