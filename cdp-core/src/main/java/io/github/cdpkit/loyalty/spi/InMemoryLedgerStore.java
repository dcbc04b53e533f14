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
    // A batch holds long runs of one account's entries (a merge: all of a source's, then all of
    // the target's); each run looks its account up once.
    Map<AccountKey, Long> last = new HashMap<>();
    AccountKey account = null;
    long previous = 0;
    for (LedgerEntry entry : batch) {
      if (!entry.account().equals(account)) {
        if (account != null) {
          last.put(account, previous);
        }
        account = entry.account();
        previous = last.computeIfAbsent(account, this::lastSequence);
      }
      if (entry.sequence() <= previous) {
        throw new IllegalArgumentException("entry sequence must increase within account "
            + entry.account() + ": " + entry.sequence() + " after " + previous);
      }
      previous = entry.sequence();
    }
    account = null;
    List<LedgerEntry> list = List.of();
    for (LedgerEntry entry : batch) {
      if (!entry.account().equals(account)) {
        account = entry.account();
        list = entries.computeIfAbsent(account, key -> new ArrayList<>());
      }
      list.add(entry);
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
