package io.github.cdpkit.testkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.Redacted;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link IdentityStore} that makes each change atomic: what a change run in
 * {@link IdentityStore#atomically} writes is kept as a whole when the change returns, and undone as
 * a whole when it throws, so that a resolver built over the store after a failure starts exactly
 * where the last change that succeeded left off.
 *
 * <p>Extend it instead of {@link IdentityStoreContract} for a store that overrides
 * {@code atomically} with transactions; it runs the whole contract, and these tests besides. A
 * store that keeps the default {@code atomically} (a failure part-way keeps what was written before
 * it, as {@link io.github.cdpkit.identity.spi.InMemoryIdentityStore} does) passes
 * {@link IdentityStoreContract} only.
 *
 * <pre>{@code
 * class JdbcIdentityStoreTest extends AtomicIdentityStoreContract {
 *   @Override
 *   protected IdentityStore newStore() {
 *     return new JdbcIdentityStore(freshDataSource());
 *   }
 * }
 * }</pre>
 */
public abstract class AtomicIdentityStoreContract extends IdentityStoreContract {

  private static final Instant AT = Instant.parse("2025-03-01T08:30:15.123Z");

  private static final ManualDecision FILLED_DECISION =
      ManualDecision.cannotLink(RecordKey.of("tmall", "1"), RecordKey.of("tmall", "2"));

  /** For subclasses. */
  protected AtomicIdentityStoreContract() {}

  /**
   * A change that throws leaves nothing of any kind of write it made: records put, replaced and
   * removed, the last issued id, decisions put and removed, denied hashes, events appended and
   * replaced. What it threw comes out as it was thrown.
   */
  @Test
  public void shouldUndoEveryWriteOfAChangeThatThrows() {
    IllegalStateException diskFull = new IllegalStateException("disk full");

    assertUndoneAfter(() -> {
      throw diskFull;
    }, diskFull);
  }

  /** An {@link Error} thrown by a change undoes its writes too, and comes out as it was thrown. */
  @Test
  public void shouldUndoEveryWriteOfAChangeThatThrowsAnError() {
    Error outOfMemory = new OutOfMemoryError("simulated by the contract test");

    assertUndoneAfter(() -> {
      throw outOfMemory;
    }, outOfMemory);
  }

  /**
   * A checked exception that a change throws without declaring it (code in another JVM language,
   * or Java that rethrows it unchecked) undoes its writes too, and comes out as it was thrown:
   * catch {@code Throwable}, not only {@code RuntimeException} and {@code Error}.
   */
  @Test
  public void shouldUndoEveryWriteOfAChangeThatThrowsACheckedExceptionUndeclared() {
    IOException diskGone = new IOException("the disk is gone");

    assertUndoneAfter(() -> AtomicIdentityStoreContract.<RuntimeException>throwUndeclared(diskGone),
        diskGone);
  }

  /**
   * A change that returns keeps every kind of write it made, as the same writes made outside a
   * change leave the reference store: none is lost at the commit.
   */
  @Test
  public void shouldKeepEveryWriteOfAChangeThatReturns() {
    IdentityStore store = store();
    IdentityStore outsideAChange = new InMemoryIdentityStore();
    for (IdentityStore each : List.of(store, outsideAChange)) {
      fill(each);
    }
    writeEverything(outsideAChange);

    String result = store.atomically(() -> {
      writeEverything(store);
      return "committed";
    });

    assertThat(result).isEqualTo("committed");
    assertThat(Picture.of(store)).isEqualTo(Picture.of(outsideAChange));
  }

  /**
   * A change reads what it wrote, through every read: a store that holds a change's writes aside
   * until it commits must answer its reads from them too (the resolver reads the last issued id and
   * the events it appended while a change runs).
   */
  @Test
  public void shouldLetAChangeReadEveryKindOfItsOwnWrites() {
    IdentityStore store = store();
    IdentityStore outsideAChange = new InMemoryIdentityStore();
    for (IdentityStore each : List.of(store, outsideAChange)) {
      fill(each);
    }
    writeEverything(outsideAChange);
    Picture expected = Picture.of(outsideAChange);

    Picture inside = store.atomically(() -> {
      writeEverything(store);
      assertThat(store.record(RecordKey.of("jd", "3"))).contains(record("jd", "3", 3));
      assertThat(store.isDenied("hash-2")).isTrue();
      assertThat(store.events(List.of(2L, 3L))).isEqualTo(expected.events().subList(1, 3));
      return Picture.of(store);
    });

    assertThat(inside).isEqualTo(expected);
  }

  /**
   * Every change that throws is undone, not only the first, and every change that returns is kept,
   * however they alternate on one store.
   */
  @Test
  public void shouldUndoEveryFailedChangeAndKeepEverySuccessfulOne() {
    IdentityStore store = store();
    IllegalStateException refused = new IllegalStateException("refused");

    for (int round = 1; round <= 3; round++) {
      int kept = 2 * round;
      int undone = 2 * round - 1;
      assertThatThrownBy(() -> store.atomically(() -> {
        store.putRecord(record("app", Integer.toString(undone), undone));
        store.setLastIssuedId(undone);
        store.append(merged(undone));
        throw refused;
      })).isSameAs(refused);
      store.atomically(() -> {
        store.putRecord(record("app", Integer.toString(kept), kept));
        store.setLastIssuedId(kept);
        store.append(merged(kept));
        return null;
      });
    }

    assertThat(Picture.of(store).records()).containsExactly(
        record("app", "2", 2), record("app", "4", 4), record("app", "6", 6));
    assertThat(store.recordCount()).isEqualTo(3);
    assertThat(store.lastIssuedId()).isEqualTo(6);
    assertThat(store.events(0)).containsExactly(merged(2), merged(4), merged(6));
  }

  /**
   * A change runs exactly once, whether it succeeds or fails: a store that retries a transaction
   * must give up and throw instead of running the change again.
   */
  @Test
  public void shouldRunAChangeExactlyOnce() {
    IdentityStore store = store();
    AtomicInteger runs = new AtomicInteger();

    store.atomically(() -> {
      runs.incrementAndGet();
      store.putRecord(record("app", "1", 1));
      return null;
    });
    assertThatThrownBy(() -> store.atomically(() -> {
      runs.incrementAndGet();
      throw new IllegalStateException("refused");
    })).hasMessage("refused");

    assertThat(runs).hasValue(2);
  }

  /**
   * Runs a change that makes every kind of write and then runs {@code fails}, which throws
   * {@code failure}, and checks that the store is as it was.
   */
  private void assertUndoneAfter(Runnable fails, Throwable failure) {
    IdentityStore store = store();
    fill(store);
    Picture before = Picture.of(store);

    assertThatThrownBy(() -> store.atomically(() -> {
      writeEverything(store);
      fails.run();
      return null;
    })).isSameAs(failure);

    assertThat(Picture.of(store)).isEqualTo(before);
    assertThat(store.isDenied("hash-2")).isFalse();
  }

  /** Gives a store two records, an issued id, a decision, a denied hash and two events. */
  private static void fill(IdentityStore store) {
    store.putRecord(record("tmall", "1", 1));
    store.putRecord(record("tmall", "2", 2));
    store.setLastIssuedId(3);
    store.putDecision(FILLED_DECISION);
    store.deny("hash-1");
    store.append(merged(1));
    store.append(merged(2));
  }

  /** Makes every kind of write on a store that {@link #fill} filled. */
  private static void writeEverything(IdentityStore store) {
    RecordKey kept = RecordKey.of("tmall", "1");
    store.putRecord(record("jd", "3", 3));
    store.putRecord(new StoredRecord(kept, List.of(phone(9)), AT, List.of()));
    store.removeRecord(RecordKey.of("tmall", "2"));
    store.setLastIssuedId(9);
    store.putDecision(ManualDecision.mustLink(kept, RecordKey.of("jd", "3")));
    store.removeDecision(FILLED_DECISION);
    store.deny("hash-2");
    store.append(merged(3));
    store.replaceEvent(new Redacted(2, AT, "Merged", OneId.of(1)));
  }

  /** Everything a store holds, as its reads give it. */
  private record Picture(List<StoredRecord> records, long recordCount, long lastIssuedId,
      List<ManualDecision> decisions, List<String> deniedHashes, List<IdentityEvent> events) {

    static Picture of(IdentityStore store) {
      List<StoredRecord> records = new ArrayList<>();
      store.forEachRecord(records::add);
      return new Picture(records, store.recordCount(), store.lastIssuedId(),
          List.copyOf(store.decisions()), List.copyOf(store.deniedHashes()),
          List.copyOf(store.events(0)));
    }
  }

  /** Throws {@code failure} from code that may throw only unchecked exceptions. */
  @SuppressWarnings("unchecked") // erased: the cast checks nothing, so the exception leaves as is
  private static <E extends Throwable> void throwUndeclared(Throwable failure) throws E {
    throw (E) failure;
  }

  private static Identifier phone(int n) {
    return Identifier.of(IdentifierTypes.PHONE, "+86139" + (10_000_000 + n));
  }

  private static StoredRecord record(String source, String recordId, int n) {
    return new StoredRecord(RecordKey.of(source, recordId), List.of(phone(n)), AT.plusSeconds(n),
        List.of((long) n + 1));
  }

  private static Merged merged(long sequence) {
    return new Merged(sequence, AT, OneId.of(1), List.of(OneId.of(sequence + 1)), false);
  }
}
