package io.github.cdpkit.identity.event;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import java.time.Instant;
import java.util.Objects;

/**
 * An identifier was taken out of a record's evidence, whether or not its person split: by
 * {@link io.github.cdpkit.identity.IdentityResolver#removeLink}, or when a resolver reads back a
 * store or snapshot whose record holds a value that the resolver's types block now (see
 * {@link io.github.cdpkit.identity.IdentityResolverBuilder#build}). A follower that caches answers
 * by identifier (such as
 * {@link io.github.cdpkit.identity.CachedIdentityLookup}) drops the identifier's, since no other
 * record of the person may hold it. When the person splits, {@link Split} events follow it.
 *
 * <p>The identifier is personal data: when the person is erased (the one that held the record
 * then, or the one it belongs to when erased), the event is replaced by a {@link Redacted} one.
 *
 * @param sequence the event's sequence number
 * @param at when it happened
 * @param record the record that held the identifier
 * @param identifier the identifier taken away, normalised
 * @param person the person that held the record until then
 */
public record LinkRemoved(
    long sequence, Instant at, RecordKey record, Identifier identifier, OneId person)
    implements IdentityEvent {

  /**
   * Checks the components.
   *
   * @param sequence the event's sequence number
   * @param at when it happened
   * @param record the record that held the identifier
   * @param identifier the identifier taken away
   * @param person the person that held the record until then
   * @throws NullPointerException if {@code at}, {@code record}, {@code identifier} or
   *     {@code person} is null
   */
  public LinkRemoved {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(person, "person");
  }
}
