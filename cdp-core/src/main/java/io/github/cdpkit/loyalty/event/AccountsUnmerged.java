package io.github.cdpkit.loyalty.event;

import io.github.cdpkit.loyalty.AccountKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A merge was undone for some of its sources: each got back its tier, what is left of the points
 * that came from it, and its benefits. Also the result of {@link
 * io.github.cdpkit.loyalty.LoyaltyService#unmerge}.
 *
 * @param key the idempotency key of the unmerge
 * @param mergeKey the key of the merge undone
 * @param at when it happened
 * @param target the account the sources had merged into
 * @param restored the sources given back their share, in order
 * @param pointsBack the points each restored source got back, in its own currency
 */
public record AccountsUnmerged(
    String key,
    String mergeKey,
    Instant at,
    AccountKey target,
    List<AccountKey> restored,
    Map<AccountKey, Long> pointsBack)
    implements LoyaltyEvent {

  /**
   * Copies the collections.
   *
   * @param key the idempotency key of the unmerge
   * @param mergeKey the key of the merge undone
   * @param at when it happened
   * @param target the account the sources had merged into
   * @param restored the sources given back their share
   * @param pointsBack the points each restored source got back
   */
  public AccountsUnmerged {
    restored = List.copyOf(restored);
    pointsBack = Map.copyOf(pointsBack);
  }
}
