package io.github.cdpkit.identity.event;

import io.github.cdpkit.identity.Identifier;
import java.time.Instant;

/**
 * A value turned out to be shared by more records than the configured threshold (a store's counter
 * phone, a demo device) and stopped linking. The people it had glued together are re-decided
 * without it, which may split them ({@link Split} events follow).
 *
 * @param sequence the event's sequence number
 * @param at when it happened
 * @param identifier the value, normalised
 * @param holders how many records carry it
 * @param threshold the configured threshold it passed
 */
public record GenericValueDetected(
    long sequence, Instant at, Identifier identifier, int holders, int threshold)
    implements IdentityEvent {}
