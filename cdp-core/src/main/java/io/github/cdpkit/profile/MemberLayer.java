package io.github.cdpkit.profile;

/** The layers of membership one person may hold at once, each with its own view and rules. */
public enum MemberLayer {
  /** A member of the whole group. */
  GROUP,
  /** A member of one brand. */
  BRAND,
  /** A member of one dealer. */
  DEALER,
  /** A member of one store. */
  STORE
}
