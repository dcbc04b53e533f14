package io.github.cdpkit.loyalty.event;

import io.github.cdpkit.loyalty.AccountKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Accounts merged into one, in one ledger transaction: each source's lots left it (merge-out) and
 * arrived in the target (merge-in), converted into the target's currency, keeping expiry and
 * pending state. Also the result of {@link io.github.cdpkit.loyalty.LoyaltyService#merge}.
 *
 * @param key the merge's idempotency key, by which it can be undone
 * @param at when it happened
 * @param target the account that received everything
 * @param sources the accounts merged into it, in order
 * @param tiersBefore the tier of the target and of every source before the merge
 * @param tierAfter the target's tier after the merge
 * @param pointsOut the points that left each source, in its own currency
 * @param pointsIn the points the target received, in its currency
 * @param remainder the fractions of target points the conversion could not credit, summed; zero
 *     when every source shares the target's currency
 * @param qualifyingRemainder the same for the sources' tier-qualifying points, which convert at the
 *     same rate, record by record (each keeps its time in the tier window), into the target's
 *     tier history; spend and order counts do not convert
 */
public record AccountsMerged(
    String key,
    Instant at,
    AccountKey target,
    List<AccountKey> sources,
    Map<AccountKey, String> tiersBefore,
    String tierAfter,
    Map<AccountKey, Long> pointsOut,
    long pointsIn,
    BigDecimal remainder,
    BigDecimal qualifyingRemainder)
    implements LoyaltyEvent {

  /**
   * Copies the collections.
   *
   * @param key the merge's idempotency key
   * @param at when it happened
   * @param target the account that received everything
   * @param sources the accounts merged into it
   * @param tiersBefore the tier of every account before the merge
   * @param tierAfter the target's tier after the merge
   * @param pointsOut the points that left each source
   * @param pointsIn the points the target received
   * @param remainder the fractions the conversion could not credit
   * @param qualifyingRemainder the fractions of tier-qualifying points not credited
   */
  public AccountsMerged {
    sources = List.copyOf(sources);
    tiersBefore = Map.copyOf(tiersBefore);
    pointsOut = Map.copyOf(pointsOut);
  }
}
