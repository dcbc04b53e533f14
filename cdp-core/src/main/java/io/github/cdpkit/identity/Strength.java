package io.github.cdpkit.identity;

/**
 * How much an identifier type says about who a person is. Where a guard has to decide a component,
 * links through strong types are tried before links through weak types of the same priority.
 */
public enum Strength {
  /** Verified, personal evidence: a verified phone, a member number, a UnionID. */
  STRONG,
  /** Circumstantial evidence that several people may share: a device id, a cookie. */
  WEAK
}
