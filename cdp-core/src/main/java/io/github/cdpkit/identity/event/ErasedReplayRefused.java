package io.github.cdpkit.identity.event;

import io.github.cdpkit.identity.RecordKey;
import java.time.Instant;

/**
 * A record was refused because it carried an identifier, or had a key, of an erased person: a replay
 * of old data does not bring an erased person back silently.
 *
 * @param sequence the event's sequence number
 * @param at when it happened
 * @param record the refused record's key
 * @param identifierType the type of the erased identifier it carried, or {@code record_key} when the
 *     record itself had been erased
 */
public record ErasedReplayRefused(long sequence, Instant at, RecordKey record, String identifierType)
    implements IdentityEvent {}
