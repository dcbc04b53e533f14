package io.github.cdpkit.profile;

/** What a {@link TimelineEvent} records. */
public enum EventKind {
  /** A purchase, with its lines and amount. */
  ORDER,
  /** Goods given back, with the lines and the amount refunded. */
  RETURN,
  /** A review the person wrote. */
  REVIEW,
  /** A message sent to the person (SMS, push, mail, WeChat template message). */
  MESSAGE,
  /** A coupon claimed, used or expired. */
  COUPON,
  /** A stored-value or gift card bought, topped up or spent. */
  STORED_VALUE_CARD
}
