package io.github.cdpkit.identity.spi;

import io.github.cdpkit.core.internal.EpochMillis;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.RecordKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The evidence of one record as the store keeps it: its normalised identifiers, when it was observed,
 * and the ids it founded.
 *
 * <p>Every person id is founded by one record: the record that created the person, or, after a split,
 * the first record of a part that had none. A person's id is the smallest id founded by its records,
 * so the founded ids are all the store needs to give every person back its id after a restart.
 *
 * @param key the record's key
 * @param identifiers the normalised linkable identifiers, in the order they were first seen
 * @param observedAt when the channel observed the record
 * @param foundedIds the values of the {@link io.github.cdpkit.identity.OneId}s this record founded,
 *     in increasing order; often one, sometimes none
 */
public record StoredRecord(
    RecordKey key, List<Identifier> identifiers, Instant observedAt, List<Long> foundedIds) {

  /**
   * Copies the lists and checks the founded ids.
   *
   * @param key the record's key
   * @param identifiers the normalised linkable identifiers, in the order they were first seen
   * @param observedAt when the channel observed the record
   * @param foundedIds the values of the {@link io.github.cdpkit.identity.OneId}s this record
   *     founded, in increasing order; often one, sometimes none
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the founded ids are not at least 1 and increasing, or the
   *     time observed lies outside the range of epoch milliseconds (as no ingested record's can)
   */
  public StoredRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(observedAt, "observedAt");
    // The resolver keeps it as epoch milliseconds when it reads the store back.
    if (!EpochMillis.holds(observedAt)) {
      throw new IllegalArgumentException("observedAt of " + key
          + " lies outside the range of epoch milliseconds: " + observedAt);
    }
    identifiers = List.copyOf(identifiers);
    foundedIds = List.copyOf(foundedIds);
    long previous = 0;
    for (long id : foundedIds) {
      if (id <= previous) {
        throw new IllegalArgumentException("founded ids of " + key
            + " must be at least 1 and increasing: " + foundedIds);
      }
      previous = id;
    }
  }
}
