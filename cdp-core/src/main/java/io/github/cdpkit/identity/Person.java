package io.github.cdpkit.identity;

import java.util.List;

/**
 * A resolved person as the resolver sees it: its id, the ids merged into it, its records and its
 * identifiers.
 *
 * @param oneId the person's id
 * @param aliases the ids of people merged into this one, in increasing order
 * @param records the keys of its records, in canonical order
 * @param identifiers its linkable identifiers, normalised, ordered by type priority and then value
 */
public record Person(
    OneId oneId, List<OneId> aliases, List<RecordKey> records, List<Identifier> identifiers) {

  /**
   * Copies the lists.
   *
   * @param oneId the person's id
   * @param aliases the ids of people merged into this one, in increasing order
   * @param records the keys of its records, in canonical order
   * @param identifiers its linkable identifiers, normalised, ordered by type priority and then
   *     value
   */
  public Person {
    aliases = List.copyOf(aliases);
    records = List.copyOf(records);
    identifiers = List.copyOf(identifiers);
  }
}
