package io.github.cdpkit.testkit;

import io.github.cdpkit.loyalty.spi.InMemoryLedgerStore;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import io.github.cdpkit.testkit.loyalty.LedgerStoreContract;

/** Runs the {@link LedgerStore} contract against the default in-memory store. */
class InMemoryLedgerStoreContractTest extends LedgerStoreContract {

  @Override
  protected LedgerStore newStore() {
    return new InMemoryLedgerStore();
  }
}
