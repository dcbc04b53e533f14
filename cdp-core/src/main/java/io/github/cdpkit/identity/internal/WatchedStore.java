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
 * The resolver's store, watched during a change: the first thing that fails while a change is open
 * is kept, as the reason why the resolver's graph may hold what the store does not (see
 * {@link IdentityStore}, "Failures"). That is anything the store throws, on any thread, and
 * anything the change throws by itself, unless the resolver said first that it refused bad input
 * before changing anything ({@link #refusing}). Outside a change, failures are only passed on.
 *
 * <p>The resolver reads its history outside changes through the store itself, not through this.
 */
final class WatchedStore implements IdentityStore {

  private final IdentityStore store;
  // Between beginChange and endChange, which the resolver calls under its write lock.
  private volatile boolean changing;
  private volatile boolean refused; // set by the change, read once the store has run it
  private volatile @Nullable Throwable failure;

  WatchedStore(IdentityStore store) {
    this.store = store;
  }

  /** Opens a change, until {@link #endChange}. */
  void beginChange() {
    refused = false;
    changing = true;
  }

  void endChange() {
    changing = false;
  }

  /**
   * Notes that the change under way refuses bad input, about to throw, and has changed nothing:
   * what it throws is not kept.
   */
  void refusing() {
    refused = true;
  }

  /** What failed during a change, if anything did; kept for good. */
  @Nullable Throwable failure() {
    return failure;
  }

  private void keep(Throwable e) {
    if (changing && failure == null) {
      failure = e;
    }
  }

  private <T> T watch(Supplier<T> call) {
    try {
      return call.get();
    } catch (Throwable e) { // checked ones too, from a store that throws them sneakily
      keep(e);
      throw Preparation.sneaky(e);
    }
  }

  private void watchRun(Runnable call) {
    try {
      call.run();
    } catch (Throwable e) {
      keep(e);
      throw Preparation.sneaky(e);
    }
  }

  /**
   * Runs the change once, on whatever thread the store runs it on, through the store's own
   * {@link IdentityStore#atomically}: a store that runs it twice (a retry), not at all, or returns
   * although the change threw, fails the change, since a change cannot be repeated or half made.
   */
  @Override
  public <T> T atomically(Supplier<T> change) {
    int[] runs = {0};
    boolean[] completed = {false};
    try {
      T result = store.atomically(() -> {
        if (++runs[0] > 1) {
          throw new IllegalStateException("the store ran a change of the resolver twice: a change"
              + " cannot be repeated, only rolled back");
        }
        T made = change.get();
        completed[0] = true;
        return made;
      });
      if (runs[0] == 0) {
        throw new IllegalStateException("the store's atomically did not run the resolver's change");
      }
      if (!completed[0]) {
        throw new IllegalStateException(
            "the store's atomically returned although the resolver's change failed");
      }
      return result;
    } catch (Throwable e) {
      if (!refused) {
        keep(e);
      }
      throw Preparation.sneaky(e);
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
