package io.github.cdpkit.identity;

import io.github.cdpkit.core.internal.EpochMillis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One channel's record of a user: which channel, the record's id there, the identifiers it carries,
 * its attributes and when it was observed.
 *
 * <pre>{@code
 * SourceRecord record = SourceRecord.builder("jd", "u-1001")
 *     .identifier(Identifier.of("email", "Li.Lei@Example.com"))
 *     .identifier(Identifier.of("wechat_openid", "wxapp1", "oAbC123"))
 *     .attribute("city", "Hangzhou")
 *     .build();
 * }</pre>
 *
 * @param key the channel and the record's id in it
 * @param identifiers the identifiers, as the channel gave them, in the channel's order
 * @param attributes the record's attributes by name, in the channel's order
 * @param observedAt when the channel observed the record; {@code null} when unknown, in which case
 *     the resolver stamps the time of ingest from its clock
 */
public record SourceRecord(
    RecordKey key,
    List<Identifier> identifiers,
    Map<String, String> attributes,
    @Nullable Instant observedAt) {

  /**
   * Copies the collections, so a record never changes after it is made.
   *
   * @param key the channel and the record's id in it
   * @param identifiers the identifiers, as the channel gave them, in the channel's order
   * @param attributes the record's attributes by name, in the channel's order
   * @param observedAt when the channel observed the record; {@code null} when unknown, in which
   *     case the resolver stamps the time of ingest from its clock
   * @throws NullPointerException if {@code key}, {@code identifiers}, {@code attributes}, an
   *     identifier, or an attribute's name or value is null
   * @throws IllegalArgumentException if {@code observedAt} lies outside the range of epoch
   *     milliseconds (about 292 million years either side of 1970), where the resolver keeps times
   */
  public SourceRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(identifiers, "identifiers");
    Objects.requireNonNull(attributes, "attributes");
    if (observedAt != null && !EpochMillis.holds(observedAt)) {
      throw new IllegalArgumentException("observedAt of " + key
          + " lies outside the range of epoch milliseconds: " + observedAt);
    }
    identifiers = List.copyOf(identifiers);
    attributes.forEach((name, value) -> {
      Objects.requireNonNull(name, "attribute name");
      Objects.requireNonNull(value, () -> "value of attribute " + name);
    });
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /**
   * Starts a record of channel {@code source} with the channel's id {@code recordId}.
   *
   * @param source the channel, such as {@code tmall}
   * @param recordId the record's id in that channel
   * @return a builder
   * @throws IllegalArgumentException if either is blank
   */
  public static Builder builder(String source, String recordId) {
    return new Builder(RecordKey.of(source, recordId));
  }

  /** Builds a {@link SourceRecord}; not thread-safe. */
  public static final class Builder {
    private final RecordKey key;
    private final List<Identifier> identifiers = new ArrayList<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private @Nullable Instant observedAt;

    private Builder(RecordKey key) {
      this.key = key;
    }

    /**
     * Adds an identifier.
     *
     * @param identifier the identifier as the channel gave it
     * @return this builder
     */
    public Builder identifier(Identifier identifier) {
      identifiers.add(Objects.requireNonNull(identifier, "identifier"));
      return this;
    }

    /**
     * Adds an identifier of a type without namespace.
     *
     * @param type the type's name
     * @param value the value as given
     * @return this builder
     */
    public Builder identifier(String type, String value) {
      return identifier(Identifier.of(type, value));
    }

    /**
     * Sets an attribute, replacing an earlier value of the same name.
     *
     * @param name the attribute's name
     * @param value its value
     * @return this builder
     */
    public Builder attribute(String name, String value) {
      attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets when the channel observed the record.
     *
     * @param observedAt the instant
     * @return this builder
     * @throws NullPointerException if {@code observedAt} is null
     */
    public Builder observedAt(Instant observedAt) {
      this.observedAt = Objects.requireNonNull(observedAt, "observedAt");
      return this;
    }

    /**
     * Returns the record.
     *
     * @return a new record with what was added so far
     * @throws IllegalArgumentException if the time observed lies outside the range of epoch
     *     milliseconds
     */
    public SourceRecord build() {
      return new SourceRecord(key, identifiers, attributes, observedAt);
    }
  }
}
