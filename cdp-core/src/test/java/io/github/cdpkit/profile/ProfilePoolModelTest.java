package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.Person;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import io.github.cdpkit.profile.spi.ProfileRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pool against a simple model: random ingests, edits, events, consents, memberships and tags
 * through the service, mixed with merges, splits, removals and erasures made in the resolver; after
 * every step each channel's view of every person is what the model composes from the records that
 * resolve to that person now, the store holds exactly the records the resolver still knows, and an
 * erased person's values are nowhere. Now and then the service is built again over the store, as
 * after a restart.
 */
class ProfilePoolModelTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final int STEPS = 250;
  private static final List<String> CHANNELS = List.of("crm", "tmall", "dealer");
  private static final List<String> ATTRIBUTES = List.of("city", "nickname");

  /** A clock the test moves one second a step, so that every write has its own instant. */
  private static final class SteppingClock extends Clock {
    private Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final SteppingClock clock = new SteppingClock();
  private final IdentityResolver resolver = IdentityResolver.builder().build();
  private final InMemoryProfileStore store = new InMemoryProfileStore();
  private final Map<String, ChannelGrant> grants = Map.of(
      "crm", ChannelGrant.builder("crm").editsAllAttributes().readsIdentifiers()
          .seesEvents(EventScope.all()).records(EventKind.values()).managesConsent()
          .managesMemberships().managesTags().build(),
      "tmall", ChannelGrant.builder("tmall").suppliedOnly().editsAllAttributes()
          .readsIdentifiers().seesEvents(EventScope.all()).records(EventKind.values())
          .managesConsent().managesMemberships().managesTags().build(),
      "dealer", ChannelGrant.builder("dealer").reads("city").edits("nickname")
          .seesEvents(EventScope.atOutlet("dealer")).records(EventKind.ORDER)
          .managesTags().build());
  private ProfileService profiles = build();

  /** The model: every record's contribution, kept by the simple rules the javadoc states. */
  private final Map<RecordKey, ProfileRecord> model = new HashMap<>();
  /** Every value token written against a record, to look for after its person is erased. */
  private final Map<RecordKey, Set<String>> tokens = new HashMap<>();
  private final Set<String> erasedTokens = new HashSet<>();
  private int nextToken;

  private ProfileService build() {
    ProfileServiceBuilder builder = ProfileService.builder(resolver).store(store).clock(clock);
    grants.values().forEach(builder::grant);
    return builder.build();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void shouldShowEveryChannelWhatTheModelComposesAfterEveryStep(long seed) {
    Random random = new Random(seed);
    for (int step = 0; step < STEPS; step++) {
      clock.now = clock.now.plusSeconds(1);
      String done = step(random);
      forgetWhatTheResolverDropped();
      check(seed + "/" + step + " " + done);
    }
  }

  private String token() {
    return "v" + nextToken++;
  }

  private RecordKey randomKey(Random random) {
    String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
    return RecordKey.of(channel, channel.charAt(0) + "-" + random.nextInt(5));
  }

  private static Identifier randomIdentifier(Random random) {
    int n = random.nextInt(30);
    return random.nextBoolean()
        ? Identifier.of("phone", "138001380" + (10 + n)) : Identifier.of("email", "u" + n + "@example.com");
  }

  /** A person the pool holds, by one of its records, or empty. */
  private Optional<OneId> randomPerson(Random random) {
    List<RecordKey> keys = new ArrayList<>(new TreeSet<>(model.keySet()));
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    return resolver.resolve(keys.get(random.nextInt(keys.size())));
  }

  private String step(Random random) {
    int what = random.nextInt(200);
    if (what < 35 || what >= 100) {
      return ingest(random);
    }
    Optional<OneId> person = randomPerson(random);
    if (person.isEmpty()) {
      return "nothing";
    }
    OneId oneId = person.get();
    String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
    try {
      if (what < 47) {
        String attribute = ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size()));
        String value = token();
        profiles.edit(channel, oneId, Map.of(attribute, value));
        writeTo(channel, oneId, value,
            held -> held.withAttribute(attribute,
                new SourcedValue(channel, held.key(), value, clock.now)));
        return channel + " edits " + attribute + " of " + oneId;
      } else if (what < 57) {
        String value = token();
        TimelineEvent event = TimelineEvent.builder("e-" + random.nextInt(3), EventKind.ORDER,
                channel, clock.now).outlet(random.nextBoolean() ? "dealer" : "store")
            .detail("note", value).build();
        profiles.recordEvent(channel, oneId, event);
        List<RecordKey> records = records(oneId);
        RecordKey target = target(channel, records);
        for (RecordKey key : records) {
          model.put(key, model.get(key).withoutEvent(channel, event.id()));
        }
        model.put(target, model.get(target).withEvent(event));
        tokens.get(target).add(value);
        return channel + " records " + event.id() + " of " + oneId;
      } else if (what < 62) {
        boolean granted = random.nextBoolean();
        profiles.consent(channel, oneId, Consent.MARKETING, granted);
        writeTo(channel, oneId, null, held -> held.withConsent(
            new Consent(Consent.MARKETING, granted, channel, clock.now)));
        return channel + " consent " + granted + " of " + oneId;
      } else if (what < 66) {
        String unit = "u-" + random.nextInt(2);
        profiles.join(channel, oneId, MemberLayer.STORE, unit);
        writeTo(channel, oneId, null, held -> held.withMembership(
            new Membership(MemberLayer.STORE, unit, channel, clock.now)));
        return channel + " joins " + unit + " of " + oneId;
      } else if (what < 74) {
        String tag = "t-" + random.nextInt(3);
        boolean add = random.nextBoolean();
        profiles.tag(channel, oneId, add ? Set.of(tag) : Set.of(), add ? Set.of() : Set.of(tag));
        tagInModel(channel, oneId, tag, add);
        return channel + (add ? " tags " : " untags ") + tag + " of " + oneId;
      }
    } catch (ChannelAccessException e) {
      return channel + " refused: " + e.getMessage();
    }
    return identityStep(random, what, oneId);
  }

  private String identityStep(Random random, int what, OneId oneId) {
    try {
      if (what < 82) {
        Optional<OneId> other = randomPerson(random);
        if (other.isPresent() && !other.get().equals(oneId)) {
          resolver.merge(oneId, other.get());
          return "merge " + oneId + " " + other.get();
        }
      } else if (what < 88) {
        RecordKey key = records(oneId).get(0);
        List<Identifier> held = resolver.identifiersOf(key).orElseThrow();
        if (!held.isEmpty()) {
          Identifier identifier = held.get(random.nextInt(held.size()));
          resolver.removeLink(key, identifier);
          return "removeLink " + key + " " + identifier;
        }
      } else if (what < 93) {
        RecordKey key = records(oneId).get(0);
        resolver.removeRecord(key);
        return "removeRecord " + key;
      } else if (what < 96) {
        Optional<OneId> other = randomPerson(random);
        if (other.isPresent() && !other.get().equals(oneId)) {
          resolver.neverMerge(oneId, other.get());
          return "neverMerge " + oneId + " " + other.get();
        }
      } else if (what < 98) {
        resolver.erase(oneId);
        return "erase " + oneId;
      } else {
        profiles = build(); // a restart reads the store back
        return "restart";
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      return "resolver refused: " + e.getMessage();
    }
    return "nothing";
  }

  private String ingest(Random random) {
    RecordKey key = randomKey(random);
    SourceRecord.Builder record = SourceRecord.builder(key.source(), key.recordId())
        .identifier(randomIdentifier(random));
    if (random.nextBoolean()) {
      record.identifier(randomIdentifier(random));
    }
    String attribute = key.source().equals("dealer")
        ? "nickname" : ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size()));
    String value = token();
    record.attribute(attribute, value);
    // now and then a value observed before the one the record holds, which is ignored
    Instant observedAt = random.nextInt(5) == 0 ? clock.now.minusSeconds(100) : clock.now;
    record.observedAt(observedAt);
    IngestResult result = profiles.ingest(key.source(), record.build());
    if (result.outcome() == IngestResult.Outcome.REFUSED_ERASED) {
      return "ingest " + key + " refused";
    }
    ProfileRecord held = model.getOrDefault(key, ProfileRecord.empty(key));
    model.put(key, held.withAttribute(attribute,
        new SourcedValue(key.source(), key, value, observedAt)));
    tokens.computeIfAbsent(key, k -> new HashSet<>()).add(value);
    return "ingest " + key + " " + result.outcome();
  }

  /** The person's records the pool holds, in canonical order. */
  private List<RecordKey> records(OneId oneId) {
    return resolver.person(oneId).map(Person::records).orElse(List.of()).stream()
        .filter(model::containsKey).sorted().toList();
  }

  /** The record that takes a channel's writes: its own, else the person's first. */
  private static RecordKey target(String channel, List<RecordKey> records) {
    return records.stream().filter(key -> key.source().equals(channel)).findFirst()
        .orElse(records.get(0));
  }

  private void writeTo(String channel, OneId oneId, String token,
      UnaryOperator<ProfileRecord> change) {
    RecordKey target = target(channel, records(oneId));
    model.put(target, change.apply(model.get(target)));
    if (token != null) {
      tokens.get(target).add(token);
    }
  }

  private void tagInModel(String channel, OneId oneId, String tag, boolean add) {
    ChannelGrant grant = grants.get(channel);
    List<RecordKey> records = records(oneId);
    if (add) {
      boolean has = records.stream().map(model::get)
          .anyMatch(held -> suppliedBy(grant, held.tags().get(tag)));
      if (!has) {
        RecordKey target = target(channel, records);
        model.put(target, model.get(target).withTag(tag, channel));
      }
    } else {
      for (RecordKey key : records) {
        if (suppliedBy(grant, model.get(key).tags().get(tag))) {
          model.put(key, model.get(key).withoutTag(tag));
        }
      }
    }
  }

  private static boolean suppliedBy(ChannelGrant grant, String supplier) {
    return supplier != null && (!grant.suppliedOnly() || grant.channel().equals(supplier));
  }

  /** Drops the records the resolver no longer knows, as erasure and removal demand. */
  private void forgetWhatTheResolverDropped() {
    model.keySet().removeIf(key -> {
      if (resolver.resolve(key).isPresent()) {
        return false;
      }
      erasedTokens.addAll(tokens.remove(key));
      return true;
    });
  }

  private void check(String step) {
    Set<RecordKey> stored = new HashSet<>();
    StringBuilder everything = new StringBuilder();
    store.forEach(held -> {
      stored.add(held.key());
      everything.append(held).append('\n');
    });
    assertThat(stored).as(step).isEqualTo(model.keySet());
    Map<OneId, List<RecordKey>> people = new TreeMap<>();
    for (RecordKey key : model.keySet()) {
      people.computeIfAbsent(resolver.resolve(key).orElseThrow(), id -> new ArrayList<>());
    }
    people.replaceAll((oneId, none) -> records(oneId));
    for (String channel : CHANNELS) {
      ChannelGrant grant = grants.get(channel);
      List<OneId> expectedQuery = new ArrayList<>();
      for (Map.Entry<OneId, List<RecordKey>> person : people.entrySet()) {
        Optional<Profile> seen = profiles.get(channel, person.getKey(), Detail.WITH_SOURCES);
        List<RecordKey> visible = grant.suppliedOnly()
            ? person.getValue().stream().filter(key -> key.source().equals(channel)).toList()
            : person.getValue();
        if (visible.isEmpty()) {
          assertThat(seen).as(step + ": " + channel + " sees " + person.getKey()).isEmpty();
          continue;
        }
        expectedQuery.add(person.getKey());
        assertThat(seen).as(step).isPresent();
        compare(step + ": " + channel + " sees " + person.getKey(), grant, seen.get(),
            person.getValue(), visible);
        everything.append(seen.get()).append('\n');
      }
      List<OneId> queried = new ArrayList<>();
      for (PageRequest page = PageRequest.first(3); page != null; ) {
        Page<Profile> result = profiles.query(channel, List.of(), page);
        result.items().forEach(profile -> {
          queried.add(profile.oneId());
          everything.append(profile).append('\n');
        });
        page = result.next();
      }
      assertThat(queried).as(step + ": " + channel + " queries").isEqualTo(expectedQuery);
    }
    String all = everything.toString();
    for (String token : erasedTokens) {
      assertThat(all).as(step + ": erased value " + token).doesNotContain(token + "\n")
          .doesNotContain(token + ",").doesNotContain(token + "]").doesNotContain(token + "}");
    }
  }

  private void compare(String what, ChannelGrant grant, Profile seen, List<RecordKey> records,
      List<RecordKey> visible) {
    assertThat(seen.records()).as(what).isEqualTo(visible);
    List<ProfileRecord> held = records.stream().map(model::get).toList();
    Map<String, Set<SourcedValue>> attributes = new TreeMap<>();
    Set<String> tags = new TreeSet<>();
    Set<String> memberships = new TreeSet<>();
    Set<TimelineEvent> timeline = new HashSet<>();
    Map<String, Consent> consents = new TreeMap<>();
    for (ProfileRecord contribution : held) {
      contribution.attributes().forEach((name, value) -> {
        if (grant.canRead(name) && suppliedBy(grant, value.channel())) {
          attributes.computeIfAbsent(name, n -> new HashSet<>()).add(value);
        }
      });
      contribution.tags().forEach((tag, setBy) -> {
        if (suppliedBy(grant, setBy)) {
          tags.add(tag);
        }
      });
      contribution.memberships().stream().filter(m -> suppliedBy(grant, m.channel()))
          .forEach(m -> memberships.add(m.layer() + "/" + m.unit()));
      contribution.events().stream()
          .filter(e -> grant.events().covers(grant.channel(), e) && suppliedBy(grant, e.channel()))
          .forEach(timeline::add);
      contribution.consents().forEach(consent -> consents.merge(consent.purpose(), consent,
          (a, b) -> b.at().isAfter(a.at()) ? b : a));
    }
    assertThat(seen.attributes().keySet()).as(what).isEqualTo(attributes.keySet());
    seen.attributes().forEach((name, value) ->
        assertThat(new HashSet<>(value.sources())).as(what + " " + name)
            .isEqualTo(attributes.get(name)));
    assertThat(seen.tags()).as(what).isEqualTo(tags);
    assertThat(seen.memberships().stream().map(m -> m.layer() + "/" + m.unit())
        .collect(Collectors.toSet())).as(what).isEqualTo(memberships);
    assertThat(new HashSet<>(seen.timeline())).as(what).isEqualTo(timeline);
    assertThat(seen.consents().values().stream().map(Consent::granted).toList()).as(what)
        .isEqualTo(consents.values().stream().map(Consent::granted).toList());
    if (!grant.readsIdentifiers()) {
      assertThat(seen.identifiers()).as(what).isEmpty();
    } else {
      Set<Identifier> carried = new HashSet<>();
      visible.forEach(key -> carried.addAll(resolver.identifiersOf(key).orElseThrow()));
      assertThat(new HashSet<>(seen.identifiers())).as(what).isEqualTo(carried);
    }
  }
}
