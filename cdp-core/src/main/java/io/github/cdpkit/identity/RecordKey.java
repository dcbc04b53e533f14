package io.github.cdpkit.identity;

import java.util.Objects;

/**
 * Names one channel's record of a user: the channel and the record's id in that channel.
 *
 * @param source the channel that holds the record, such as {@code tmall} or {@code pos}
 * @param recordId the record's id within that channel
 */
public record RecordKey(String source, String recordId) implements Comparable<RecordKey> {

  /**
   * Validates both parts.
   *
   * @param source the channel that holds the record, such as {@code tmall} or {@code pos}
   * @param recordId the record's id within that channel
   * @throws NullPointerException if either part is null, naming it
   * @throws IllegalArgumentException if either part is blank, or the source holds U+0000
   */
  public RecordKey {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(recordId, "recordId");
    requireText("source", source);
    requireText("recordId", recordId);
    requireNoSeparator("source", source);
  }

  /**
   * Returns the key of record {@code recordId} in channel {@code source}.
   *
   * @param source the channel
   * @param recordId the record's id in that channel
   * @return the key
   * @throws IllegalArgumentException if either part is blank, or the source holds U+0000
   */
  public static RecordKey of(String source, String recordId) {
    return new RecordKey(source, recordId);
  }

  /** Orders by source, then by record id: the canonical order the guards decide in. */
  @Override
  public int compareTo(RecordKey other) {
    int bySource = source.compareTo(other.source);
    return bySource != 0 ? bySource : recordId.compareTo(other.recordId);
  }

  @Override
  public String toString() {
    return source + "/" + recordId;
  }

  /**
   * Refuses U+0000 in the first of two parts that the resolver joins with it into one key: in
   * {@code "a\0b" + "\0" + "c"} and {@code "a" + "\0" + "b\0c"} two records would be one.
   */
  static void requireNoSeparator(String name, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(name + " must not hold U+0000: '"
          + value.replace("\0", "\\u0000") + "'");
    }
  }

  static void requireText(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank: '" + value + "'");
    }
  }
}
