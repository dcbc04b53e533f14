package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.loyalty.AccountKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a merge took from each source, kept on the target so that the merge can be undone.
 *
 * @param key the merge's key
 * @param order when the merge was made among the engine's merges; a split undoes the newest first
 * @param ownTier the target's earned tier before the first of the merges it held when this one was
 *     made: its own, not one those merges' sources gave it, which is what the tier it held just
 *     before this merge may be. Every merge the target holds sources of has the same, so that the
 *     tier an unmerge keeps does not depend on the order merges are undone in.
 * @param parts what came from each source, in the merge's order
 */
record MergeRecord(String key, long order, String ownTier, Map<AccountKey, Part> parts) {

  MergeRecord(String key, long order, String ownTier) {
    this(key, order, ownTier, new LinkedHashMap<>());
  }

  /** Tells whether a source of this merge is still merged into the target. */
  boolean holdsSources() {
    for (Part part : parts.values()) {
      if (!part.restored) {
        return true;
      }
    }
    return false;
  }

  /**
   * A lot that came from a source: the source's lot and its points in the source's currency, and
   * the target lot that received them, converted.
   */
  record CarriedLot(long sourceLot, long targetLot, long original, long credited,
      Instant expiresAt, Instant activatesAt) {

    /** The same lot, now held by another lot of the target. */
    CarriedLot movedTo(long lot) {
      return lot == targetLot ? this
          : new CarriedLot(sourceLot, lot, original, credited, expiresAt, activatesAt);
    }
  }

  /**
   * A non-stacking benefit that gave way to a better copy, kept by the target it gave way in until
   * it comes back: to its owner when an unmerge gives the owner back its benefits, else to the
   * target when the copy that beat it leaves with its own owner.
   *
   * @param benefit the benefit
   * @param owner the account it came from: a source of a merge, or the target itself
   * @param winner the id of the copy that was kept
   */
  record SetAside(BenefitState benefit, AccountKey owner, String winner) {}

  /** What one source brought. Mutable only for {@link #restored}. */
  static final class Part {
    /** The source's earned tier before the merge: what an unmerge gives back. */
    final String tier;
    /**
     * The tier the source showed at the merge, an override included: what the merge policy
     * weighed, and weighs again while the source stays merged.
     */
    final String shownTier;
    final Instant evaluationAt;
    final List<CarriedLot> lots = new ArrayList<>();
    /** The source's tier-qualifying history, as the source had it: what an unmerge gives back. */
    final List<Activity> activity = new ArrayList<>();
    /** The same history converted into the target's currency: what the target received. */
    final List<Activity> received = new ArrayList<>();
    final List<String> benefits = new ArrayList<>();
    final List<Order> orders = new ArrayList<>();
    boolean restored;

    Part(String tier, String shownTier, Instant evaluationAt) {
      this.tier = tier;
      this.shownTier = shownTier;
      this.evaluationAt = evaluationAt;
    }
  }
}
