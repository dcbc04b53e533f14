package io.github.cdpkit.identity.event;

import io.github.cdpkit.identity.OneId;
import java.time.Instant;
import java.util.List;

/**
 * Several people turned out to be one. The survivor is the earliest-created of them (the smallest
 * id); the absorbed ids stay resolvable as its aliases.
 *
 * @param sequence the event's sequence number
 * @param at when it happened
 * @param survivor the id the merged person keeps
 * @param absorbed the ids that became aliases of the survivor, in increasing order
 * @param manual {@code true} when an operator merged by hand, {@code false} when shared
 *     identifiers linked the people
 */
public record Merged(long sequence, Instant at, OneId survivor, List<OneId> absorbed, boolean manual)
    implements IdentityEvent {

  /**
   * Copies the list.
   *
   * @param sequence the event's sequence number
   * @param at when it happened
   * @param survivor the id the merged person keeps
   * @param absorbed the ids that became aliases of the survivor, in increasing order
   * @param manual {@code true} when an operator merged by hand, {@code false} when shared
   *     identifiers linked the people
   */
  public Merged {
    absorbed = List.copyOf(absorbed);
  }
}
