package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Redacted;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An erasure reads and rewrites only the events that name the erased person, and rewrites the same
 * ones whether the resolver ran all along, restarted over its store, or was restored from a
 * snapshot.
 */
class ErasureHistoryTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T08:30:15Z"),
      ZoneOffset.UTC);

  private static IdentityResolverBuilder builder() {
    return IdentityResolver.builder().clock(CLOCK);
  }

  private static SourceRecord record(String source, String id, Identifier... identifiers) {
    SourceRecord.Builder builder = SourceRecord.builder(source, id);
    for (Identifier identifier : identifiers) {
      builder.identifier(identifier);
    }
    return builder.build();
  }

  private static Identifier phone(int n) {
    return Identifier.of("phone", "1390013" + (9000 + n));
  }

  private static Identifier member(String value) {
    return Identifier.of("member_no", value);
  }

  /** Two people who share phone {@code n} and whose member numbers keep them apart: a conflict. */
  private static void ingestConflict(IdentityResolver resolver, int n) {
    resolver.ingest(record("A" + n, "1", phone(n), member("MA" + n)));
    resolver.ingest(record("B" + n, "1", phone(n), member("MB" + n)));
  }

  /** What an erasure has to find: a conflict, a removed record and a split that quotes its key. */
  private static IdentityResolver withAPersonToErase(IdentityStore store) {
    IdentityResolver resolver = builder().store(store).build();
    resolver.ingest(record("src", "a (1)+", Identifier.of("email", "li@x.com"), member("M1")));
    resolver.ingest(record("src", "b", phone(1)));
    resolver.ingest(record("src", "c (1)+", Identifier.of("email", "li@x.com"), phone(1)));
    resolver.removeRecord(RecordKey.of("src", "c (1)+"));
    resolver.ingest(record("src", "d", Identifier.of("email", "li@x.com"), member("M2")));
    ingestConflict(resolver, 2);
    return resolver;
  }

  private static OneId li(IdentityResolver resolver) {
    return resolver.resolve(RecordKey.of("src", "a (1)+")).orElseThrow();
  }

  @Test
  void shouldReadAndRewriteOnlyTheEventsNamingThePersonWhenErasing() {
    List<String> calls = new ArrayList<>();
    IdentityResolver resolver = builder().store(recording(calls)).build();
    for (int n = 0; n < 50; n++) {
      ingestConflict(resolver, n);
    }
    List<Conflict> before = resolver.pendingConflicts();
    Conflict theirs = before.get(7);
    OneId erased = resolver.resolve(RecordKey.of("A7", "1")).orElseThrow();
    calls.clear();

    resolver.erase(erased);

    assertThat(calls).filteredOn(call -> call.startsWith("events")).isNotEmpty()
        .allSatisfy(call -> assertThat(call).isIn(
            "events([" + theirs.sequence() + "])", "events([])"));
    assertThat(calls).filteredOn(call -> call.startsWith("replaceEvent"))
        .containsExactly("replaceEvent(" + new Redacted(theirs.sequence(), theirs.at(),
            "Conflict", erased) + ")");
  }

  @Test
  void shouldKeepOtherPeoplesConflictsPendingOrDismissedWhenErasing() {
    IdentityResolver resolver = builder().build();
    for (int n = 0; n < 4; n++) {
      ingestConflict(resolver, n);
    }
    List<Conflict> before = resolver.pendingConflicts();
    resolver.dismiss(before.get(3).sequence());

    resolver.erase(resolver.resolve(RecordKey.of("B1", "1")).orElseThrow());
    resolver.ingest(record("C3", "1", phone(3)));

    assertThat(resolver.pendingConflicts()).containsExactly(before.get(0), before.get(2));
    assertThat(resolver.stats().pendingConflicts()).isEqualTo(2);
    assertThat(resolver.history(0)).contains(before.get(0), before.get(2), before.get(3))
        .doesNotContain(before.get(1))
        .filteredOn(Conflict.class::isInstance).hasSize(3);
  }

  @Test
  void shouldRedactTheSameEventsWhenErasingAfterARestartOverTheStore() {
    IdentityResolver running = withAPersonToErase(new InMemoryIdentityStore());
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    withAPersonToErase(store);
    IdentityResolver restarted = builder().store(store).build();
    OneId erased = li(running);

    running.erase(erased);
    restarted.erase(li(restarted));

    assertRedacted(running.history(0), erased);
    assertThat(restarted.history(0)).isEqualTo(running.history(0));
    assertThat(restarted.pendingConflicts()).isEqualTo(running.pendingConflicts()).hasSize(1);
  }

  @Test
  void shouldRedactTheSameEventsWhenErasingAfterASnapshotIsRestored() throws IOException {
    IdentityResolver running = withAPersonToErase(new InMemoryIdentityStore());
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    withAPersonToErase(new InMemoryIdentityStore()).snapshot(snapshot);
    IdentityResolver restored = builder().restore(new ByteArrayInputStream(snapshot.toByteArray()));

    running.erase(li(running));
    restored.erase(li(restored));

    assertThat(restored.history(0)).isEqualTo(running.history(0));
    assertThat(restored.pendingConflicts()).isEqualTo(running.pendingConflicts()).hasSize(1);
  }

  /**
   * A record removed from one person and ingested again into another, and a key refused as a
   * replay that came back with other values: both keys belong to the person erased later, and the
   * removal and the refusal that named them are redacted, live, after a restart and after a
   * restore (they named the key with a person, or no person, other than the erased one, and stayed).
   */
  @Test
  void shouldRedactTheRemovalAndTheRefusedReplayOfAKeyThatCameBackToThePersonErasedLater()
      throws IOException {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    IdentityResolver live = builder().store(store).build();
    OneId gone = live.ingest(record("A", "1", Identifier.of("email", "gone@x.com"))).oneId();
    live.erase(gone);
    live.ingest(record("C", "1", Identifier.of("email", "gone@x.com"))); // refused, named C/1
    live.ingest(record("D", "1", Identifier.of("email", "d@x.com"))); // oid-2
    live.ingest(record("E", "1", Identifier.of("email", "e@x.com"))); // oid-3
    live.removeRecord(RecordKey.of("D", "1")); // named with oid-2
    live.ingest(record("D", "1", Identifier.of("email", "e@x.com"))); // back, with oid-3
    live.ingest(record("C", "1", Identifier.of("email", "e@x.com"))); // accepted now
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    live.snapshot(snapshot);
    IdentityResolver restarted = builder().store(StoreFailureTest.copyOf(store)).build();
    IdentityResolver restored = builder().restore(new ByteArrayInputStream(snapshot.toByteArray()));

    for (IdentityResolver resolver : List.of(live, restarted, restored)) {
      OneId erased = resolver.resolve(RecordKey.of("E", "1")).orElseThrow();
      resolver.erase(erased);

      List<IdentityEvent> history = resolver.history(0);
      assertThat(history.toString()).doesNotContain("D/1", "C/1", "e@x.com");
      assertThat(history).filteredOn(Redacted.class::isInstance)
          .extracting(event -> ((Redacted) event).replaced())
          .containsExactly("ErasedReplayRefused", "RecordRemoved");
      assertThat(resolver.history(0)).isEqualTo(live.history(0));
    }
  }

  /**
   * The person's removal and conflict are redacted, the split no longer quotes their key, and the
   * conflict between two others stays.
   */
  private static void assertRedacted(List<IdentityEvent> history, OneId erased) {
    assertThat(history).noneSatisfy(event -> assertThat(event).isInstanceOf(RecordRemoved.class));
    assertThat(history).filteredOn(Redacted.class::isInstance)
        .extracting(event -> ((Redacted) event).replaced())
        .containsExactly("RecordRemoved", "Conflict");
    assertThat(history).filteredOn(Redacted.class::isInstance)
        .allSatisfy(event -> assertThat(((Redacted) event).erased()).isEqualTo(erased));
    assertThat(history).filteredOn(Split.class::isInstance)
        .extracting(event -> ((Split) event).reason())
        .containsExactly("record [erased] removed");
    assertThat(history).filteredOn(Conflict.class::isInstance).singleElement()
        .satisfies(other -> assertThat(((Conflict) other).identifier()).isEqualTo(
            Identifier.of("phone", "+86" + phone(2).value())));
    assertThat(history.toString()).doesNotContain("src/a (1)+", "src/c (1)+", "li@x.com", "M1");
  }

  /**
   * An in-memory store that writes down every history read and rewrite: the method, with the
   * sequence numbers asked for or the event written.
   */
  private static IdentityStore recording(List<String> calls) {
    InMemoryIdentityStore delegate = new InMemoryIdentityStore();
    return (IdentityStore) Proxy.newProxyInstance(IdentityStore.class.getClassLoader(),
        new Class<?>[] {IdentityStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("events") || method.getName().equals("replaceEvent")) {
            Object argument = args[0] instanceof Collection<?> sequences
                ? List.copyOf(sequences) : args[0];
            calls.add(method.getName() + "(" + argument + ")");
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
  @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void shouldLeaveNoPendingConflictNamingAnErasedPersonWhateverCameBefore(long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    IdentityResolver resolver = builder().genericThreshold(4).build();
    List<RecordKey> keys = new ArrayList<>();
    int erasedWithConflicts = 0;
    for (int step = 0; step < 600; step++) {
      int op = random.nextInt(100);
      if (op < 75) {
        // Few values for many records: shared phones and e-mails, member numbers that clash.
        SourceRecord.Builder record = SourceRecord.builder("s" + random.nextInt(3),
            "r" + random.nextInt(80));
        record.identifier(phone(random.nextInt(30)));
        if (random.nextInt(3) == 0) {
          record.identifier(member("M" + random.nextInt(20)));
        }
        if (random.nextInt(3) == 0) {
          record.identifier(Identifier.of("email", "e" + random.nextInt(30) + "@x.com"));
        }
        SourceRecord built = record.build();
        resolver.ingest(built);
        keys.add(built.key());
      } else if (op < 85 && !keys.isEmpty()) {
        RecordKey key = keys.get(random.nextInt(keys.size()));
        resolver.resolve(key).flatMap(resolver::person).ifPresent(person -> {
          List<Identifier> held = person.identifiers();
          try {
            resolver.removeLink(key, held.get(random.nextInt(held.size())));
          } catch (IllegalArgumentException notThisRecords) {
            // the value is another record's of the person: nothing to take away here
          }
        });
      } else if (!keys.isEmpty()) {
        java.util.Optional<OneId> target = resolver.resolve(keys.get(random.nextInt(keys.size())));
        if (target.isEmpty()) {
          continue;
        }
        Person person = resolver.person(target.get()).orElseThrow();
        boolean hadConflicts = resolver.pendingConflicts().stream().anyMatch(
            conflict -> names(conflict, person));
        resolver.erase(person.oneId());
        erasedWithConflicts += hadConflicts ? 1 : 0;

        assertThat(resolver.pendingConflicts()).as("pending after erasing %s", person.oneId())
            .noneMatch(conflict -> names(conflict, person));
      }
    }
    assertThat(erasedWithConflicts).as("erasures of people with pending conflicts").isPositive();
  }

  private static boolean names(Conflict conflict, Person person) {
    return List.of(conflict.left(), conflict.right()).stream().anyMatch(
        side -> side.equals(person.oneId()) || person.aliases().contains(side));
  }
}
