package io.github.cdpkit.identity.event;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.OneId;
import java.time.Instant;

/**
 * A link that a guard refused: {@code left} and {@code right} share {@code identifier}, but joining
 * them would break {@code rule}. Both stay separate people; the conflict waits in the review queue for
 * a person to decide.
 *
 * @param sequence the event's sequence number
 * @param at when it happened
 * @param left the person that holds the identifier and kept it
 * @param right the person that also holds it and was not joined
 * @param identifier the shared identifier, normalised
 * @param rule the guard that refused the link
 * @param detail the rule in words, such as {@code member_no allows 1 per person}
 */
public record Conflict(
    long sequence,
    Instant at,
    OneId left,
    OneId right,
    Identifier identifier,
    ConflictRule rule,
    String detail)
    implements IdentityEvent {}
