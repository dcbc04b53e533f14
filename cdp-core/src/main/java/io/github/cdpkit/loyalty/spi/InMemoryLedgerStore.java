package io.github.cdpkit.loyalty.spi;

import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.LedgerEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The default {@link LedgerStore}: every entry on the heap, nothing durable. Thread-safe; every
 * method holds the store's monitor for its duration.
 */
public final class InMemoryLedgerStore implements LedgerStore {

  private final Map<AccountKey, List<LedgerEntry>> entries = new HashMap<>();

  /** Creates an empty store. */
  public InMemoryLedgerStore() {}

  @Override
  public synchronized void append(List<LedgerEntry> batch) {
    Map<AccountKey, Long> last = new HashMap<>();
    for (LedgerEntry entry : batch) {
      long previous = last.computeIfAbsent(entry.account(), this::lastSequence);
      if (entry.sequence() <= previous) {
        throw new IllegalArgumentException("entry sequence must increase within account "
            + entry.account() + ": " + entry.sequence() + " after " + previous);
      }
      last.put(entry.account(), entry.sequence());
    }
    for (LedgerEntry entry : batch) {
      entries.computeIfAbsent(entry.account(), account -> new ArrayList<>()).add(entry);
    }
  }

  private long lastSequence(AccountKey account) {
    List<LedgerEntry> list = entries.get(account);
    return list == null || list.isEmpty() ? 0 : list.get(list.size() - 1).sequence();
  }

  @Override
  public synchronized List<LedgerEntry> entries(AccountKey account) {
    return List.copyOf(entries.getOrDefault(account, List.of()));
  }

  @Override
  public synchronized List<AccountKey> accounts() {
    return List.copyOf(entries.keySet());
  }
}
