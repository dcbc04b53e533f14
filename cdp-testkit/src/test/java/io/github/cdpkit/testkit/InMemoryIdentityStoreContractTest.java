package io.github.cdpkit.testkit;

import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.testkit.identity.IdentityStoreContract;

/**
 * Runs the {@link IdentityStore} contract against the default in-memory store, from a package other
 * than the contract's, as a user's test would.
 */
class InMemoryIdentityStoreContractTest extends IdentityStoreContract {

  @Override
  protected IdentityStore newStore() {
    return new InMemoryIdentityStore();
  }
}
