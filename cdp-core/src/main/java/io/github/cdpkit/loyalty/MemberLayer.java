package io.github.cdpkit.loyalty;

/** The member layers a programme can belong to; one person may be a member at every layer. */
public enum MemberLayer {
  /** The group that owns several brands. */
  GROUP,
  /** One brand. */
  BRAND,
  /** A dealer selling the brand. */
  DEALER,
  /** One store. */
  STORE
}
