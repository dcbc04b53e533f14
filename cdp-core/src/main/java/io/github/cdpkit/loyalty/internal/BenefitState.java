package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.loyalty.Benefit;
import io.github.cdpkit.loyalty.BenefitDefinition;
import java.time.Instant;

/** A benefit as an account holds it. */
final class BenefitState {

  final String id;
  final BenefitDefinition definition;
  final Instant grantedAt;
  final String source;
  Instant validUntil;
  int remaining;

  BenefitState(
      String id, BenefitDefinition definition, Instant grantedAt, Instant validUntil,
      String source) {
    this.id = id;
    this.definition = definition;
    this.grantedAt = grantedAt;
    this.validUntil = validUntil;
    this.remaining = definition.quantity();
    this.source = source;
  }

  boolean isUsableAt(Instant now) {
    return remaining > 0 && validUntil.isAfter(now);
  }

  /** More uses left wins; then the later end. */
  boolean isBetterThan(BenefitState other) {
    return remaining != other.remaining
        ? remaining > other.remaining
        : validUntil.isAfter(other.validUntil);
  }

  Benefit view() {
    return new Benefit(id, definition, remaining, grantedAt, validUntil, source);
  }
}
