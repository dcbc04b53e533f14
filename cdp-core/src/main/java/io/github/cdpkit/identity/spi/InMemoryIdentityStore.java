package io.github.cdpkit.identity.spi;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.IdentityEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The default {@link IdentityStore}: everything on the heap, nothing durable. Thread-safe; every
 * method holds the store's monitor for its duration.
 */
public final class InMemoryIdentityStore implements IdentityStore {

  private final Map<RecordKey, StoredRecord> records = new LinkedHashMap<>();
  private final Set<ManualDecision> decisions = new LinkedHashSet<>();
  private final Set<String> denied = new LinkedHashSet<>();
  private final List<IdentityEvent> events = new ArrayList<>();
  private long lastIssuedId;

  /** Creates an empty store. */
  public InMemoryIdentityStore() {}

  @Override
  public synchronized void putRecord(StoredRecord record) {
    records.put(record.key(), record);
  }

  @Override
  public synchronized boolean removeRecord(RecordKey key) {
    return records.remove(key) != null;
  }

  @Override
  public synchronized Optional<StoredRecord> record(RecordKey key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public void forEachRecord(Consumer<? super StoredRecord> action) {
    List<StoredRecord> copy;
    synchronized (this) {
      copy = new ArrayList<>(records.values());
    }
    copy.forEach(action);
  }

  @Override
  public synchronized long recordCount() {
    return records.size();
  }

  @Override
  public synchronized long lastIssuedId() {
    return lastIssuedId;
  }

  @Override
  public synchronized void setLastIssuedId(long value) {
    if (value < lastIssuedId) {
      throw new IllegalArgumentException(
          "last issued id cannot go back from " + lastIssuedId + " to " + value);
    }
    lastIssuedId = value;
  }

  @Override
  public synchronized void putDecision(ManualDecision decision) {
    decisions.add(decision);
  }

  @Override
  public synchronized boolean removeDecision(ManualDecision decision) {
    return decisions.remove(decision);
  }

  @Override
  public synchronized List<ManualDecision> decisions() {
    return List.copyOf(decisions);
  }

  @Override
  public synchronized void deny(String hash) {
    denied.add(hash);
  }

  @Override
  public synchronized boolean isDenied(String hash) {
    return denied.contains(hash);
  }

  @Override
  public synchronized List<String> deniedHashes() {
    return List.copyOf(denied);
  }

  @Override
  public synchronized void append(IdentityEvent event) {
    if (!events.isEmpty() && event.sequence() <= events.get(events.size() - 1).sequence()) {
      throw new IllegalArgumentException("event sequence must increase: " + event.sequence()
          + " after " + events.get(events.size() - 1).sequence());
    }
    events.add(event);
  }

  @Override
  public synchronized void replaceEvent(IdentityEvent event) {
    int at = firstAfter(event.sequence() - 1);
    if (at == events.size() || events.get(at).sequence() != event.sequence()) {
      throw new IllegalArgumentException(
          "no stored event has sequence " + event.sequence() + " to be replaced by " + event);
    }
    events.set(at, event);
  }

  @Override
  public synchronized List<IdentityEvent> events(long afterSequence) {
    return List.copyOf(events.subList(firstAfter(afterSequence), events.size()));
  }

  /** Finds each event by binary search: the cost of an erasure's few reads, not the history's. */
  @Override
  public synchronized List<IdentityEvent> events(Collection<Long> sequences) {
    long[] wanted = sequences.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    List<IdentityEvent> found = new ArrayList<>(wanted.length);
    for (long sequence : wanted) {
      int at = firstAfter(sequence - 1);
      if (at < events.size() && events.get(at).sequence() == sequence) {
        found.add(events.get(at));
      }
    }
    return List.copyOf(found);
  }

  /** The index of the first event whose sequence number is greater than {@code sequence}. */
  private int firstAfter(long sequence) {
    int low = 0;
    int high = events.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (events.get(mid).sequence() <= sequence) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
