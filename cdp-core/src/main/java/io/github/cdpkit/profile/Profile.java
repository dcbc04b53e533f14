package io.github.cdpkit.profile;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The 360° view of one person, as one channel may see it: identifiers, attributes, the records they
 * came from, memberships, consents, tags and the timeline. A person without a membership is a prospect.
 *
 * <p>A view is a snapshot: it does not change when the pool does.
 *
 * @param oneId the person's id
 * @param records the records the view is composed from, in canonical order
 * @param identifiers the person's identifiers, normalised; empty unless the channel may read them,
 *     and for a supplied-only channel only those its own records carry
 * @param attributes the attributes the channel may read, by name in alphabetical order
 * @param memberships the person's memberships, by layer and unit
 * @param consents the consent in force per purpose, by purpose in alphabetical order
 * @param tags the person's tags the channel sees, in alphabetical order: every tag kept against the
 *     person's records, or for a supplied-only channel those it set
 * @param timeline the events the channel may see, oldest first
 */
public record Profile(
    OneId oneId,
    List<RecordKey> records,
    List<Identifier> identifiers,
    Map<String, AttributeValue> attributes,
    List<Membership> memberships,
    Map<String, Consent> consents,
    Set<String> tags,
    List<TimelineEvent> timeline) {

  /**
   * Copies the collections.
   *
   * @param oneId the person's id
   * @param records the records the view is composed from
   * @param identifiers the person's identifiers, normalised
   * @param attributes the attributes, by name
   * @param memberships the memberships
   * @param consents the consent in force per purpose
   * @param tags the tags
   * @param timeline the events, oldest first
   */
  public Profile {
    records = List.copyOf(records);
    identifiers = List.copyOf(identifiers);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    memberships = List.copyOf(memberships);
    consents = Collections.unmodifiableMap(new LinkedHashMap<>(consents));
    tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
    timeline = List.copyOf(timeline);
  }

  /**
   * Returns the chosen value of an attribute.
   *
   * @param name the attribute's name
   * @return its first chosen value, or empty if the profile has none the channel may read
   */
  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(name)).map(AttributeValue::value);
  }

  /**
   * Returns whether the consent in force for {@code purpose} is given. Without any consent recorded
   * the answer is {@code false}: consent is asked for, never assumed (PIPL).
   *
   * @param purpose the purpose, such as {@link Consent#MARKETING}
   * @return {@code true} if given and not withdrawn since
   */
  public boolean consented(String purpose) {
    Consent consent = consents.get(purpose);
    return consent != null && consent.granted();
  }

  /**
   * Returns whether campaigns may market to this person; {@code false} when marketing consent was
   * withdrawn or never given.
   *
   * @return {@code true} if the marketing consent in force is given
   */
  public boolean marketingAllowed() {
    return consented(Consent.MARKETING);
  }

  /**
   * Returns whether the person holds no membership in any layer: a prospect, not yet a member.
   *
   * @return {@code true} if there is no membership
   */
  public boolean prospect() {
    return memberships.isEmpty();
  }
}
