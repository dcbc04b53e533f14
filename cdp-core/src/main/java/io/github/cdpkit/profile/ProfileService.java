package io.github.cdpkit.profile;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.InvalidIdentifierException;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.SourceRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The standard interface of the user pool for channels: ingest, query, browse and edit profiles.
 *
 * <p>Every call is made on behalf of a channel and allowed only within its {@link ChannelGrant}; a
 * call outside the grant throws {@link ChannelAccessException} and changes nothing. Profiles are
 * returned as the calling channel may see them.
 *
 * <p>The pool holds the people who have at least one record ingested here (or an edit, event,
 * consent, membership or tag recorded against them). It follows its {@link IdentityResolver}: records
 * are ingested there, each record's contribution is stored against its key, and a profile is
 * composed from the records that resolve to one person now. When people merge or split, their
 * profiles do too; when a person is {@linkplain IdentityResolver#erase erased}, every contribution
 * of their records is deleted.
 *
 * <p>Edits, events, consents, memberships and tags recorded through the service are kept against the
 * calling channel's own record of the person when it has one, else against the person's first
 * record in canonical order; they follow that record when the person splits.
 *
 * <p>A null argument, or a null in a collection argument, is refused with a
 * {@link NullPointerException} naming it, and changes nothing.
 *
 * <p>Implementations are thread-safe: concurrent calls give what some serial order of them gives.
 *
 * <pre>{@code
 * ProfileService profiles = ProfileService.builder(resolver)
 *     .grant(ChannelGrant.builder("crm").readsAllAttributes().readsIdentifiers()
 *         .seesEvents(EventScope.all()).managesConsent().build())
 *     .build();
 * OneId li = profiles.ingest("crm", record).oneId();
 * profiles.consent("crm", li, Consent.MARKETING, false);
 * boolean reachable = profiles.get("crm", li, Detail.CHOSEN).orElseThrow().marketingAllowed();
 * }</pre>
 */
public interface ProfileService {

  /**
   * Starts building a service over {@code resolver}, with an in-memory store.
   *
   * @param resolver the identity resolver the pool follows
   * @return a builder
   */
  static ProfileServiceBuilder builder(IdentityResolver resolver) {
    return new ProfileServiceBuilder(resolver);
  }

  /**
   * Returns a channel's grant.
   *
   * @param channel the channel
   * @return its grant
   * @throws ChannelAccessException if the channel has none
   */
  ChannelGrant grant(String channel);

  /**
   * Ingests a channel's record: its identifiers into the identity resolver, its attributes into the
   * pool. A record already known keeps its other attributes; a value older than the one the record
   * holds is ignored.
   *
   * @param channel the channel, which must be the record's source
   * @param record the record; without an observation time its values are stamped with the
   *     service's clock
   * @return what the resolver did; a record of an erased person is refused and nothing is stored
   * @throws ChannelAccessException if the record is another channel's, or carries an attribute the
   *     channel may not edit; nothing is changed
   * @throws InvalidIdentifierException if an identifier is invalid; nothing is changed
   */
  IngestResult ingest(String channel, SourceRecord record);

  /**
   * Finds the profile of the person holding an identifier.
   *
   * @param channel the channel that asks
   * @param identifier the identifier, as given or normalised
   * @param detail whether every source's value is shown
   * @return the profile, or empty if nobody in the pool holds the identifier, or the channel sees
   *     only what it supplied and none of its own records carries the identifier (another
   *     channel's e-mail does not find the marketplace's customer)
   * @throws ChannelAccessException if the channel has no grant
   * @throws InvalidIdentifierException if the identifier is invalid
   */
  Optional<Profile> find(String channel, Identifier identifier, Detail detail);

  /**
   * Returns a person's profile.
   *
   * @param channel the channel that asks
   * @param oneId the person's id, current or absorbed in a merge
   * @param detail whether every source's value is shown
   * @return the profile, or empty if the person is not in the pool, or the channel sees only what
   *     it supplied and supplied nothing about this person
   * @throws ChannelAccessException if the channel has no grant
   */
  Optional<Profile> get(String channel, OneId oneId, Detail detail);

  /**
   * Returns a page of the profiles that match every filter, in increasing id order; with no filter,
   * browses the whole pool.
   *
   * @param channel the channel that asks
   * @param filters conditions on attributes the channel may read, all of which must hold
   * @param page which page
   * @return the page; filters look at the values the channel sees. A person whom another thread
   *     is merging or splitting in the resolver meanwhile may be missing from it until the
   *     change's event reaches the pool: pages are stable only while the pool does not change
   * @throws ChannelAccessException if the channel has no grant or a filter names an attribute it
   *     may not read
   */
  Page<Profile> query(String channel, List<AttributeFilter> filters, PageRequest page);

  /**
   * Sets attributes of a person, all or none, stamped with the service's clock; where the record
   * that takes the edit holds a value observed later than now, that value is kept.
   *
   * @param channel the channel that edits
   * @param oneId the person's id
   * @param attributes the values by attribute name
   * @return the profile as the channel sees it afterwards
   * @throws ChannelAccessException if the channel may not edit one of the attributes, or sees only
   *     what it supplied and supplied nothing about this person; nothing is changed
   * @throws IllegalArgumentException if the person is not in the pool; nothing is changed
   * @throws NullPointerException if an attribute's name or value is null; nothing is changed
   */
  Profile edit(String channel, OneId oneId, Map<String, String> attributes);

  /**
   * Records an event on a person's timeline, replacing an event of the same channel and id.
   *
   * @param channel the channel that records it, which must be the event's channel
   * @param oneId the person's id
   * @param event the event
   * @return the profile as the channel sees it afterwards
   * @throws ChannelAccessException if the event is another channel's or of a kind the channel may
   *     not record, or the channel sees nothing of this person; nothing is changed
   * @throws IllegalArgumentException if the person is not in the pool; nothing is changed
   */
  Profile recordEvent(String channel, OneId oneId, TimelineEvent event);

  /**
   * Records that a person gave or withdrew consent to a purpose, stamped with the service's clock.
   *
   * @param channel the channel that records it
   * @param oneId the person's id
   * @param purpose the purpose, such as {@link Consent#MARKETING}
   * @param granted {@code true} if given, {@code false} if withdrawn
   * @return the profile as the channel sees it afterwards
   * @throws ChannelAccessException if the channel may not record consents, or sees nothing of this
   *     person; nothing is changed
   * @throws IllegalArgumentException if the person is not in the pool or the purpose is blank;
   *     nothing is changed
   */
  Profile consent(String channel, OneId oneId, String purpose, boolean granted);

  /**
   * Records that a person joined a group, brand, dealer or store, stamped with the service's clock;
   * a membership the person's record already holds is kept as it is.
   *
   * @param channel the channel that records it
   * @param oneId the person's id
   * @param layer the layer
   * @param unit which group, brand, dealer or store
   * @return the profile as the channel sees it afterwards
   * @throws ChannelAccessException if the channel may not record memberships, or sees nothing of
   *     this person; nothing is changed
   * @throws IllegalArgumentException if the person is not in the pool or the unit is blank; nothing
   *     is changed
   */
  Profile join(String channel, OneId oneId, MemberLayer layer, String unit);

  /**
   * Sets and removes tags of a person on behalf of a channel, all or none. A tag set is kept, with
   * the channel that set it, against the channel's own record of the person when it has one, else
   * against the person's first record in canonical order, and follows that record through merges
   * and splits. A tag removed is removed from every record of the person that holds it, whoever set
   * it, so that it is gone from the profile; a supplied-only channel removes only the tags it set.
   *
   * <p>Tags are visible to every channel that sees the profile, like consents, except that a
   * supplied-only channel, which sees nothing it did not supply, sees only the tags it set.
   *
   * @param channel the channel that tags
   * @param oneId the person's id
   * @param add the tags to set; a tag the person has already is kept as it is
   * @param remove the tags to remove; a tag the person does not have is ignored
   * @return the profile as the channel sees it afterwards
   * @throws ChannelAccessException if the channel may not manage tags, or sees nothing of this
   *     person; nothing is changed
   * @throws IllegalArgumentException if the person is not in the pool, a tag is blank, or a tag is
   *     both set and removed; nothing is changed
   */
  Profile tag(String channel, OneId oneId, Set<String> add, Set<String> remove);
}
