package io.github.cdpkit.identity.event;

import io.github.cdpkit.identity.OneId;
import java.time.Instant;
import java.util.List;

/**
 * One person became several: a record or a link was removed, a value turned out to be generic, or a
 * guard re-decided the person's component. Each part gets back the id it had before it was merged,
 * where it had one.
 *
 * @param sequence the event's sequence number
 * @param at when it happened
 * @param before the id of the person that was split
 * @param parts the ids of the parts, in increasing order; one of them may equal {@code before}
 * @param reason what caused the split, in a few words
 */
public record Split(long sequence, Instant at, OneId before, List<OneId> parts, String reason)
    implements IdentityEvent {

  /**
   * Copies the list.
   *
   * @param sequence the event's sequence number
   * @param at when it happened
   * @param before the id of the person that was split
   * @param parts the ids of the parts, in increasing order; one of them may equal {@code before}
   * @param reason what caused the split, in a few words
   */
  public Split {
    parts = List.copyOf(parts);
  }
}
