package io.github.cdpkit.testkit;

import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import io.github.cdpkit.profile.spi.ProfileStore;
import io.github.cdpkit.testkit.profile.ProfileStoreContract;

/**
 * Runs the {@link ProfileStore} contract against the default in-memory store, from a package other
 * than the contract's, as a user's test would.
 */
class InMemoryProfileStoreContractTest extends ProfileStoreContract {

  @Override
  protected ProfileStore newStore() {
    return new InMemoryProfileStore();
  }
}
