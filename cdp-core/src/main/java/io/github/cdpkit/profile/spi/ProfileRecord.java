package io.github.cdpkit.profile.spi;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.profile.Consent;
import io.github.cdpkit.profile.Membership;
import io.github.cdpkit.profile.SourcedValue;
import io.github.cdpkit.profile.TimelineEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one channel record contributes to a profile: its attribute values, the events, memberships,
 * consents and tags kept against it. Profiles are composed from the contributions of the records that
 * resolve to one person, so a contribution follows its record through merges and splits. Immutable:
 * the {@code with} methods return a changed copy.
 *
 * @param key the record's key
 * @param attributes the record's value of each attribute, by name
 * @param events the events kept against the record, in the order they were recorded
 * @param memberships the memberships kept against the record
 * @param consents the consents kept against the record, in the order they were recorded
 * @param tags the tags kept against the record, each with the channel that set it, by tag in
 *     alphabetical order
 */
public record ProfileRecord(
    RecordKey key,
    Map<String, SourcedValue> attributes,
    List<TimelineEvent> events,
    List<Membership> memberships,
    List<Consent> consents,
    Map<String, String> tags) {

  /**
   * Copies the collections and checks that every value belongs to this record.
   *
   * @param key the record's key
   * @param attributes the record's value of each attribute, by name
   * @param events the events kept against the record
   * @param memberships the memberships kept against the record
   * @param consents the consents kept against the record
   * @param tags the channel that set each tag, by tag
   * @throws NullPointerException if an attribute's name or value is null
   * @throws IllegalArgumentException if a value names another record, or a tag or its channel is
   *     blank
   */
  public ProfileRecord {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    attributes.forEach((name, value) -> {
      Objects.requireNonNull(name, "attribute name");
      Objects.requireNonNull(value, () -> "value of attribute " + name);
      if (!value.record().equals(key)) {
        throw new IllegalArgumentException(
            "value of " + name + " belongs to record " + value.record() + ", not " + key);
      }
    });
    events = List.copyOf(events);
    memberships = List.copyOf(memberships);
    consents = List.copyOf(consents);
    tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    tags.forEach((tag, channel) -> {
      if (tag.isBlank() || channel.isBlank()) {
        throw new IllegalArgumentException(
            "tag and channel must not be blank: '" + tag + "' by '" + channel + "'");
      }
    });
  }

  /**
   * Returns the contribution of a record that has none yet.
   *
   * @param key the record's key
   * @return an empty contribution
   */
  public static ProfileRecord empty(RecordKey key) {
    return new ProfileRecord(key, Map.of(), List.of(), List.of(), List.of(), Map.of());
  }

  /**
   * Returns a copy with an attribute's value set, unless the record holds a more recent one.
   *
   * @param name the attribute's name
   * @param value the value, of this record
   * @return the changed copy
   */
  public ProfileRecord withAttribute(String name, SourcedValue value) {
    SourcedValue held = attributes.get(name);
    if (held != null && held.observedAt().isAfter(value.observedAt())) {
      return this;
    }
    Map<String, SourcedValue> changed = new LinkedHashMap<>(attributes);
    changed.put(name, value);
    return new ProfileRecord(key, changed, events, memberships, consents, tags);
  }

  /**
   * Returns a copy with an event added, replacing an event of the same channel and id.
   *
   * @param event the event
   * @return the changed copy
   */
  public ProfileRecord withEvent(TimelineEvent event) {
    List<TimelineEvent> changed = new ArrayList<>(events);
    changed.removeIf(
        held -> held.channel().equals(event.channel()) && held.id().equals(event.id()));
    changed.add(event);
    return new ProfileRecord(key, attributes, changed, memberships, consents, tags);
  }

  /**
   * Returns a copy without the event of a channel and id.
   *
   * @param channel the channel that recorded the event
   * @param id the event's id in that channel
   * @return the changed copy, or this record if it holds no such event
   */
  public ProfileRecord withoutEvent(String channel, String id) {
    List<TimelineEvent> changed = new ArrayList<>(events);
    if (!changed.removeIf(held -> held.channel().equals(channel) && held.id().equals(id))) {
      return this;
    }
    return new ProfileRecord(key, attributes, changed, memberships, consents, tags);
  }

  /**
   * Returns a copy with a membership added, unless the record holds one of the same layer and unit.
   *
   * @param membership the membership
   * @return the changed copy
   */
  public ProfileRecord withMembership(Membership membership) {
    boolean held = memberships.stream().anyMatch(m ->
        m.layer() == membership.layer() && m.unit().equals(membership.unit()));
    if (held) {
      return this;
    }
    List<Membership> changed = new ArrayList<>(memberships);
    changed.add(membership);
    return new ProfileRecord(key, attributes, events, changed, consents, tags);
  }

  /**
   * Returns a copy with a consent added.
   *
   * @param consent the consent
   * @return the changed copy
   */
  public ProfileRecord withConsent(Consent consent) {
    List<Consent> changed = new ArrayList<>(consents);
    changed.add(consent);
    return new ProfileRecord(key, attributes, events, memberships, changed, tags);
  }

  /**
   * Returns a copy with a tag set by a channel, unless the record holds the tag already (then the
   * channel that set it first is kept).
   *
   * @param tag the tag
   * @param channel the channel that sets it
   * @return the changed copy, or this record if it holds the tag
   */
  public ProfileRecord withTag(String tag, String channel) {
    if (tags.containsKey(tag)) {
      return this;
    }
    Map<String, String> changed = new TreeMap<>(tags);
    changed.put(tag, channel);
    return new ProfileRecord(key, attributes, events, memberships, consents, changed);
  }

  /**
   * Returns a copy without a tag.
   *
   * @param tag the tag
   * @return the changed copy, or this record if it does not hold the tag
   */
  public ProfileRecord withoutTag(String tag) {
    if (!tags.containsKey(tag)) {
      return this;
    }
    Map<String, String> changed = new TreeMap<>(tags);
    changed.remove(tag);
    return new ProfileRecord(key, attributes, events, memberships, consents, changed);
  }
}
