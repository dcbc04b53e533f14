package io.github.cdpkit.loyalty;

import java.time.Period;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A programme's tiers, lowest first, and how members move on them.
 *
 * <p>A member moves up at once, as soon as what they did in the current window reaches a higher
 * threshold. They move down only at the evaluation date, when the window that just ended did not
 * reach their tier's threshold: by one step or straight to the tier they qualify for, after an
 * optional grace period during which they keep the tier and may still qualify.
 *
 * <p>What a window holds is summed exactly and capped at {@link Long#MAX_VALUE}: thresholds are
 * longs, so the capped sum reaches exactly the tiers the true one does.
 *
 * @param tiers the tiers, lowest first; the first has threshold 0
 * @param basis what counts towards a tier
 * @param window over which period it counts, and so when members are evaluated
 * @param downgrade how far a member moves down at an evaluation
 * @param grace how long a member who missed the threshold keeps the tier; {@link Period#ZERO} for
 *     none
 */
public record TierLadder(
    List<Tier> tiers, Basis basis, Window window, Downgrade downgrade, Period grace) {

  /** What counts towards a tier. */
  public enum Basis {
    /** Tier-qualifying points: the base points of purchases, without multipliers, never spent. */
    QUALIFYING_POINTS,
    /** The amount spent, in minor units. */
    SPEND,
    /** The number of orders. */
    ORDER_COUNT
  }

  /** The period over which the basis counts; members are evaluated when it ends. */
  public enum Window {
    /** The last 12 months; evaluated 12 months after the tier was reached or last kept. */
    ROLLING_12_MONTHS,
    /** The calendar year in the programme's zone; evaluated on 1 January. */
    CALENDAR_YEAR,
    /** The year since the last anniversary of joining; evaluated on each anniversary. */
    MEMBERSHIP_ANNIVERSARY
  }

  /** How far a member moves down at an evaluation. */
  public enum Downgrade {
    /** One tier down, or less if they qualify for more. */
    ONE_STEP,
    /** Straight to the tier the window qualifies them for. */
    RECOMPUTE
  }

  /**
   * Checks and copies the arguments.
   *
   * @param tiers the tiers, lowest first, with increasing thresholds and distinct ids; the first
   *     has threshold 0
   * @param basis what counts towards a tier
   * @param window over which period it counts
   * @param downgrade how far a member moves down at an evaluation
   * @param grace at least zero
   * @throws IllegalArgumentException if the tiers are empty, do not start at 0, do not increase or
   *     repeat an id, or the grace period is negative
   */
  public TierLadder {
    tiers = Checks.copyWithoutNulls(tiers, "tiers");
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(downgrade, "downgrade");
    Objects.requireNonNull(grace, "grace");
    if (tiers.isEmpty() || tiers.get(0).threshold() != 0) {
      throw new IllegalArgumentException("the lowest tier must have threshold 0: " + tiers);
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < tiers.size(); i++) {
      if (!ids.add(tiers.get(i).id())) {
        throw new IllegalArgumentException("tier ids must be distinct: " + tiers.get(i).id());
      }
      if (i > 0 && tiers.get(i).threshold() <= tiers.get(i - 1).threshold()) {
        throw new IllegalArgumentException("tier thresholds must increase: " + tiers);
      }
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace cannot be negative: " + grace);
    }
  }

  /**
   * Returns a ladder with no grace period that moves down one step at a time.
   *
   * @param basis what counts towards a tier
   * @param window over which period it counts
   * @param tiers the tiers, lowest first
   * @return the ladder
   */
  public static TierLadder of(Basis basis, Window window, Tier... tiers) {
    // Arrays.asList, not List.of, so that the constructor names a null tier.
    return new TierLadder(Arrays.asList(Objects.requireNonNull(tiers, "tiers")), basis, window,
        Downgrade.ONE_STEP, Period.ZERO);
  }

  /**
   * Returns a ladder with a single tier that everybody holds, for programmes without tiers.
   *
   * @param id the tier's id
   * @return the ladder
   */
  public static TierLadder single(String id) {
    return of(Basis.QUALIFYING_POINTS, Window.ROLLING_12_MONTHS, Tier.of(id, 0));
  }

  /**
   * Returns this ladder with another downgrade rule and grace period.
   *
   * @param downgrade how far a member moves down at an evaluation
   * @param grace how long a member who missed the threshold keeps the tier
   * @return the new ladder
   */
  public TierLadder withDowngrade(Downgrade downgrade, Period grace) {
    return new TierLadder(tiers, basis, window, downgrade, grace);
  }

  /**
   * Returns the position of a tier, 0 for the lowest.
   *
   * @param tierId the tier's id
   * @return the rank, or -1 if no tier has that id
   */
  public int rank(String tierId) {
    for (int i = 0; i < tiers.size(); i++) {
      if (tiers.get(i).id().equals(tierId)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns the highest tier whose threshold {@code amount} reaches.
   *
   * @param amount the amount of the basis within the window
   * @return the tier's rank
   */
  public int qualifiedRank(long amount) {
    int rank = 0;
    while (rank + 1 < tiers.size() && tiers.get(rank + 1).threshold() <= amount) {
      rank++;
    }
    return rank;
  }
}
