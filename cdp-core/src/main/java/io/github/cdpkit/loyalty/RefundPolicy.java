package io.github.cdpkit.loyalty;

/**
 * What a refund does when the points of its order were already spent or expired.
 *
 * <p>A refund is due {@code earned * refundedSoFar / paid} points of its order (rounded down),
 * minus what earlier refunds of the order took. It first takes them from the lots the order
 * created, whatever is left in them, pending or not: those points are the order's own. Only the
 * shortfall, the part the member already spent (or that expired), is the policy's to settle. The
 * three policies take more and more of it, each what the one before takes and then more:
 *
 * <ol>
 *   <li>{@link #PENDING_ONLY} from the account's other points that are still pending;
 *   <li>{@link #UP_TO_BALANCE} from those, then from the spendable points;
 *   <li>{@link #ALLOW_DEBT} from those, then the rest as a debt.
 * </ol>
 *
 * <p>Lots are taken earliest expiry first in each step. What a policy does not take is forgiven
 * and reported as {@link Receipt#forgiven()}.
 *
 * <p>A worked example. Order {@code o1} earns 100 points, pending for 7 days. On day 8 a 20-point
 * goodwill adjustment arrives (spendable at once), the member burns 80 points (all from {@code o1},
 * which expires first) and order {@code o2} earns 30 points, pending until day 15. The account
 * holds 20 ({@code o1}) + 20 (goodwill) spendable and 30 ({@code o2}) pending. {@code o1} is then
 * refunded in full: 100 points are due, 20 come from {@code o1}'s lot, and the shortfall is 80.
 *
 * <ul>
 *   <li>{@code PENDING_ONLY} takes the 30 pending points of {@code o2} and forgives 50: the
 *       balance is 20, all spendable.
 *   <li>{@code UP_TO_BALANCE} takes those 30 and the 20 goodwill points, and forgives 30: the
 *       balance is 0.
 *   <li>{@code ALLOW_DEBT} takes the same 50 and records a debt of 30: the balance is -30.
 * </ul>
 */
public enum RefundPolicy {
  /**
   * Take the shortfall only from points that are still pending (not yet activated, so not yet
   * usable by the member, such as a later order's points in its return window); forgive the rest.
   * Points the member can spend are never taken.
   */
  PENDING_ONLY,
  /**
   * Take the shortfall from pending points, then from spendable points, up to the account's
   * balance; forgive the rest. The balance never goes below zero.
   */
  UP_TO_BALANCE,
  /**
   * Take the shortfall as {@link #UP_TO_BALANCE} does, and record what is still owed as a debt,
   * a negative balance that later earnings repay first.
   */
  ALLOW_DEBT
}
