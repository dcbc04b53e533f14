package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A snapshot or a store read back by a resolver whose identifier types have changed since it was
 * written: a value blocked since, a type dropped. An operator blocks a value found to be junk after
 * it linked people; the graph must come back, and the value come out of it as a removed link would,
 * with events that followers (loyalty, profiles, caches) act on.
 */
class ReadBackUnderOtherTypesTest {

  private static final String SHARED_PHONE = "+8613900139000";
  private static final byte[] SALT =
      "a secret of at least 16 bytes".getBytes(StandardCharsets.UTF_8);

  private static final IdentifierType CARD = IdentifierType.builder("card").build();

  /** The built-in types, with the shared phone blocked. */
  private static IdentifierTypes phoneBlocked() {
    IdentifierType phone = IdentifierTypes.defaults().find(IdentifierTypes.PHONE).orElseThrow()
        .toBuilder().blockedValue(SHARED_PHONE).build();
    return IdentifierTypes.defaults().with(phone);
  }

  private static IdentityResolver twoRecordsSharingThePhone(IdentityResolverBuilder builder) {
    IdentityResolver resolver = builder.build();
    resolver.ingest(SourceRecord.builder("shop", "1")
        .identifier("phone", SHARED_PHONE).identifier("email", "li@example.com").build());
    resolver.ingest(SourceRecord.builder("shop", "2").identifier("phone", SHARED_PHONE).build());
    assertThat(resolver.stats().people()).isEqualTo(1);
    return resolver;
  }

  private static byte[] snapshotOf(IdentityResolver resolver) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      resolver.snapshot(out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  @Test
  void shouldTakeAValueBlockedSinceOutOfARestoredSnapshotWithTheEventsOfARemovedLink()
      throws IOException {
    IdentityResolver original = twoRecordsSharingThePhone(IdentityResolver.builder());
    OneId before = original.resolve(RecordKey.of("shop", "1")).orElseThrow();
    byte[] snapshot = snapshotOf(original);
    List<IdentityEvent> heard = new ArrayList<>();

    IdentityResolver restored = IdentityResolver.builder().types(phoneBlocked())
        .listener(heard::add).restore(new ByteArrayInputStream(snapshot));

    assertThat(restored.stats().records()).isEqualTo(2);
    assertThat(restored.stats().people()).isEqualTo(2);
    assertThat(restored.resolve(Identifier.of("phone", SHARED_PHONE))).isEmpty();
    assertThat(restored.resolve(RecordKey.of("shop", "1"))).contains(before);
    assertThat(restored.resolve(Identifier.of("email", "li@example.com"))).contains(before);
    OneId part = restored.resolve(RecordKey.of("shop", "2")).orElseThrow();
    assertThat(restored.person(part).orElseThrow().identifiers()).isEmpty();
    Identifier phone = Identifier.of("phone", SHARED_PHONE);
    assertThat(heard).hasSize(3);
    assertThat(heard.get(0)).isInstanceOfSatisfying(LinkRemoved.class, removed -> {
      assertThat(removed.record()).isEqualTo(RecordKey.of("shop", "1"));
      assertThat(removed.identifier()).isEqualTo(phone);
      assertThat(removed.person()).isEqualTo(before);
    });
    assertThat(heard.get(1)).isInstanceOfSatisfying(LinkRemoved.class,
        removed -> assertThat(removed.record()).isEqualTo(RecordKey.of("shop", "2")));
    assertThat(heard.get(2)).isInstanceOfSatisfying(Split.class, split -> {
      assertThat(split.before()).isEqualTo(before);
      assertThat(split.parts()).containsExactlyInAnyOrder(before, part);
      assertThat(split.reason()).contains(phone.toString());
    });
    assertThat(restored.history(0)).endsWith(heard.toArray(IdentityEvent[]::new));
  }

  @Test
  void shouldTakeAValueBlockedSinceOutOfAStoreOnceAndForAll() {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    twoRecordsSharingThePhone(IdentityResolver.builder().store(store).erasureSalt(SALT));
    List<IdentityEvent> heard = new ArrayList<>();

    IdentityResolver restarted = IdentityResolver.builder()
        .types(phoneBlocked()).store(store).erasureSalt(SALT).listener(heard::add).build();
    int historyAfterFirstRestart = restarted.history(0).size();
    IdentityResolver restartedAgain = IdentityResolver.builder()
        .types(phoneBlocked()).store(store).erasureSalt(SALT).listener(heard::add).build();

    assertThat(heard).hasSize(3); // two removed links and the split, at the first restart only
    assertThat(store.record(RecordKey.of("shop", "2")).orElseThrow().identifiers()).isEmpty();
    assertThat(store.record(RecordKey.of("shop", "1")).orElseThrow().identifiers())
        .containsExactly(Identifier.of("email", "li@example.com"));
    assertThat(restartedAgain.history(0)).hasSize(historyAfterFirstRestart);
    for (IdentityResolver each : List.of(restarted, restartedAgain)) {
      assertThat(each.stats().people()).isEqualTo(2);
      assertThat(each.resolve(Identifier.of("phone", SHARED_PHONE))).isEmpty();
    }
    assertThat(restartedAgain.resolve(RecordKey.of("shop", "2")))
        .isEqualTo(restarted.resolve(RecordKey.of("shop", "2")));
  }

  @Test
  void shouldGiveThePeopleABlockedCounterPhoneJoinedTheirOwnIdsBack() throws IOException {
    IdentityResolver original = IdentityResolver.builder().build();
    List<OneId> people = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      people.add(original.ingest(SourceRecord.builder("app", "u" + i)
          .identifier("email", "p" + i + "@example.com").build()).oneId());
    }
    for (int i = 0; i < 5; i++) { // the shop's records give each customer the counter phone
      original.ingest(SourceRecord.builder("pos", "r" + i).identifier("phone", SHARED_PHONE)
          .identifier("email", "p" + i + "@example.com").build());
    }
    assertThat(original.stats().people()).isEqualTo(1);
    List<IdentityEvent> heard = new ArrayList<>();

    IdentityResolver restored = IdentityResolver.builder().types(phoneBlocked())
        .listener(heard::add).restore(new ByteArrayInputStream(snapshotOf(original)));

    assertThat(restored.stats().people()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      assertThat(restored.resolve(RecordKey.of("pos", "r" + i))).contains(people.get(i));
      assertThat(restored.current(people.get(i))).contains(people.get(i));
    }
    assertThat(heard).filteredOn(LinkRemoved.class::isInstance).hasSize(5);
    assertThat(heard).filteredOn(Split.class::isInstance).singleElement()
        .satisfies(split -> assertThat(((Split) split).parts())
            .containsExactlyInAnyOrderElementsOf(people));
  }

  @Test
  void shouldTakeAGenericValueBlockedSinceOutWithoutSplittingAnyone() throws IOException {
    IdentityResolver original = IdentityResolver.builder().genericThreshold(2).build();
    for (int i = 0; i < 3; i++) {
      original.ingest(SourceRecord.builder("pos", "r" + i).identifier("phone", SHARED_PHONE)
          .identifier("email", "p" + i + "@example.com").build());
    }
    assertThat(original.stats().people()).isEqualTo(3); // the phone turned generic
    List<IdentityEvent> heard = new ArrayList<>();

    IdentityResolver restored = IdentityResolver.builder().genericThreshold(2)
        .types(phoneBlocked()).listener(heard::add)
        .restore(new ByteArrayInputStream(snapshotOf(original)));

    assertThat(restored.stats().people()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(restored.resolve(RecordKey.of("pos", "r" + i)))
          .isEqualTo(original.resolve(RecordKey.of("pos", "r" + i)));
    }
    assertThat(heard).hasSize(3)
        .allSatisfy(event -> assertThat(event).isInstanceOf(LinkRemoved.class));
  }

  @Test
  void shouldNeverGiveANewPersonAnIdThatAReadBackIssuedAfterARestartOverTheStore() {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    twoRecordsSharingThePhone(IdentityResolver.builder().store(store).erasureSalt(SALT));
    OneId splitOff = IdentityResolver.builder().types(phoneBlocked()).store(store)
        .erasureSalt(SALT).build().resolve(RecordKey.of("shop", "2")).orElseThrow();

    IdentityResolver restartedAgain =
        IdentityResolver.builder().types(phoneBlocked()).store(store).erasureSalt(SALT).build();
    OneId newcomer = restartedAgain.ingest(
        SourceRecord.builder("shop", "3").identifier("email", "new@example.com").build()).oneId();

    assertThat(store.lastIssuedId()).isGreaterThanOrEqualTo(newcomer.value());
    assertThat(newcomer).isNotEqualTo(splitOff);
    assertThat(restartedAgain.resolve(RecordKey.of("shop", "2"))).contains(splitOff);
    assertThat(restartedAgain.stats().people()).isEqualTo(3);
  }

  @Test
  void shouldNeverGiveANewPersonAnIdThatARestoreIssuedAfterASnapshotOfTheRestored()
      throws IOException {
    byte[] snapshot = snapshotOf(twoRecordsSharingThePhone(IdentityResolver.builder()));
    IdentityResolver restored =
        IdentityResolver.builder().types(phoneBlocked()).restore(new ByteArrayInputStream(snapshot));
    OneId splitOff = restored.resolve(RecordKey.of("shop", "2")).orElseThrow();

    IdentityResolver again = IdentityResolver.builder().types(phoneBlocked())
        .restore(new ByteArrayInputStream(snapshotOf(restored)));
    OneId newcomer = again.ingest(
        SourceRecord.builder("shop", "3").identifier("email", "new@example.com").build()).oneId();

    assertThat(newcomer).isNotEqualTo(splitOff);
    assertThat(again.resolve(RecordKey.of("shop", "2"))).contains(splitOff);
  }

  @Test
  void shouldNeverGiveANewPersonAnIdIssuedWhenALowerGenericThresholdSplitSomeoneAtARestart() {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    IdentityResolver original = IdentityResolver.builder().store(store).erasureSalt(SALT).build();
    for (int i = 0; i < 3; i++) {
      original.ingest(SourceRecord.builder("pos", "r" + i).identifier("phone", SHARED_PHONE)
          .identifier("email", "p" + i + "@example.com").build());
    }
    assertThat(original.stats().people()).isEqualTo(1);
    IdentityResolver lowered =
        IdentityResolver.builder().genericThreshold(2).store(store).erasureSalt(SALT).build();
    assertThat(lowered.stats().people()).isEqualTo(3);

    IdentityResolver restartedAgain =
        IdentityResolver.builder().genericThreshold(2).store(store).erasureSalt(SALT).build();
    OneId newcomer = restartedAgain.ingest(
        SourceRecord.builder("shop", "9").identifier("email", "new@example.com").build()).oneId();

    assertThat(newcomer).isNotIn(lowered.resolve(RecordKey.of("pos", "r1")).orElseThrow(),
        lowered.resolve(RecordKey.of("pos", "r2")).orElseThrow());
    assertThat(restartedAgain.stats().people()).isEqualTo(4);
  }

  @Test
  void shouldCountTwoStoredValuesThatTheTypesNowNormaliseToOneAsOne() throws IOException {
    IdentifierType asGiven = IdentifierType.builder("code").normalizer(value -> value).build();
    IdentityResolver original =
        IdentityResolver.builder().types(IdentifierTypes.defaults().with(asGiven)).build();
    original.ingest(SourceRecord.builder("shop", "1")
        .identifier("code", "abc").identifier("code", "ABC").build());
    original.ingest(SourceRecord.builder("shop", "2").identifier("code", "ABC").build());
    IdentifierType upper = asGiven.toBuilder()
        .normalizer(value -> value.toUpperCase(java.util.Locale.ROOT)).build();

    IdentityResolver restored = IdentityResolver.builder()
        .types(IdentifierTypes.defaults().with(upper))
        .restore(new ByteArrayInputStream(snapshotOf(original)));

    OneId person = restored.resolve(RecordKey.of("shop", "1")).orElseThrow();
    assertThat(restored.person(person).orElseThrow().identifiers())
        .containsExactly(Identifier.of("code", "ABC"));
    assertThat(restored.stats().identifiers()).isEqualTo(1);
    restored.removeRecord(RecordKey.of("shop", "2"));
    assertThat(restored.resolve(Identifier.of("code", "abc"))).contains(person);
  }

  @Test
  void shouldTakeTheValueOutWithItsEventsAtTheNextStartWhenTheStoreFailedPartWay() {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    twoRecordsSharingThePhone(IdentityResolver.builder().store(store).erasureSalt(SALT));
    IdentityStore failingOnce = failingOnTheFirstSplit(store);
    List<IdentityEvent> heard = new ArrayList<>();

    assertThatThrownBy(() -> IdentityResolver.builder().types(phoneBlocked()).store(failingOnce)
        .erasureSalt(SALT).listener(heard::add).build())
        .hasMessage("the store is unavailable");
    IdentityResolver retried = IdentityResolver.builder().types(phoneBlocked())
        .store(failingOnce).erasureSalt(SALT).listener(heard::add).build();

    OneId splitOff = retried.resolve(RecordKey.of("shop", "2")).orElseThrow();
    assertThat(heard).filteredOn(Split.class::isInstance).singleElement()
        .satisfies(split -> assertThat(((Split) split).parts()).contains(splitOff));
    assertThat(retried.history(0)).filteredOn(Split.class::isInstance).hasSize(1);
    OneId newcomer = retried.ingest(
        SourceRecord.builder("shop", "3").identifier("email", "new@example.com").build()).oneId();
    assertThat(newcomer).isNotEqualTo(splitOff);
  }

  @Test
  void shouldKeepAValueGenericUnderANormaliserChangedSince() throws IOException {
    IdentifierType asGiven = IdentifierType.builder("code").normalizer(value -> value).build();
    IdentityResolver original = IdentityResolver.builder().genericThreshold(2)
        .types(IdentifierTypes.defaults().with(asGiven)).build();
    for (int i = 0; i < 3; i++) {
      original.ingest(SourceRecord.builder("pos", "r" + i).identifier("code", "abc")
          .identifier("email", "p" + i + "@example.com").build());
    }
    original.removeRecord(RecordKey.of("pos", "r2")); // generic stays generic with fewer holders
    assertThat(original.stats().people()).isEqualTo(2);
    IdentifierType upper = asGiven.toBuilder()
        .normalizer(value -> value.toUpperCase(java.util.Locale.ROOT)).build();

    IdentityResolver restored = IdentityResolver.builder().genericThreshold(2)
        .types(IdentifierTypes.defaults().with(upper))
        .restore(new ByteArrayInputStream(snapshotOf(original)));

    assertThat(restored.stats().people()).isEqualTo(2);
  }

  /** The store, failing the first time a {@link Split} is appended to its history. */
  private static IdentityStore failingOnTheFirstSplit(IdentityStore store) {
    AtomicBoolean failed = new AtomicBoolean();
    return new ForwardingIdentityStore(() -> store) {
      @Override
      public void append(IdentityEvent event) {
        if (event instanceof Split && !failed.getAndSet(true)) {
          throw new IllegalStateException("the store is unavailable");
        }
        super.append(event);
      }
    };
  }

  @Test
  void shouldKeepAcceptingARecordWhoseRemovedLinkIsBlockedSince() throws IOException {
    IdentityResolver resolver = twoRecordsSharingThePhone(IdentityResolver.builder());
    resolver.removeLink(RecordKey.of("shop", "2"), Identifier.of("phone", SHARED_PHONE));
    IdentityResolver restored = IdentityResolver.builder().types(phoneBlocked())
        .restore(new ByteArrayInputStream(snapshotOf(resolver)));

    IngestResult again = restored.ingest(SourceRecord.builder("shop", "2")
        .identifier("phone", SHARED_PHONE).identifier("email", "li@example.com").build());

    assertThat(again.oneId()).isEqualTo(restored.resolve(RecordKey.of("shop", "1")).orElseThrow());
  }

  @Test
  void shouldRefuseToRestoreWithTypesThatDoNotDefineTheTypeOfAStoredIdentifier() {
    IdentityResolver withCards =
        IdentityResolver.builder().types(IdentifierTypes.defaults().with(CARD)).build();
    withCards.ingest(SourceRecord.builder("shop", "1").identifier("card", "C-1").build());
    byte[] snapshot = snapshotOf(withCards);

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read back record shop/1")
        .hasMessageContaining("card=C-1 (unknown-type)")
        .hasMessageContaining("build the resolver with the identifier types it was written with");
  }

  @Test
  void shouldRestoreAHistoryAndDecisionsThatNameATypeNoLongerDefined() throws IOException {
    IdentifierType card = IdentifierType.builder("card").priority(50).build();
    IdentityResolver withCards =
        IdentityResolver.builder().types(IdentifierTypes.defaults().with(card)).build();
    withCards.ingest(SourceRecord.builder("shop", "1")
        .identifier("member_no", "M1").identifier("card", "C-1").build());
    withCards.ingest(SourceRecord.builder("shop", "2")
        .identifier("member_no", "M2").identifier("card", "C-1").build());
    // the card link between two member numbers is refused; then no record holds a card any more
    assertThat(withCards.pendingConflicts()).singleElement()
        .satisfies(conflict -> assertThat(conflict.identifier().type()).isEqualTo("card"));
    withCards.removeRecord(RecordKey.of("shop", "2"));
    withCards.removeLink(RecordKey.of("shop", "1"), Identifier.of("card", "C-1"));

    IdentityResolver restored = IdentityResolver.builder()
        .restore(new ByteArrayInputStream(snapshotOf(withCards)));

    assertThat(restored.resolve(RecordKey.of("shop", "1")))
        .isEqualTo(withCards.resolve(RecordKey.of("shop", "1")));
    assertThat(restored.history(0)).isEqualTo(withCards.history(0));
    IngestResult again = restored.ingest(SourceRecord.builder("shop", "1")
        .identifier("member_no", "M1").identifier("email", "li@example.com").build());
    assertThat(again.oneId()).isEqualTo(withCards.resolve(RecordKey.of("shop", "1")).orElseThrow());
  }
}
