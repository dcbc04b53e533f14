package io.github.cdpkit.identity.event;

import io.github.cdpkit.identity.OneId;
import java.time.Instant;
import java.util.Objects;

/**
 * Stands in the history for an event about a person erased since: a {@link Conflict} that involved
 * them or one of their own identifiers, a {@link GenericValueDetected} about one of their own
 * identifiers, a {@link RecordRemoved} of one of their records, a {@link LinkRemoved} from one of
 * their records or of one of their own identifiers, or an {@link ErasedReplayRefused} under one of
 * their record keys. It keeps the replaced event's sequence number and time, so that the history
 * keeps its order and shows no gap. Listeners never receive it as it happens; they meet it when
 * they read the
 * {@linkplain io.github.cdpkit.identity.IdentityResolver#history history} after an erasure.
 *
 * @param sequence the replaced event's sequence number
 * @param at when the replaced event happened
 * @param replaced the simple name of the replaced event's type, such as {@code Conflict}
 * @param erased the erased person it was about
 */
public record Redacted(long sequence, Instant at, String replaced, OneId erased)
    implements IdentityEvent {

  /**
   * Checks the components.
   *
   * @param sequence the replaced event's sequence number
   * @param at when the replaced event happened
   * @param replaced the simple name of the replaced event's type
   * @param erased the erased person it was about
   * @throws NullPointerException if {@code at}, {@code replaced} or {@code erased} is null
   */
  public Redacted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(replaced, "replaced");
    Objects.requireNonNull(erased, "erased");
  }
}
