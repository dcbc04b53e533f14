package io.github.cdpkit.identity.event;

import java.time.Instant;

/**
 * Something that happened to the people of a resolver. Events reach the registered
 * {@link IdentityListener}s synchronously and in sequence order, and stay in the resolver's
 * append-only history.
 */
public sealed interface IdentityEvent
    permits Merged, Split, Conflict, ConflictDismissed, Erased, GenericValueDetected,
        ErasedReplayRefused, Redacted, RecordRemoved, LinkRemoved {

  /**
   * Returns the event's sequence number: unique and increasing within one resolver, and so the key by
   * which a follower acts on the event at most once.
   *
   * @return the sequence number, at least 1
   */
  long sequence();

  /**
   * Returns when the event happened, by the resolver's clock.
   *
   * @return the instant
   */
  Instant at();
}
