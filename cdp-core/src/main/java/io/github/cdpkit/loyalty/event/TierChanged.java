package io.github.cdpkit.loyalty.event;

import io.github.cdpkit.loyalty.AccountKey;
import java.time.Instant;

/**
 * A member's tier changed.
 *
 * @param account the account
 * @param at when it changed
 * @param from the tier before
 * @param to the tier after
 * @param reason why it changed
 * @param cause the operation that changed it, such as an idempotency key or {@code evaluation}
 */
public record TierChanged(
    AccountKey account, Instant at, String from, String to, Reason reason, String cause)
    implements LoyaltyEvent {

  /** Why a tier changed. */
  public enum Reason {
    /** The current window reached a higher threshold. */
    UPGRADE,
    /** The window that ended at an evaluation missed the tier's threshold. */
    DOWNGRADE,
    /** An operator set the tier by hand. */
    OVERRIDE,
    /** A manual override reached its end date. */
    OVERRIDE_ENDED,
    /** Accounts merged, under the service's tier merge policy. */
    MERGE,
    /** A merge was undone and the account got its tier back. */
    UNMERGE
  }
}
