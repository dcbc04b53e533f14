package io.github.cdpkit.testkit;

import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.testkit.identity.AtomicIdentityStoreContract;
import java.util.function.Supplier;

/**
 * Runs the contract of an atomic store against the simplest one there is, from a package other
 * than the contract's, as a user's test would.
 */
class RollingBackIdentityStoreContractTest extends AtomicIdentityStoreContract {

  @Override
  protected IdentityStore newStore() {
    return new RollingBack();
  }

  /** An in-memory store that undoes a failed change by going back to a copy taken before it. */
  static class RollingBack extends ForwardingIdentityStore {

    @Override
    public <T> T atomically(Supplier<T> change) {
      IdentityStore before = copyOf(delegate());
      try {
        return change.get();
      } catch (Throwable e) { // a checked exception thrown undeclared is rethrown as it is
        delegateTo(before);
        throw e;
      }
    }

    /** A new in-memory store holding what {@code store} holds, in the same order. */
    static IdentityStore copyOf(IdentityStore store) {
      InMemoryIdentityStore copy = new InMemoryIdentityStore();
      store.forEachRecord(copy::putRecord);
      copy.setLastIssuedId(store.lastIssuedId());
      store.decisions().forEach(copy::putDecision);
      store.deniedHashes().forEach(copy::deny);
      store.events(0).forEach(copy::append);
      return copy;
    }
  }
}
