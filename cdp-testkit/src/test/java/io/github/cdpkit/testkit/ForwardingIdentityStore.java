package io.github.cdpkit.testkit;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Passes every call to another store, except {@code events(sequences)} and {@code atomically}, left
 * to the interface's defaults; subclasses break one rule, or add one.
 */
class ForwardingIdentityStore implements IdentityStore {

  private IdentityStore delegate;

  /** Passes every call to a new, empty in-memory store. */
  ForwardingIdentityStore() {
    delegate = new InMemoryIdentityStore();
  }

  /** The store the calls go to now. */
  IdentityStore delegate() {
    return delegate;
  }

  /** Sends the calls from now on to {@code next}. */
  void delegateTo(IdentityStore next) {
    delegate = next;
  }

  @Override
  public void putRecord(StoredRecord record) {
    delegate.putRecord(record);
  }

  @Override
  public boolean removeRecord(RecordKey key) {
    return delegate.removeRecord(key);
  }

  @Override
  public Optional<StoredRecord> record(RecordKey key) {
    return delegate.record(key);
  }

  @Override
  public void forEachRecord(Consumer<? super StoredRecord> action) {
    delegate.forEachRecord(action);
  }

  @Override
  public long recordCount() {
    return delegate.recordCount();
  }

  @Override
  public long lastIssuedId() {
    return delegate.lastIssuedId();
  }

  @Override
  public void setLastIssuedId(long value) {
    delegate.setLastIssuedId(value);
  }

  @Override
  public void putDecision(ManualDecision decision) {
    delegate.putDecision(decision);
  }

  @Override
  public boolean removeDecision(ManualDecision decision) {
    return delegate.removeDecision(decision);
  }

  @Override
  public List<ManualDecision> decisions() {
    return delegate.decisions();
  }

  @Override
  public void deny(String hash) {
    delegate.deny(hash);
  }

  @Override
  public boolean isDenied(String hash) {
    return delegate.isDenied(hash);
  }

  @Override
  public List<String> deniedHashes() {
    return delegate.deniedHashes();
  }

  @Override
  public void append(IdentityEvent event) {
    delegate.append(event);
  }

  @Override
  public void replaceEvent(IdentityEvent event) {
    delegate.replaceEvent(event);
  }

  @Override
  public List<IdentityEvent> events(long afterSequence) {
    return delegate.events(afterSequence);
  }
}
