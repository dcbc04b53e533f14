package io.github.cdpkit.testkit;

import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.LedgerEntry;
import io.github.cdpkit.loyalty.spi.InMemoryLedgerStore;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import java.util.List;

/**
 * Passes every call to a new, empty in-memory store, except {@code lots}, left to the interface's
 * default; subclasses break one rule.
 */
class ForwardingLedgerStore implements LedgerStore {

  private final LedgerStore delegate = new InMemoryLedgerStore();

  @Override
  public void append(List<LedgerEntry> entries) {
    delegate.append(entries);
  }

  @Override
  public List<LedgerEntry> entries(AccountKey account) {
    return delegate.entries(account);
  }

  @Override
  public List<AccountKey> accounts() {
    return delegate.accounts();
  }
}
