package io.github.cdpkit.profile.internal;

import static io.github.cdpkit.profile.ChannelAccessException.channelAccessDenied;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.Person;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.profile.AttributeFilter;
import io.github.cdpkit.profile.AttributeValue;
import io.github.cdpkit.profile.ChannelGrant;
import io.github.cdpkit.profile.Consent;
import io.github.cdpkit.profile.Detail;
import io.github.cdpkit.profile.MemberLayer;
import io.github.cdpkit.profile.Membership;
import io.github.cdpkit.profile.Page;
import io.github.cdpkit.profile.PageRequest;
import io.github.cdpkit.profile.Profile;
import io.github.cdpkit.profile.ProfileService;
import io.github.cdpkit.profile.SourcedValue;
import io.github.cdpkit.profile.TimelineEvent;
import io.github.cdpkit.profile.spi.MergeStrategy;
import io.github.cdpkit.profile.spi.ProfileRecord;
import io.github.cdpkit.profile.spi.ProfileStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user pool over one resolver: record contributions in a {@link ProfileStore}, an index of the
 * records with a contribution by the person they resolve to, and the composition of profiles.
 *
 * <h2>Following identity</h2>
 *
 * Merged, split and erased events name the ids whose records changed person. The pool takes every
 * record it indexed under those ids and asks the resolver where each record is now: it is indexed
 * there, or, when the resolver no longer knows it (erased, removed), its contribution is deleted.
 * The resolver's answer now is the truth, so applying an event late or twice gives the same index.
 *
 * <p>The index lags behind the resolver while another thread's change is under way: its events
 * reach the pool only once that change is done. So a view or a write takes the person's records
 * from one answer of the resolver ({@link IdentityResolver#person}) and the contributions the store
 * holds for them, never from the index, which serves browsing alone; else a profile read meanwhile
 * showed the survivor of a merge without the records it absorbed, and a write answered with a
 * {@link java.util.NoSuchElementException}. Index entries that an answer shows to be out of date
 * (also after a change that comes without an event) are moved where they belong, or their
 * contribution deleted, once the call is done.
 *
 * <h2>Threads</h2>
 *
 * One lock guards the index and every store write. The resolver delivers events on whichever thread
 * changed it, possibly while another thread holds this lock and waits on the resolver: so a
 * listener never waits for the lock. It queues the event and applies the queue only if it gets the
 * lock at once (always, when the thread is the pool's own, ingesting); otherwise the holder applies
 * it, since every holder drains the queue when it takes the lock and again after it lets go.
 */
public final class ProfilePool implements ProfileService {

  private static final Logger LOG = LoggerFactory.getLogger(ProfilePool.class);

  private static final Comparator<SourcedValue> OLDEST_FIRST =
      Comparator.comparing(SourcedValue::observedAt).thenComparing(SourcedValue::record);

  private static final Comparator<TimelineEvent> TIMELINE_ORDER =
      Comparator.comparing(TimelineEvent::at)
          .thenComparing(TimelineEvent::channel)
          .thenComparing(TimelineEvent::id);

  private static final Comparator<Membership> MEMBERSHIP_ORDER =
      Comparator.comparing(Membership::layer).thenComparing(Membership::unit);

  private final IdentityResolver resolver;
  private final ProfileStore store;
  private final Clock clock;
  private final MergeStrategy defaultStrategy;
  private final Map<String, MergeStrategy> strategies;
  private final Map<String, ChannelGrant> grants;

  private final ReentrantLock lock = new ReentrantLock();
  /** The records that have a contribution, by the person they resolve to; guarded by the lock. */
  private final NavigableMap<OneId, NavigableSet<RecordKey>> recordsByPerson = new TreeMap<>();
  private final ConcurrentLinkedQueue<IdentityEvent> pending = new ConcurrentLinkedQueue<>();
  /** Records found indexed under a person they no longer resolve to, by that person; lock. */
  private final Map<RecordKey, OneId> strays = new HashMap<>();

  private ProfilePool(
      IdentityResolver resolver,
      ProfileStore store,
      Clock clock,
      MergeStrategy defaultStrategy,
      Map<String, MergeStrategy> strategies,
      Map<String, ChannelGrant> grants) {
    this.resolver = resolver;
    this.store = store;
    this.clock = clock;
    this.defaultStrategy = defaultStrategy;
    this.strategies = strategies;
    this.grants = grants;
  }

  /**
   * Creates a pool, registers it with the resolver and indexes what the store holds.
   *
   * @param resolver the resolver to follow
   * @param store the store of contributions
   * @param clock stamps edits, consents, memberships and records without observation time
   * @param defaultStrategy the strategy of attributes without one of their own
   * @param strategies strategies by attribute
   * @param grants grants by channel
   * @return the pool
   */
  public static ProfilePool start(
      IdentityResolver resolver,
      ProfileStore store,
      Clock clock,
      MergeStrategy defaultStrategy,
      Map<String, MergeStrategy> strategies,
      Map<String, ChannelGrant> grants) {
    ProfilePool pool =
        new ProfilePool(resolver, store, clock, defaultStrategy, strategies, grants);
    // Listen first, index second: an event that arrives meanwhile waits in the queue and is applied
    // to the finished index, so none is missed.
    resolver.addListener(pool::follow);
    pool.locked(() -> {
      pool.store.forEach(contribution -> {
        if (!pool.index(contribution.key())) {
          LOG.warn("profile record {} is unknown to the identity resolver and stays out of the"
              + " pool", contribution.key());
        }
      });
      return pool;
    });
    return pool;
  }

  // ---- ProfileService

  @Override
  public ChannelGrant grant(String channel) {
    return grantOf(channel);
  }

  @Override
  public IngestResult ingest(String channel, SourceRecord record) {
    Objects.requireNonNull(record, "record");
    return locked(() -> {
      ChannelGrant grant = grantOf(channel);
      RecordKey key = record.key();
      if (!key.source().equals(channel)) {
        throw channelAccessDenied(channel, "ingest record " + key + " of another channel", null);
      }
      for (String name : record.attributes().keySet()) {
        if (!grant.canEdit(name)) {
          throw channelAccessDenied(channel, "supply attribute '" + name + "'", null);
        }
      }
      IngestResult result = resolver.ingest(record);
      if (result.outcome() == IngestResult.Outcome.REFUSED_ERASED) {
        return result;
      }
      Instant observedAt = Objects.requireNonNullElseGet(record.observedAt(), clock::instant);
      ProfileRecord contribution = stored(key);
      for (Map.Entry<String, String> attribute : record.attributes().entrySet()) {
        contribution = contribution.withAttribute(attribute.getKey(),
            new SourcedValue(channel, key, attribute.getValue(), observedAt));
      }
      store.put(contribution);
      // Ask again rather than trust result.oneId(): events the resolver delivered on this thread
      // since (another thread's merge, say) have been applied already and would not move the
      // record.
      if (!index(key)) {
        // Erased meanwhile, on another thread whose Erased event could not find this record in
        // the index: the erasure leaves nothing behind.
        store.remove(key);
      }
      return result;
    });
  }

  @Override
  public Optional<Profile> find(String channel, Identifier identifier, Detail detail) {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(detail, "detail");
    return locked(() -> {
      ChannelGrant grant = grantOf(channel);
      return resolver.resolve(identifier)
          .flatMap(this::pooled)
          .filter(person -> !grant.suppliedOnly()
              || carries(grant.channel(), person.records(), identifier))
          .flatMap(person -> view(grant, person, detail));
    });
  }

  /** Whether one of the channel's own records among these links by the identifier. */
  private boolean carries(String channel, List<RecordKey> records, Identifier identifier) {
    return resolver.normalize(identifier)
        .filter(carriedBy(ofChannel(channel, records))::contains)
        .isPresent();
  }

  /** The identifiers these records link by. */
  private Set<Identifier> carriedBy(List<RecordKey> keys) {
    Set<Identifier> carried = new HashSet<>();
    for (RecordKey key : keys) {
      resolver.identifiersOf(key).ifPresent(carried::addAll);
    }
    return carried;
  }

  private static List<RecordKey> ofChannel(String channel, List<RecordKey> records) {
    return records.stream().filter(key -> key.source().equals(channel)).toList();
  }

  @Override
  public Optional<Profile> get(String channel, OneId oneId, Detail detail) {
    Objects.requireNonNull(oneId, "oneId");
    Objects.requireNonNull(detail, "detail");
    return locked(() -> {
      ChannelGrant grant = grantOf(channel);
      return pooled(oneId).flatMap(person -> view(grant, person, detail));
    });
  }

  @Override
  public Page<Profile> query(String channel, List<AttributeFilter> filters, PageRequest page) {
    Objects.requireNonNull(filters, "filters");
    Objects.requireNonNull(page, "page");
    return locked(() -> {
      ChannelGrant grant = grantOf(channel);
      for (AttributeFilter filter : filters) {
        Objects.requireNonNull(filter, "filter");
        if (!grant.canRead(filter.attribute())) {
          throw channelAccessDenied(
              channel, "filter on attribute '" + filter.attribute() + "'", null);
        }
      }
      OneId after = page.after();
      NavigableMap<OneId, NavigableSet<RecordKey>> candidates =
          after == null ? recordsByPerson : recordsByPerson.tailMap(after, false);
      List<Profile> items = new ArrayList<>();
      for (OneId oneId : candidates.keySet()) {
        // an id merged into another meanwhile is left out: its records show under the survivor's
        Optional<Profile> profile = pooled(oneId)
            .filter(person -> person.person().oneId().equals(oneId))
            .flatMap(person -> view(grant, person, Detail.CHOSEN));
        if (profile.isPresent() && matchesAll(profile.get(), filters)) {
          if (items.size() == page.limit()) {
            return new Page<>(items, new PageRequest(items.get(items.size() - 1).oneId(),
                page.limit()));
          }
          items.add(profile.get());
        }
      }
      return new Page<>(items, null);
    });
  }

  @Override
  public Profile edit(String channel, OneId oneId, Map<String, String> attributes) {
    Objects.requireNonNull(oneId, "oneId");
    Objects.requireNonNull(attributes, "attributes");
    return locked(() -> {
      ChannelGrant grant = grantOf(channel);
      attributes.forEach((name, value) -> {
        // a map that allows null keys would otherwise store a nameless value, and every later view
        // of the person would fail on it
        Objects.requireNonNull(name, "attribute name");
        Objects.requireNonNull(value, () -> "value of attribute " + name);
        if (!grant.canEdit(name)) {
          throw channelAccessDenied(channel, "edit attribute '" + name + "'", oneId);
        }
      });
      Instant now = clock.instant();
      return change(grant, oneId, contribution -> {
        ProfileRecord changed = contribution;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
          changed = changed.withAttribute(attribute.getKey(),
              new SourcedValue(channel, contribution.key(), attribute.getValue(), now));
        }
        return changed;
      });
    });
  }

  @Override
  public Profile recordEvent(String channel, OneId oneId, TimelineEvent event) {
    Objects.requireNonNull(oneId, "oneId");
    Objects.requireNonNull(event, "event");
    return locked(() -> {
      ChannelGrant grant = grantOf(channel);
      if (!event.channel().equals(channel)) {
        throw channelAccessDenied(
            channel, "record event " + event.id() + " of channel '" + event.channel() + "'", oneId);
      }
      if (!grant.canRecord(event.kind())) {
        throw channelAccessDenied(channel, "record " + event.kind() + " events", oneId);
      }
      Pooled person = inPool(oneId);
      RecordKey target = target(grant, oneId, person.records());
      // Once on the timeline, whichever of the person's records held it before (the channel's
      // own record may have arrived since, or a merge put another record first).
      for (ProfileRecord held : person.contributions()) {
        ProfileRecord changed = held.key().equals(target)
            ? held.withEvent(event) : held.withoutEvent(event.channel(), event.id());
        if (!changed.equals(held)) {
          store.put(changed);
        }
      }
      return viewAfterWrite(grant, oneId, target);
    });
  }

  @Override
  public Profile consent(String channel, OneId oneId, String purpose, boolean granted) {
    Objects.requireNonNull(oneId, "oneId");
    Objects.requireNonNull(purpose, "purpose");
    return locked(() -> {
      ChannelGrant grant = grantOf(channel);
      if (!grant.managesConsent()) {
        throw channelAccessDenied(channel, "record consent to " + purpose, oneId);
      }
      Consent consent = new Consent(purpose, granted, channel, clock.instant());
      return change(grant, oneId, contribution -> contribution.withConsent(consent));
    });
  }

  @Override
  public Profile join(String channel, OneId oneId, MemberLayer layer, String unit) {
    Objects.requireNonNull(oneId, "oneId");
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(unit, "unit");
    return locked(() -> {
      ChannelGrant grant = grantOf(channel);
      if (!grant.managesMemberships()) {
        throw channelAccessDenied(channel, "record " + layer + " membership " + unit, oneId);
      }
      Membership membership = new Membership(layer, unit, channel, clock.instant());
      return change(grant, oneId, contribution -> contribution.withMembership(membership));
    });
  }

  @Override
  public Profile tag(String channel, OneId oneId, Set<String> add, Set<String> remove) {
    Objects.requireNonNull(oneId, "oneId");
    Objects.requireNonNull(add, "add");
    Objects.requireNonNull(remove, "remove");
    return locked(() -> {
      ChannelGrant grant = grantOf(channel);
      if (!grant.managesTags()) {
        throw channelAccessDenied(channel, "manage tags", oneId);
      }
      for (String tag : concat(add, remove)) {
        if (Objects.requireNonNull(tag, "tag").isBlank()) {
          throw new IllegalArgumentException("tag must not be blank: '" + tag + "'");
        }
        if (add.contains(tag) && remove.contains(tag)) {
          throw new IllegalArgumentException("tag both set and removed: '" + tag + "'");
        }
      }
      Pooled person = inPool(oneId);
      RecordKey target = target(grant, oneId, person.records());
      for (ProfileRecord held : person.contributions()) {
        ProfileRecord changed = held;
        for (String tag : remove) {
          String setBy = changed.tags().get(tag);
          if (setBy != null && suppliedBy(grant, setBy)) {
            changed = changed.withoutTag(tag);
          }
        }
        if (held.key().equals(target)) {
          for (String tag : add) {
            if (!hasTag(grant, person, tag)) { // a tag the person has already is kept as it is
              changed = changed.withTag(tag, channel);
            }
          }
        }
        if (!changed.equals(held)) {
          store.put(changed);
        }
      }
      return viewAfterWrite(grant, oneId, target);
    });
  }

  /** Whether the person holds the tag, set by a channel whose tags the grant sees. */
  private static boolean hasTag(ChannelGrant grant, Pooled person, String tag) {
    for (ProfileRecord held : person.contributions()) {
      String setBy = held.tags().get(tag);
      if (setBy != null && suppliedBy(grant, setBy)) {
        return true;
      }
    }
    return false;
  }

  // ---- following identity

  private void follow(IdentityEvent event) {
    if (event instanceof Merged || event instanceof Split || event instanceof Erased
        || event instanceof RecordRemoved) {
      pending.add(event);
      applyPending();
    }
  }

  /** Applies queued events if the lock is free now (or already this thread's); never waits. */
  private void applyPending() {
    while (!pending.isEmpty() && lock.tryLock()) {
      try {
        drainPending();
      } finally {
        lock.unlock();
      }
    }
  }

  private void drainPending() {
    IdentityEvent event;
    while ((event = pending.poll()) != null) {
      if (event instanceof Merged merged) {
        reattach(merged.survivor(), merged.absorbed());
      } else if (event instanceof Split split) {
        reattach(split.before(), split.parts());
      } else if (event instanceof Erased erased) {
        reattach(erased.oneId(), erased.aliases());
      } else if (event instanceof RecordRemoved removed) {
        reattach(removed.person(), List.of());
      }
    }
  }

  /** Re-indexes the records held under these ids where the resolver puts them now. */
  private void reattach(OneId first, List<OneId> others) {
    List<RecordKey> moved = new ArrayList<>();
    for (OneId oneId : concat(first, others)) {
      NavigableSet<RecordKey> held = recordsByPerson.remove(oneId);
      if (held != null) {
        moved.addAll(held);
      }
    }
    for (RecordKey key : moved) {
      Optional<OneId> now = resolver.resolve(key);
      if (now.isPresent()) {
        recordsByPerson.computeIfAbsent(now.get(), oneId -> new TreeSet<>()).add(key);
      } else {
        // erased or removed from identity: the person's data goes with it (PIPL / GDPR)
        store.remove(key);
      }
    }
  }

  private static List<OneId> concat(OneId first, List<OneId> others) {
    List<OneId> all = new ArrayList<>(others.size() + 1);
    all.add(first);
    all.addAll(others);
    return all;
  }

  private static List<String> concat(Set<String> some, Set<String> others) {
    List<String> all = new ArrayList<>(some.size() + others.size());
    all.addAll(some);
    all.addAll(others);
    return all;
  }

  /** Moves the records found astray where the resolver puts them now, or deletes them. */
  private void settleStrays() {
    strays.forEach((key, indexedUnder) -> {
      NavigableSet<RecordKey> held = recordsByPerson.get(indexedUnder);
      if (held != null && held.remove(key) && held.isEmpty()) {
        recordsByPerson.remove(indexedUnder);
      }
      Optional<OneId> now = resolver.resolve(key);
      if (now.isPresent()) {
        recordsByPerson.computeIfAbsent(now.get(), oneId -> new TreeSet<>()).add(key);
      } else {
        store.remove(key);
      }
    });
    strays.clear();
  }

  /**
   * A person as one answer of the resolver has them, with the contributions of those of their
   * records the pool holds, in canonical order.
   *
   * @param person the resolver's answer
   * @param contributions at least one
   */
  private record Pooled(Person person, List<ProfileRecord> contributions) {

    List<RecordKey> records() {
      return contributions.stream().map(ProfileRecord::key).toList();
    }

    ProfileRecord contribution(RecordKey key) {
      return contributions.stream().filter(held -> held.key().equals(key)).findFirst()
          .orElseThrow();
    }
  }

  /**
   * Returns the person with this id, current or absorbed, as the resolver has them now, with the
   * contributions of their records; empty if the person is unknown, erased or holds nothing here.
   * The records come from the resolver's answer, not from the index: another thread's merge, split
   * or erasure whose event has not reached the pool yet would otherwise show the survivor without
   * the records it absorbed, or an erased person's id without records. Index entries the answer
   * shows to be out of date are noted as strays.
   */
  private Optional<Pooled> pooled(OneId oneId) {
    Optional<Person> found = resolver.person(oneId);
    noteStrays(oneId, found);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Person person = found.get();
    if (!person.oneId().equals(oneId)) {
      noteStrays(person.oneId(), found);
    }
    List<ProfileRecord> contributions = new ArrayList<>();
    for (RecordKey key : person.records()) {
      store.get(key).ifPresent(contributions::add);
    }
    return contributions.isEmpty()
        ? Optional.empty() : Optional.of(new Pooled(person, contributions));
  }

  /** Notes as strays the records indexed under an id that the person found there does not hold. */
  private void noteStrays(OneId indexedUnder, Optional<Person> found) {
    NavigableSet<RecordKey> indexed = recordsByPerson.get(indexedUnder);
    if (indexed == null) {
      return;
    }
    Set<RecordKey> held = found.filter(person -> person.oneId().equals(indexedUnder))
        .map(person -> Set.copyOf(person.records())).orElse(Set.of());
    for (RecordKey key : indexed) {
      if (!held.contains(key)) {
        strays.put(key, indexedUnder);
      }
    }
  }

  /** Returns the person, or throws the exception that says it is not in the pool. */
  private Pooled inPool(OneId oneId) {
    return pooled(oneId).orElseThrow(() -> notInPool(oneId));
  }

  private static IllegalArgumentException notInPool(OneId oneId) {
    return new IllegalArgumentException("profile is not in the pool: " + oneId);
  }

  /** Indexes a contribution under its record's person; returns false if the record has none. */
  private boolean index(RecordKey key) {
    Optional<OneId> oneId = resolver.resolve(key);
    oneId.ifPresent(
        person -> recordsByPerson.computeIfAbsent(person, id -> new TreeSet<>()).add(key));
    return oneId.isPresent();
  }

  // ---- locking

  /**
   * Runs {@code body} under the lock, after the queued events, and applies those queued meanwhile.
   */
  private <T> T locked(Supplier<T> body) {
    try {
      lock.lock();
      try {
        drainPending();
        T result = body.get();
        settleStrays();
        return result;
      } finally {
        lock.unlock();
      }
    } finally {
      applyPending();
    }
  }

  // ---- grants and changes

  private ChannelGrant grantOf(String channel) {
    ChannelGrant grant = grants.get(Objects.requireNonNull(channel, "channel"));
    if (grant == null) {
      throw channelAccessDenied(channel, "use the user pool: it has no grant", null);
    }
    return grant;
  }

  /**
   * Changes the contribution of the record that takes the channel's writes for a person, and
   * returns the profile as the channel sees it.
   */
  private Profile change(ChannelGrant grant, OneId oneId, UnaryOperator<ProfileRecord> change) {
    Pooled person = inPool(oneId);
    RecordKey target = target(grant, oneId, person.records());
    store.put(change.apply(person.contribution(target)));
    return viewAfterWrite(grant, oneId, target);
  }

  /**
   * Returns the profile of the person holding the record just written, as the channel sees it. If
   * another thread erased the person meanwhile, the write is undone by the erasure's event, and the
   * call answers as if the erasure came first.
   */
  private Profile viewAfterWrite(ChannelGrant grant, OneId oneId, RecordKey written) {
    return resolver.resolve(written)
        .flatMap(this::pooled)
        .flatMap(person -> view(grant, person, Detail.CHOSEN))
        .orElseThrow(() -> notInPool(oneId));
  }

  /**
   * Returns the record that takes the channel's writes for a person: its own, else the first; a
   * ChannelAccessException if a supplied-only channel has none of its own.
   */
  private static RecordKey target(ChannelGrant grant, OneId oneId, List<RecordKey> records) {
    return records.stream()
        .filter(key -> key.source().equals(grant.channel()))
        .findFirst()
        .orElseGet(() -> {
          if (grant.suppliedOnly()) {
            throw channelAccessDenied(grant.channel(), "change a profile it supplied nothing to",
                oneId);
          }
          return records.get(0);
        });
  }

  private ProfileRecord stored(RecordKey key) {
    return store.get(key).orElseGet(() -> ProfileRecord.empty(key));
  }

  // ---- composing

  private Optional<Profile> view(ChannelGrant grant, Pooled person, Detail detail) {
    List<RecordKey> records = person.records();
    List<RecordKey> visible =
        grant.suppliedOnly() ? ofChannel(grant.channel(), records) : records;
    if (visible.isEmpty()) {
      return Optional.empty();
    }
    // every record's contribution: the values, memberships and events are filtered one by one by
    // who supplied them, and the consents in force count whoever recorded them
    List<ProfileRecord> contributions = person.contributions();
    return Optional.of(new Profile(person.person().oneId(), visible,
        identifiers(grant, person.person(), visible),
        attributes(grant, contributions, detail), memberships(grant, contributions),
        consents(contributions), tags(grant, contributions), timeline(grant, contributions)));
  }

  /**
   * The person's identifiers the channel may see: none unless it reads identifiers; for a
   * supplied-only channel only those its own records carry (another channel's e-mail is not its
   * to see), in the person's order.
   */
  private List<Identifier> identifiers(ChannelGrant grant, Person person, List<RecordKey> visible) {
    if (!grant.readsIdentifiers()) {
      return List.of();
    }
    List<Identifier> all = person.identifiers();
    if (!grant.suppliedOnly()) {
      return all;
    }
    Set<Identifier> supplied = carriedBy(visible);
    return all.stream().filter(supplied::contains).toList();
  }

  private Map<String, AttributeValue> attributes(
      ChannelGrant grant, List<ProfileRecord> contributions, Detail detail) {
    Map<String, List<SourcedValue>> byName = new TreeMap<>();
    for (ProfileRecord contribution : contributions) {
      contribution.attributes().forEach((name, value) -> {
        if (grant.canRead(name) && suppliedBy(grant, value.channel())) {
          byName.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
      });
    }
    Map<String, AttributeValue> attributes = new TreeMap<>();
    byName.forEach((name, values) -> {
      values.sort(OLDEST_FIRST);
      List<String> chosen =
          strategies.getOrDefault(name, defaultStrategy).choose(List.copyOf(values));
      attributes.put(name,
          new AttributeValue(name, chosen, detail == Detail.WITH_SOURCES ? values : List.of()));
    });
    return attributes;
  }

  private static List<Membership> memberships(
      ChannelGrant grant, List<ProfileRecord> contributions) {
    // one membership per layer and unit: the earliest, whichever record holds it
    Map<String, Membership> earliest = new TreeMap<>();
    for (ProfileRecord contribution : contributions) {
      for (Membership membership : contribution.memberships()) {
        if (suppliedBy(grant, membership.channel())) {
          earliest.merge(membership.layer() + "/" + membership.unit(), membership,
              (held, other) -> other.since().isBefore(held.since()) ? other : held);
        }
      }
    }
    return earliest.values().stream().sorted(MEMBERSHIP_ORDER).toList();
  }

  private static Map<String, Consent> consents(List<ProfileRecord> contributions) {
    // every channel sees the consent in force, whoever recorded it, so none markets against it
    Map<String, Consent> latest = new TreeMap<>();
    for (ProfileRecord contribution : contributions) {
      for (Consent consent : contribution.consents()) {
        latest.merge(consent.purpose(), consent,
            (held, other) -> other.at().isBefore(held.at()) ? held : other);
      }
    }
    return latest;
  }

  private static Set<String> tags(ChannelGrant grant, List<ProfileRecord> contributions) {
    // every channel sees the tags, like consents; a supplied-only channel only those it set
    Set<String> tags = new TreeSet<>();
    for (ProfileRecord contribution : contributions) {
      contribution.tags().forEach((tag, setBy) -> {
        if (suppliedBy(grant, setBy)) {
          tags.add(tag);
        }
      });
    }
    return tags;
  }

  private static List<TimelineEvent> timeline(
      ChannelGrant grant, List<ProfileRecord> contributions) {
    return contributions.stream()
        .flatMap(contribution -> contribution.events().stream())
        .filter(event -> grant.events().covers(grant.channel(), event)
            && suppliedBy(grant, event.channel()))
        .sorted(TIMELINE_ORDER)
        .toList();
  }

  private static boolean suppliedBy(ChannelGrant grant, String supplier) {
    return !grant.suppliedOnly() || grant.channel().equals(supplier);
  }

  private static boolean matchesAll(Profile profile, List<AttributeFilter> filters) {
    for (AttributeFilter filter : filters) {
      AttributeValue value = profile.attributes().get(filter.attribute());
      if (!filter.test(value == null ? List.of() : value.values())) {
        return false;
      }
    }
    return true;
  }
}
