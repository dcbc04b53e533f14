package io.github.cdpkit.testkit.population;

import io.github.cdpkit.identity.SourceRecord;
import java.util.List;

/**
 * One generated person with everything the channels know of them: the ground truth of a
 * {@link Population}.
 *
 * @param index the person's index in the population, from 0; every record in {@code records} belongs
 *     to this person and to no one else
 * @param records the person's channel records, 1 to 6, at most one per channel
 * @param orders the person's orders, oldest first; each was placed through one of {@code records}
 */
public record SyntheticPerson(int index, List<SourceRecord> records, List<SyntheticOrder> orders) {

  /**
   * Validates the index and copies the lists.
   *
   * @param index the person's index in the population, from 0
   * @param records the person's channel records
   * @param orders the person's orders, oldest first
   * @throws NullPointerException if a list is null or holds a null; the message is its name, such
   *     as {@code orders[3]}
   * @throws IllegalArgumentException if {@code index} is negative or {@code records} is empty
   */
  public SyntheticPerson {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
    records = Lists.copyOf(records, "records");
    if (records.isEmpty()) {
      throw new IllegalArgumentException("person " + index + " must have a record");
    }
    orders = Lists.copyOf(orders, "orders");
  }
}
