package io.github.cdpkit.identity.event;

import io.github.cdpkit.identity.OneId;
import java.time.Instant;
import java.util.List;

/**
 * A person was erased on request (PIPL / GDPR): every record and identifier is gone from the graph,
 * and the records and the person's own identifiers stay only as salted hashes on the deny list.
 * Identifiers that other people's records hold too stay with them (see
 * {@link io.github.cdpkit.identity.IdentityResolver#erase}).
 *
 * @param sequence the event's sequence number
 * @param at when it happened
 * @param oneId the erased person's id, which no longer resolves
 * @param aliases the ids that had been merged into it, which no longer resolve either
 * @param records how many records were removed
 * @param identifiers how many distinct identifiers were removed: the person's own, held by no one
 *     else
 */
public record Erased(
    long sequence, Instant at, OneId oneId, List<OneId> aliases, int records, int identifiers)
    implements IdentityEvent {

  /**
   * Copies the list.
   *
   * @param sequence the event's sequence number
   * @param at when it happened
   * @param oneId the erased person's id, which no longer resolves
   * @param aliases the ids that had been merged into it, which no longer resolve either
   * @param records how many records were removed
   * @param identifiers how many distinct identifiers were removed
   */
  public Erased {
    aliases = List.copyOf(aliases);
  }
}
