package io.github.cdpkit.testkit;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import io.github.cdpkit.profile.spi.ProfileRecord;
import io.github.cdpkit.profile.spi.ProfileStore;
import java.util.Optional;
import java.util.function.Consumer;

/** Passes every call to a new, empty in-memory store; subclasses break one rule. */
class ForwardingProfileStore implements ProfileStore {

  private final ProfileStore delegate = new InMemoryProfileStore();

  @Override
  public Optional<ProfileRecord> get(RecordKey key) {
    return delegate.get(key);
  }

  @Override
  public void put(ProfileRecord record) {
    delegate.put(record);
  }

  @Override
  public boolean remove(RecordKey key) {
    return delegate.remove(key);
  }

  @Override
  public void forEach(Consumer<ProfileRecord> visitor) {
    delegate.forEach(visitor);
  }

  @Override
  public int size() {
    return delegate.size();
  }
}
