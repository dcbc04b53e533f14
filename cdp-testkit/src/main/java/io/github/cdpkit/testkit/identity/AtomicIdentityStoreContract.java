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
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
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

  /** The store takes changes again after undoing one, and keeps theirs. */
  @Test
  public void shouldKeepTheWritesOfAChangeAfterOneWasUndone() {
    IdentityStore store = store();
    IllegalStateException refused = new IllegalStateException("refused");
    assertThatThrownBy(() -> store.atomically(() -> {
      store.putRecord(record("app", "1", 1));
      store.setLastIssuedId(1);
      throw refused;
    })).isSameAs(refused);

    store.atomically(() -> {
      store.putRecord(record("app", "2", 2));
      store.setLastIssuedId(2);
      store.append(merged(1));
      return null;
    });

    assertThat(store.record(RecordKey.of("app", "1"))).isEmpty();
    assertThat(store.record(RecordKey.of("app", "2"))).contains(record("app", "2", 2));
    assertThat(store.recordCount()).isEqualTo(1);
    assertThat(store.lastIssuedId()).isEqualTo(2);
    assertThat(store.events(0)).containsExactly(merged(1));
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
    StoredRecord kept = record("tmall", "1", 1);
    StoredRecord removed = record("tmall", "2", 2);
    ManualDecision decision = ManualDecision.cannotLink(kept.key(), removed.key());
    store.putRecord(kept);
    store.putRecord(removed);
    store.setLastIssuedId(3);
    store.putDecision(decision);
    store.deny("hash-1");
    store.append(merged(1));
    store.append(merged(2));
    Picture before = Picture.of(store);

    assertThatThrownBy(() -> store.atomically(() -> {
      store.putRecord(record("jd", "3", 3));
      store.putRecord(new StoredRecord(kept.key(), List.of(phone(9)), AT, List.of()));
      store.removeRecord(removed.key());
      store.setLastIssuedId(9);
      store.putDecision(ManualDecision.mustLink(kept.key(), RecordKey.of("jd", "3")));
      store.removeDecision(decision);
      store.deny("hash-2");
      store.append(merged(3));
      store.replaceEvent(new Redacted(2, AT, "Merged", OneId.of(1)));
      fails.run();
      return null;
    })).isSameAs(failure);

    assertThat(Picture.of(store)).isEqualTo(before);
    assertThat(store.isDenied("hash-2")).isFalse();
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
