package io.github.cdpkit.identity.event;

/** The guard that refused a link. */
public enum ConflictRule {
  /**
   * The link would give one person more distinct values of a type than its
   * {@link io.github.cdpkit.identity.IdentifierType#maxPerPerson() limit}; with a limit of 1, two
   * people holding different values of a unique type.
   */
  PROFILE_LIMIT,
  /** An operator declared that the two people must never merge. */
  NEVER_MERGE
}
