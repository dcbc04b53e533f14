package io.github.cdpkit.identity.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator took a conflict off the review queue without acting on it
 * ({@link io.github.cdpkit.identity.IdentityResolver#dismiss}). The dismissal sticks: the same refusal
 * (the same identifier between the same two people) is not queued or reported again, also after a
 * restart, which reads the dismissal back from the history.
 *
 * @param sequence the event's sequence number
 * @param at when it happened
 * @param conflict the sequence number of the dismissed {@link Conflict}
 */
public record ConflictDismissed(long sequence, Instant at, long conflict)
    implements IdentityEvent {

  /**
   * Checks the components.
   *
   * @param sequence the event's sequence number
   * @param at when it happened
   * @param conflict the sequence number of the dismissed conflict
   * @throws NullPointerException if {@code at} is null
   */
  public ConflictDismissed {
    Objects.requireNonNull(at, "at");
  }
}
