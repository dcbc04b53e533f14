package io.github.cdpkit.identity.event;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A record was removed by {@link io.github.cdpkit.identity.IdentityResolver#removeRecord}, whether
 * or not its person split: a follower that keeps data per record (a profile's attributes and
 * consents) drops the record's. When the person splits, {@link Split} events follow it.
 *
 * @param sequence the event's sequence number
 * @param at when it happened
 * @param record the removed record's key, which no longer resolves
 * @param person the person that held the record until then
 */
public record RecordRemoved(long sequence, Instant at, RecordKey record, OneId person)
    implements IdentityEvent {

  /**
   * Checks the components.
   *
   * @param sequence the event's sequence number
   * @param at when it happened
   * @param record the removed record's key
   * @param person the person that held the record until then
   * @throws NullPointerException if {@code at}, {@code record} or {@code person} is null
   */
  public RecordRemoved {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(person, "person");
  }
}
