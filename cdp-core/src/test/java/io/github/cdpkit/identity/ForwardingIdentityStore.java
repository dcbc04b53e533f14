package io.github.cdpkit.identity;

import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A store that forwards every call to another, for tests to override the calls they break. */
class ForwardingIdentityStore implements IdentityStore {

  private final Supplier<? extends IdentityStore> delegate;

  /** Forwards to whatever store {@code delegate} gives at each call. */
  ForwardingIdentityStore(Supplier<? extends IdentityStore> delegate) {
    this.delegate = delegate;
  }

  IdentityStore delegate() {
    return delegate.get();
  }

  @Override
  public void putRecord(StoredRecord record) {
    delegate().putRecord(record);
  }

  @Override
  public boolean removeRecord(RecordKey key) {
    return delegate().removeRecord(key);
  }

  @Override
  public Optional<StoredRecord> record(RecordKey key) {
    return delegate().record(key);
  }

  @Override
  public void forEachRecord(Consumer<? super StoredRecord> action) {
    delegate().forEachRecord(action);
  }

  @Override
  public long recordCount() {
    return delegate().recordCount();
  }

  @Override
  public long lastIssuedId() {
    return delegate().lastIssuedId();
  }

  @Override
  public void setLastIssuedId(long value) {
    delegate().setLastIssuedId(value);
  }

  @Override
  public void putDecision(ManualDecision decision) {
    delegate().putDecision(decision);
  }

  @Override
  public boolean removeDecision(ManualDecision decision) {
    return delegate().removeDecision(decision);
  }

  @Override
  public List<ManualDecision> decisions() {
    return delegate().decisions();
  }

  @Override
  public void deny(String hash) {
    delegate().deny(hash);
  }

  @Override
  public boolean isDenied(String hash) {
    return delegate().isDenied(hash);
  }

  @Override
  public List<String> deniedHashes() {
    return delegate().deniedHashes();
  }

  @Override
  public void append(IdentityEvent event) {
    delegate().append(event);
  }

  @Override
  public void replaceEvent(IdentityEvent event) {
    delegate().replaceEvent(event);
  }

  @Override
  public List<IdentityEvent> events(long afterSequence) {
    return delegate().events(afterSequence);
  }

  @Override
  public List<IdentityEvent> events(Collection<Long> sequences) {
    return delegate().events(sequences);
  }

  @Override
  public <T> T atomically(Supplier<T> change) {
    return delegate().atomically(change);
  }
}
