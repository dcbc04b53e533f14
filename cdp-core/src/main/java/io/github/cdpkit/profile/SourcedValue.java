package io.github.cdpkit.profile;

import io.github.cdpkit.identity.RecordKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One source's value of an attribute: which channel said what, on which record, and when.
 *
 * @param channel the channel that supplied the value: the record's own channel for ingested
 *     values, the editing channel for edits
 * @param record the record the value is kept against, and so follows through merges and splits
 * @param value the value
 * @param observedAt when the channel observed or set it
 */
public record SourcedValue(String channel, RecordKey record, String value, Instant observedAt) {

  /**
   * Validates the parts.
   *
   * @param channel the channel that supplied the value
   * @param record the record the value is kept against
   * @param value the value
   * @param observedAt when the channel observed or set it
   * @throws IllegalArgumentException if the channel is blank
   */
  public SourcedValue {
    if (channel.isBlank()) {
      throw new IllegalArgumentException("channel must not be blank: '" + channel + "'");
    }
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(observedAt, "observedAt");
  }
}
