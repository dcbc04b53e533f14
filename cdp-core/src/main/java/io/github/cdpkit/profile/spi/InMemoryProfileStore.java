package io.github.cdpkit.profile.spi;

import io.github.cdpkit.identity.RecordKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The default {@link ProfileStore}: a concurrent map in the heap, lost when the process ends. */
public final class InMemoryProfileStore implements ProfileStore {

  private final Map<RecordKey, ProfileRecord> records = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryProfileStore() {}

  @Override
  public Optional<ProfileRecord> get(RecordKey key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public void put(ProfileRecord record) {
    Objects.requireNonNull(record, "record");
    records.put(record.key(), record);
  }

  @Override
  public boolean remove(RecordKey key) {
    return records.remove(key) != null;
  }

  @Override
  public void forEach(Consumer<ProfileRecord> visitor) {
    records.values().forEach(visitor);
  }

  @Override
  public int size() {
    return records.size();
  }
}
