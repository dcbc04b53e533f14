package io.github.cdpkit.profile;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import io.github.cdpkit.profile.spi.ProfileRecord;
import io.github.cdpkit.profile.spi.ProfileStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * An in-memory store that, on the next write after {@link #beforeNextPut} was called, first runs a
 * task on another thread and waits for it: another thread's change to the resolver lands in the
 * middle of a pool call, at a point no timing could hit reliably.
 */
final class MeddlingStore implements ProfileStore {

  private final InMemoryProfileStore inner = new InMemoryProfileStore();
  private final AtomicReference<Runnable> meddling = new AtomicReference<>();

  /** Runs {@code task} on another thread when the next contribution is written, once. */
  void beforeNextPut(Runnable task) {
    meddling.set(task);
  }

  @Override
  public Optional<ProfileRecord> get(RecordKey key) {
    return inner.get(key);
  }

  @Override
  public void put(ProfileRecord record) {
    Runnable task = meddling.getAndSet(null);
    if (task != null) {
      Thread other = new Thread(task);
      other.start();
      try {
        other.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    inner.put(record);
  }

  @Override
  public boolean remove(RecordKey key) {
    return inner.remove(key);
  }

  @Override
  public void forEach(Consumer<ProfileRecord> visitor) {
    inner.forEach(visitor);
  }

  @Override
  public int size() {
    return inner.size();
  }
}
