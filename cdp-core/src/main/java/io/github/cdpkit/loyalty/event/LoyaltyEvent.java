package io.github.cdpkit.loyalty.event;

import java.time.Instant;

/** Something that happened to loyalty accounts, delivered to the {@link LoyaltyListener}s. */
public sealed interface LoyaltyEvent permits TierChanged, AccountsMerged, AccountsUnmerged {

  /**
   * Returns when it happened, by the service's clock.
   *
   * @return the instant
   */
  Instant at();
}
