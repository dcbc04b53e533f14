package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The resolver's store, watched: the first thing it throws to the thread making a change is kept,
 * as the reason why the resolver's graph may hold what the store does not (see
 * {@link IdentityStore}, "Failures"). What it throws to readers, or what a change throws by itself
 * (bad input, found before anything changes), is only passed on.
 */
final class WatchedStore implements IdentityStore {

  private final IdentityStore store;
  // The thread between beginChange and endChange: the resolver's writer, under its write lock.
  private volatile @Nullable Thread changing;
  private volatile @Nullable Throwable failure;

  WatchedStore(IdentityStore store) {
    this.store = store;
  }

  /** Marks the calling thread as the one making a change, until {@link #endChange}. */
  void beginChange() {
    changing = Thread.currentThread();
  }

  void endChange() {
    changing = null;
  }

  /** What the store threw during a change, if it did; kept for good. */
  @Nullable Throwable failure() {
    return failure;
  }

  private <T> T watch(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException | Error e) {
      failed(e);
      throw e;
    }
  }

  private void watchRun(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | Error e) {
      failed(e);
      throw e;
    }
  }

  private void failed(Throwable e) {
    if (Thread.currentThread() == changing && failure == null) {
      failure = e;
    }
  }

  /**
   * Runs the change through the store's own {@link IdentityStore#atomically}: what the change
   * throws by itself is passed on, what the store throws around it (a commit that failed) is kept.
   */
  @Override
  public <T> T atomically(Supplier<T> change) {
    boolean[] changeThrew = {false};
    try {
      return store.atomically(() -> {
        try {
          return change.get();
        } catch (RuntimeException | Error e) {
          changeThrew[0] = true;
          throw e;
        }
      });
    } catch (RuntimeException | Error e) {
      if (!changeThrew[0]) {
        failed(e);
      }
      throw e;
    }
  }

  @Override
  public void putRecord(StoredRecord record) {
    watchRun(() -> store.putRecord(record));
  }

  @Override
  public boolean removeRecord(RecordKey key) {
    return watch(() -> store.removeRecord(key));
  }

  @Override
  public Optional<StoredRecord> record(RecordKey key) {
    return watch(() -> store.record(key));
  }

  @Override
  public void forEachRecord(Consumer<? super StoredRecord> action) {
    watchRun(() -> store.forEachRecord(action));
  }

  @Override
  public long recordCount() {
    return watch(store::recordCount);
  }

  @Override
  public long lastIssuedId() {
    return watch(store::lastIssuedId);
  }

  @Override
  public void setLastIssuedId(long value) {
    watchRun(() -> store.setLastIssuedId(value));
  }

  @Override
  public void putDecision(ManualDecision decision) {
    watchRun(() -> store.putDecision(decision));
  }

  @Override
  public boolean removeDecision(ManualDecision decision) {
    return watch(() -> store.removeDecision(decision));
  }

  @Override
  public List<ManualDecision> decisions() {
    return watch(store::decisions);
  }

  @Override
  public void deny(String hash) {
    watchRun(() -> store.deny(hash));
  }

  @Override
  public boolean isDenied(String hash) {
    return watch(() -> store.isDenied(hash));
  }

  @Override
  public List<String> deniedHashes() {
    return watch(store::deniedHashes);
  }

  @Override
  public void append(IdentityEvent event) {
    watchRun(() -> store.append(event));
  }

  @Override
  public void replaceEvent(IdentityEvent event) {
    watchRun(() -> store.replaceEvent(event));
  }

  @Override
  public List<IdentityEvent> events(long afterSequence) {
    return watch(() -> store.events(afterSequence));
  }

  @Override
  public List<IdentityEvent> events(Collection<Long> sequences) {
    return watch(() -> store.events(sequences));
  }
}
