package io.github.cdpkit.loyalty;

/**
 * What a refund does when the points of its order were already spent or expired. A refund first
 * takes back what is left in the lots the order created (pending or not); the policy decides the
 * rest.
 */
public enum RefundPolicy {
  /** Take back only what is left of the order's own lots; the rest is forgiven. */
  ORDER_LOTS_ONLY,
  /** Take the rest from the other spendable lots, earliest expiry first, up to what they hold. */
  UP_TO_BALANCE,
  /** Take the rest from the other spendable lots, and what they cannot cover becomes a debt. */
  ALLOW_DEBT
}
