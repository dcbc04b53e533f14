package io.github.cdpkit.identity;

/**
 * Counts of what a resolver holds.
 *
 * @param records the source records
 * @param identifiers the distinct linkable identifiers
 * @param people the resolved people
 * @param pendingConflicts the conflicts waiting in the review queue
 */
public record IdentityStats(long records, long identifiers, long people, int pendingConflicts) {}
