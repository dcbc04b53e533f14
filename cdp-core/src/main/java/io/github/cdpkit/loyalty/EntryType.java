package io.github.cdpkit.loyalty;

/** What a {@link LedgerEntry} records. */
public enum EntryType {
  /** Points earned by a purchase: a new lot. */
  EARN,
  /** Points spent (redeemed) from a lot. */
  BURN,
  /** Points that reached their expiry, taken from their lot. */
  EXPIRE,
  /** A manual correction: a new lot when positive, taken from spendable lots when negative. */
  ADJUST,
  /** Points taken back by a refund, from the order's lots, other lots or the debt. */
  REVERSE,
  /**
   * A debt repaid by new points (an earning or a positive adjustment), in pairs: taken from the new
   * lot as soon as it is made, even while it is pending, and added to the debt. Both entries name
   * the cause and the lot, such as {@code repay-debt:o2, from lot 7 to the debt}.
   */
  REPAY,
  /** Points that left a lot because its account merged into another, or was split back out. */
  MERGE_OUT,
  /** Points that arrived in a new lot from a merge or a split, keeping expiry and pending state. */
  MERGE_IN
}
