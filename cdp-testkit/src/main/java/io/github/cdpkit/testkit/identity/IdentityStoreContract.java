package io.github.cdpkit.testkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.ConflictDismissed;
import io.github.cdpkit.identity.event.ConflictRule;
import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.ErasedReplayRefused;
import io.github.cdpkit.identity.event.GenericValueDetected;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Redacted;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link IdentityStore}: every rule its javadoc states, as tests that any
 * implementation must pass.
 *
 * <p>Extend it in your own test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class JdbcIdentityStoreTest extends IdentityStoreContract {
 *   @Override
 *   protected IdentityStore newStore() {
 *     return new JdbcIdentityStore(freshDataSource());
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets its own store. The test methods are public so that JUnit can run them from a
 * subclass in any package or module; a subclass in a named module must open its own package to
 * {@code org.junit.platform.commons}.
 */
public abstract class IdentityStoreContract {

  // Nanoseconds, as the system clock stamps events and records: a store that keeps milliseconds
  // only (a TIMESTAMP(3) column) gives back other instants after a restart.
  private static final Instant AT = Instant.parse("2025-03-01T08:30:15.123456789Z");

  private IdentityStore store;

  /** For subclasses. */
  protected IdentityStoreContract() {}

  /**
   * Returns a new, empty store; called once before every test.
   *
   * @return the store under test
   */
  protected abstract IdentityStore newStore();

  /** Makes the store of the next test. */
  @BeforeEach
  public final void createStore() {
    store = newStore();
  }

  /**
   * Returns the store of the current test, for the tests of a subclass.
   *
   * @return the store that {@link #newStore()} made for this test
   */
  protected final IdentityStore store() {
    return store;
  }

  // ---- changes

  /** A change run atomically returns what it returned, and its writes are kept. */
  @Test
  public void shouldKeepTheWritesAndReturnTheResultOfAChangeRunAtomically() {
    StoredRecord record = record("tmall", "1", 1);

    String result = store.atomically(() -> {
      store.putRecord(record);
      store.setLastIssuedId(1);
      return "done";
    });

    assertThat(result).isEqualTo("done");
    assertThat(store.record(record.key())).contains(record);
    assertThat(store.lastIssuedId()).isEqualTo(1);
  }

  /**
   * A change run atomically reads what it wrote before, and what it throws comes out as it was
   * thrown (a store that rolls back may also have undone its writes).
   */
  @Test
  public void shouldLetAChangeReadItsOwnWritesAndRethrowWhatItThrows() {
    StoredRecord record = record("tmall", "1", 1);
    IllegalStateException refused = new IllegalStateException("refused by the change");

    assertThatThrownBy(() -> store.atomically(() -> {
      store.putRecord(record);
      assertThat(store.record(record.key())).contains(record);
      throw refused;
    })).isSameAs(refused);
  }

  // ---- records

  /** A new store holds nothing. */
  @Test
  public void shouldBeEmptyWhenNew() {
    List<StoredRecord> visited = new ArrayList<>();
    store.forEachRecord(visited::add);

    assertThat(store.recordCount()).isZero();
    assertThat(visited).isEmpty();
    assertThat(store.record(key("tmall", "1"))).isEmpty();
    assertThat(store.lastIssuedId()).isZero();
    assertThat(store.decisions()).isEmpty();
    assertThat(store.deniedHashes()).isEmpty();
    assertThat(store.isDenied("h1")).isFalse();
    assertThat(store.events(0)).isEmpty();
  }

  /** A stored record comes back equal, with every part kept. */
  @Test
  public void shouldReturnStoredRecordWhenLookedUpByKey() {
    StoredRecord record = new StoredRecord(key("mini_program", "r-1"),
        List.of(Identifier.of(IdentifierTypes.PHONE, "+8613912345678"),
            Identifier.of(IdentifierTypes.WECHAT_OPENID, "wx0123456789abcdef", "oAbCdEf"),
            Identifier.of(IdentifierTypes.DEVICE_ID, "6F1C2A3B-0D4E-4F5A-8B6C-7D8E9F0A1B2C")),
        AT, List.of(3L, 7L));

    store.putRecord(record);

    assertThat(store.record(record.key())).contains(record);
    assertThat(store.recordCount()).isEqualTo(1);
  }

  /** A record may carry no identifiers and found no id, and still comes back equal. */
  @Test
  public void shouldReturnRecordWithoutIdentifiersOrFoundedIdsWhenStored() {
    StoredRecord record = new StoredRecord(key("pos", "r-2"), List.of(), AT, List.of());

    store.putRecord(record);

    assertThat(store.record(record.key())).contains(record);
  }

  /** A key that was never stored has no record. */
  @Test
  public void shouldReturnEmptyWhenKeyUnknown() {
    store.putRecord(record("tmall", "1", 1));

    assertThat(store.record(key("tmall", "2"))).isEmpty();
    assertThat(store.record(key("jd", "1"))).isEmpty();
  }

  /** Storing under a known key replaces the record; the count does not change. */
  @Test
  public void shouldReplaceRecordWhenStoredAgainUnderSameKey() {
    store.putRecord(record("tmall", "1", 1));
    StoredRecord replacement = new StoredRecord(key("tmall", "1"),
        List.of(Identifier.of(IdentifierTypes.EMAIL, "li@example.com")), AT.plusSeconds(60),
        List.of());

    store.putRecord(replacement);

    assertThat(store.record(key("tmall", "1"))).contains(replacement);
    assertThat(store.recordCount()).isEqualTo(1);
  }

  /** Records are visited in the order they were first stored. */
  @Test
  public void shouldVisitRecordsInFirstStoredOrder() {
    List<StoredRecord> stored = new ArrayList<>();
    // keys deliberately out of their natural order
    for (int i = 0; i < 200; i++) {
      StoredRecord record = record(i % 2 == 0 ? "tmall" : "app", Integer.toString(997 * i % 1000), i);
      stored.add(record);
      store.putRecord(record);
    }

    assertThat(visitAll()).containsExactlyElementsOf(stored);
  }

  /** Stores three records, tmall/a, jd/b and pos/c, in that order, and returns them. */
  private List<StoredRecord> storeThree() {
    List<StoredRecord> three =
        List.of(record("tmall", "a", 1), record("jd", "b", 2), record("pos", "c", 3));
    three.forEach(store::putRecord);
    return three;
  }

  /** Replacing a record keeps its place in the visiting order. */
  @Test
  public void shouldKeepFirstStoredPositionWhenRecordReplaced() {
    List<StoredRecord> stored = storeThree();
    StoredRecord a = stored.get(0);
    StoredRecord b = stored.get(1);
    StoredRecord c = stored.get(2);
    StoredRecord newB = new StoredRecord(b.key(), List.of(phone(99)), AT, List.of(2L, 4L));

    store.putRecord(newB);

    assertThat(visitAll()).containsExactly(a, newB, c);
  }

  /** Removing a record removes it from lookups, the count and the visit; it reports whether it was there. */
  @Test
  public void shouldRemoveRecordWhenStored() {
    StoredRecord a = record("tmall", "a", 1);
    StoredRecord b = record("jd", "b", 2);
    store.putRecord(a);
    store.putRecord(b);

    assertThat(store.removeRecord(a.key())).isTrue();

    assertThat(store.record(a.key())).isEmpty();
    assertThat(store.recordCount()).isEqualTo(1);
    assertThat(visitAll()).containsExactly(b);
  }

  /** A record removed and stored again goes last in the visiting order, as a new record. */
  @Test
  public void shouldVisitARecordRemovedAndStoredAgainLast() {
    List<StoredRecord> stored = storeThree();
    StoredRecord a = stored.get(0);
    StoredRecord b = stored.get(1);
    StoredRecord c = stored.get(2);

    store.removeRecord(a.key());
    store.putRecord(a);

    assertThat(visitAll()).containsExactly(b, c, a);
  }

  /** Removing an unknown key, or a key twice, reports {@code false} and changes nothing. */
  @Test
  public void shouldReportFalseWhenRemovingUnknownRecord() {
    StoredRecord a = record("tmall", "a", 1);
    store.putRecord(a);
    assertThat(store.removeRecord(a.key())).isTrue();

    assertThat(store.removeRecord(a.key())).isFalse();
    assertThat(store.removeRecord(key("jd", "never"))).isFalse();
    assertThat(store.recordCount()).isZero();
  }

  /** The count follows puts, replacements and removals. */
  @Test
  public void shouldCountDistinctKeysWhenRecordsPutReplacedAndRemoved() {
    for (int i = 0; i < 50; i++) {
      store.putRecord(record("app", "r" + i, i));
    }
    for (int i = 0; i < 50; i += 5) {
      store.putRecord(record("app", "r" + i, 1000 + i));
    }
    for (int i = 0; i < 50; i += 10) {
      store.removeRecord(key("app", "r" + i));
    }

    assertThat(store.recordCount()).isEqualTo(45);
    assertThat(visitAll()).hasSize(45);
  }

  // ---- last issued id

  /** The last issued id moves forward, and may be set again to the same value. */
  @Test
  public void shouldKeepLastIssuedIdWhenMovedForwardOrSetToSameValue() {
    store.setLastIssuedId(5);
    assertThat(store.lastIssuedId()).isEqualTo(5);

    store.setLastIssuedId(5);
    store.setLastIssuedId(1_000_000_000_000L);

    assertThat(store.lastIssuedId()).isEqualTo(1_000_000_000_000L);
  }

  /** The last issued id never goes back: the call fails, names the value, and changes nothing. */
  @Test
  public void shouldRejectLastIssuedIdWhenGoingBack() {
    store.setLastIssuedId(7);

    assertThatThrownBy(() -> store.setLastIssuedId(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3");
    assertThat(store.lastIssuedId()).isEqualTo(7);
  }

  // ---- decisions

  /** Decisions come back in the order they were stored. */
  @Test
  public void shouldKeepDecisionsInStoredOrder() {
    ManualDecision first = ManualDecision.cannotLink(key("tmall", "9"), key("jd", "1"));
    ManualDecision second = ManualDecision.mustLink(key("app", "2"), key("pos", "3"));
    ManualDecision third = ManualDecision.excludedLink(key("app", "2"), phone(1));
    ManualDecision fourth = ManualDecision.excludedLink(key("app", "2"),
        Identifier.of(IdentifierTypes.WECHAT_OPENID, "wx0123456789abcdef", "oAbCdEf"));

    store.putDecision(first);
    store.putDecision(second);
    store.putDecision(third);
    store.putDecision(fourth);

    assertThat(store.decisions()).containsExactly(first, second, third, fourth);
  }

  /** Storing an equal decision again keeps one, in its first place. */
  @Test
  public void shouldKeepOneDecisionWhenStoredTwice() {
    ManualDecision a = ManualDecision.mustLink(key("app", "2"), key("pos", "3"));
    ManualDecision b = ManualDecision.cannotLink(key("tmall", "1"), key("jd", "1"));
    store.putDecision(a);
    store.putDecision(b);

    store.putDecision(ManualDecision.mustLink(key("pos", "3"), key("app", "2")));

    assertThat(store.decisions()).containsExactly(a, b);
  }

  /** Removing a decision reports whether it was stored, and leaves the others in order. */
  @Test
  public void shouldRemoveDecisionWhenStored() {
    ManualDecision a = ManualDecision.mustLink(key("app", "1"), key("pos", "1"));
    ManualDecision b = ManualDecision.cannotLink(key("app", "2"), key("pos", "2"));
    ManualDecision c = ManualDecision.excludedLink(key("app", "3"), phone(3));
    store.putDecision(a);
    store.putDecision(b);
    store.putDecision(c);

    assertThat(store.removeDecision(ManualDecision.cannotLink(key("pos", "2"), key("app", "2"))))
        .isTrue();
    assertThat(store.removeDecision(b)).isFalse();
    assertThat(store.removeDecision(ManualDecision.excludedLink(key("app", "3"), phone(4))))
        .isFalse();

    assertThat(store.decisions()).containsExactly(a, c);
  }

  // ---- deny list

  /** A denied hash is denied; others are not. */
  @Test
  public void shouldDenyHashWhenAdded() {
    store.deny("c2FsdGVkLWhhc2gtMQ");

    assertThat(store.isDenied("c2FsdGVkLWhhc2gtMQ")).isTrue();
    assertThat(store.isDenied("c2FsdGVkLWhhc2gtMg")).isFalse();
  }

  /** The deny list comes back in the order the hashes were added, a hash denied twice once. */
  @Test
  public void shouldKeepDeniedHashesInAddedOrder() {
    store.deny("h3");
    store.deny("h1");
    store.deny("h2");
    store.deny("h1");

    assertThat(store.deniedHashes()).containsExactly("h3", "h1", "h2");
  }

  /** Hashes are compared exactly: case matters. */
  @Test
  public void shouldCompareDeniedHashesExactly() {
    store.deny("AbC");

    assertThat(store.isDenied("abc")).isFalse();
    assertThat(store.isDenied("AbC")).isTrue();
  }

  // ---- events

  /**
   * Events of every kind come back equal, in the order of their sequence numbers, also when the
   * clock went back between them.
   */
  @Test
  public void shouldReturnEveryKindOfEventWhenAppended() {
    List<IdentityEvent> events = List.of(
        new Merged(1, AT, OneId.of(1), List.of(OneId.of(2), OneId.of(5)), false),
        new Merged(2, AT.minusSeconds(30), OneId.of(6), List.of(OneId.of(7)), true),
        new Conflict(3, AT.minusNanos(1), OneId.of(6), OneId.of(8),
            Identifier.of(IdentifierTypes.WECHAT_OPENID, "wx0123456789abcdef", "oAbCdEf"),
            ConflictRule.NEVER_MERGE, "declared never to merge"),
        new Split(4, AT, OneId.of(1), List.of(OneId.of(1), OneId.of(2)), "record removed"),
        new Conflict(5, AT, OneId.of(1), OneId.of(3), Identifier.of("phone", "+8613912345678"),
            ConflictRule.PROFILE_LIMIT, "member_no allows 1 per person"),
        new Erased(6, AT, OneId.of(3), List.of(OneId.of(4)), 2, 5),
        new GenericValueDetected(7, AT, Identifier.of("phone", "+8618000000001"), 120, 100),
        new ErasedReplayRefused(8, AT, key("tmall", "1"), "record_key"),
        new Redacted(9, AT, "Conflict", OneId.of(3)),
        new RecordRemoved(10, AT, key("pos", "7"), OneId.of(1)),
        new ConflictDismissed(11, AT, 5),
        new LinkRemoved(12, AT, key("app", "8"), Identifier.of("device_id", "IDFA0001AAAA"),
            OneId.of(1)));

    events.forEach(store::append);

    assertThat(store.events(0)).containsExactlyElementsOf(events);
  }

  /** The first event may have any sequence number of at least 1, and numbers may have gaps. */
  @Test
  public void shouldAcceptSequenceGapsWhenIncreasing() {
    store.append(merged(10));
    store.append(merged(11));
    store.append(merged(40));

    assertThat(sequences(store.events(0))).containsExactly(10L, 11L, 40L);
  }

  /** An event whose sequence does not increase is rejected, naming it, and the history is unchanged. */
  @Test
  public void shouldRejectEventWhenSequenceDoesNotIncrease() {
    store.append(merged(1));
    store.append(merged(5));

    assertThatThrownBy(() -> store.append(merged(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5");
    assertThatThrownBy(() -> store.append(merged(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3");

    assertThat(sequences(store.events(0))).containsExactly(1L, 5L);
    store.append(merged(6));
    assertThat(sequences(store.events(0))).containsExactly(1L, 5L, 6L);
  }

  /** {@code events(n)} returns exactly the events after {@code n}, at every boundary. */
  @Test
  public void shouldReturnEventsStrictlyAfterSequenceWhenAsked() {
    for (long sequence : new long[] {2, 5, 9}) {
      store.append(merged(sequence));
    }

    assertThat(sequences(store.events(0))).containsExactly(2L, 5L, 9L);
    assertThat(sequences(store.events(1))).containsExactly(2L, 5L, 9L);
    assertThat(sequences(store.events(2))).containsExactly(5L, 9L);
    assertThat(sequences(store.events(4))).containsExactly(5L, 9L);
    assertThat(sequences(store.events(5))).containsExactly(9L);
    assertThat(sequences(store.events(8))).containsExactly(9L);
    assertThat(sequences(store.events(9))).isEmpty();
    assertThat(sequences(store.events(Long.MAX_VALUE))).isEmpty();
  }

  /**
   * Replacing an event keeps it in its place with its sequence number, changes nothing else, and
   * later appends go on after it.
   */
  @Test
  public void shouldKeepAReplacedEventInItsPlaceWhenReplaced() {
    store.append(merged(1));
    store.append(new Conflict(4, AT, OneId.of(1), OneId.of(3),
        Identifier.of("phone", "+8613912345678"), ConflictRule.PROFILE_LIMIT, "detail"));
    store.append(merged(9));
    Redacted redacted = new Redacted(4, AT, "Conflict", OneId.of(3));

    store.replaceEvent(redacted);
    store.append(merged(10));

    assertThat(store.events(0)).containsExactly(merged(1), redacted, merged(9), merged(10));
    assertThat(store.events(1)).startsWith(redacted);
  }

  /**
   * {@code events(sequences)} returns the events with those numbers, oldest first and each once,
   * whatever order the numbers come in, and leaves out numbers no stored event has.
   */
  @Test
  public void shouldReturnTheEventsWithTheGivenSequencesWhenAskedByNumber() {
    for (long sequence : new long[] {2, 5, 9, 12}) {
      store.append(merged(sequence));
    }

    assertThat(store.events(List.of(12L, 2L, 9L, 2L))).containsExactly(
        merged(2), merged(9), merged(12));
    assertThat(sequences(store.events(List.of(1L, 3L, 5L, 13L, 0L, -1L, Long.MAX_VALUE))))
        .containsExactly(5L);
    assertThat(store.events(List.of())).isEmpty();
  }

  /** {@code events(sequences)} rejects a null number, as its javadoc says. */
  @Test
  public void shouldRejectANullSequenceWhenAskedByNumber() {
    store.append(merged(1));

    assertThatThrownBy(() -> store.events(java.util.Arrays.asList(1L, null)))
        .isInstanceOf(NullPointerException.class);
  }

  /** {@code events(sequences)} returns a replaced event as it is now. */
  @Test
  public void shouldReturnTheReplacementWhenAReplacedEventIsAskedByNumber() {
    store.append(merged(1));
    store.append(new Conflict(4, AT, OneId.of(1), OneId.of(3),
        Identifier.of("phone", "+8613912345678"), ConflictRule.PROFILE_LIMIT, "detail"));
    Redacted redacted = new Redacted(4, AT, "Conflict", OneId.of(3));

    store.replaceEvent(redacted);

    assertThat(store.events(Set.of(4L))).containsExactly(redacted);
  }

  /** Replacing an event no stored event has the sequence of is rejected, and nothing changes. */
  @Test
  public void shouldRejectAReplacementWhenNoEventHasItsSequence() {
    store.append(merged(2));
    store.append(merged(5));

    for (long sequence : new long[] {1, 3, 6}) {
      assertThatThrownBy(
          () -> store.replaceEvent(new Redacted(sequence, AT, "Conflict", OneId.of(1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(sequence));
    }

    assertThat(store.events(0)).containsExactly(merged(2), merged(5));
  }

  // ---- what reads return

  /**
   * The lists a store returns are its state when it was read: later writes do not change them,
   * and a caller that changes them (where they allow it) does not change the store.
   */
  @Test
  public void shouldReturnListsThatNeitherLaterWritesNorTheCallerChangeInTheStore() {
    ManualDecision decision = ManualDecision.mustLink(key("app", "1"), key("pos", "1"));
    store.putDecision(decision);
    store.deny("h1");
    store.append(merged(1));
    store.append(merged(2));
    List<IdentityEvent> all = store.events(0);
    List<IdentityEvent> after = store.events(1);
    List<IdentityEvent> byNumber = store.events(List.of(1L, 2L));
    List<ManualDecision> decisions = store.decisions();
    List<String> denied = store.deniedHashes();

    store.append(merged(3));
    store.replaceEvent(new Redacted(1, AT, "Merged", OneId.of(1)));
    store.putDecision(ManualDecision.cannotLink(key("app", "2"), key("pos", "2")));
    store.removeDecision(decision);
    store.deny("h2");

    assertThat(all).containsExactly(merged(1), merged(2));
    assertThat(after).containsExactly(merged(2));
    assertThat(byNumber).containsExactly(merged(1), merged(2));
    assertThat(decisions).containsExactly(decision);
    assertThat(denied).containsExactly("h1");

    List<IdentityEvent> eventsNow = store.events(0);
    List<ManualDecision> decisionsNow = store.decisions();
    List<String> deniedNow = store.deniedHashes();
    tryToClear(all);
    tryToClear(after);
    tryToClear(byNumber);
    tryToClear(decisions);
    tryToClear(denied);
    tryToClear(store.events(0));
    tryToClear(store.events(List.of(2L)));
    tryToClear(store.decisions());
    tryToClear(store.deniedHashes());

    assertThat(store.events(0)).isEqualTo(eventsNow).hasSize(3);
    assertThat(store.decisions()).isEqualTo(decisionsNow).hasSize(1);
    assertThat(store.deniedHashes()).isEqualTo(deniedNow).hasSize(2);
  }

  // ---- threads

  /**
   * Puts from several threads at once, some to the same keys, leave every key stored once, a count
   * that matches, and a visit that sees each record once.
   *
   * @throws InterruptedException if the test is interrupted
   */
  @Test
  @Timeout(60)
  public void shouldKeepConsistentCountWhenPutFromSeveralThreads() throws InterruptedException {
    int threads = 4;
    int perThread = 250;
    int shared = 50;
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.add(new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perThread; i++) {
            store.putRecord(record("t" + thread, Integer.toString(i), i));
            store.putRecord(record("shared", Integer.toString(i % shared), thread));
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    workers.forEach(Thread::start);
    start.countDown();
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(50));
    }

    assertThat(failures).isEmpty();
    assertThat(store.recordCount()).isEqualTo((long) threads * perThread + shared);
    Set<RecordKey> seen = new HashSet<>();
    store.forEachRecord(record -> assertThat(seen.add(record.key())).isTrue());
    assertThat(seen).hasSize(threads * perThread + shared);
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertThat(store.record(key("t" + t, Integer.toString(i)))).isPresent();
      }
    }
  }

  /**
   * Reads from other threads while one thread writes never fail, and see the store only grow: the
   * count never goes down and every history read is in sequence order.
   *
   * @throws InterruptedException if the test is interrupted
   */
  @Test
  @Timeout(60)
  public void shouldServeConsistentReadsWhileOneThreadWrites() throws InterruptedException {
    int writes = 1_000;
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(new Thread(() -> {
        try {
          long lastCount = 0;
          while (!done.get()) {
            long count = store.recordCount();
            if (count < lastCount) {
              throw new AssertionError("record count went down from " + lastCount + " to " + count);
            }
            lastCount = count;
            long[] visited = new long[1];
            store.forEachRecord(record -> visited[0]++);
            if (visited[0] < count) {
              throw new AssertionError("visited " + visited[0] + " records after counting " + count);
            }
            List<Long> sequences = sequences(store.events(0));
            for (int i = 1; i < sequences.size(); i++) {
              if (sequences.get(i) <= sequences.get(i - 1)) {
                throw new AssertionError("events out of order: " + sequences);
              }
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    readers.forEach(Thread::start);
    try {
      for (int i = 1; i <= writes; i++) {
        store.putRecord(record("app", Integer.toString(i), i));
        store.append(merged(i));
      }
    } finally {
      done.set(true);
      for (Thread reader : readers) {
        reader.join(TimeUnit.SECONDS.toMillis(50));
      }
    }

    assertThat(failures).isEmpty();
    assertThat(store.recordCount()).isEqualTo(writes);
    assertThat(store.events(0)).hasSize(writes);
  }

  // ---- helpers

  private List<StoredRecord> visitAll() {
    List<StoredRecord> visited = new ArrayList<>();
    store.forEachRecord(visited::add);
    return visited;
  }

  /** Clears a list the store returned, if the list lets it. */
  private static void tryToClear(List<?> returned) {
    try {
      returned.clear();
    } catch (UnsupportedOperationException unmodifiable) {
      // as it should be, or a copy
    }
  }

  private static RecordKey key(String source, String recordId) {
    return RecordKey.of(source, recordId);
  }

  private static Identifier phone(int n) {
    return Identifier.of(IdentifierTypes.PHONE, "+86139" + (10_000_000 + n));
  }

  private static StoredRecord record(String source, String recordId, int n) {
    return new StoredRecord(key(source, recordId), List.of(phone(n)), AT.plusSeconds(n),
        List.of((long) n + 1));
  }

  private static Merged merged(long sequence) {
    return new Merged(sequence, AT, OneId.of(1), List.of(OneId.of(sequence + 1)), false);
  }

  private static List<Long> sequences(List<IdentityEvent> events) {
    List<Long> sequences = new ArrayList<>(events.size());
    for (IdentityEvent event : events) {
      sequences.add(event.sequence());
    }
    return sequences;
  }
}
