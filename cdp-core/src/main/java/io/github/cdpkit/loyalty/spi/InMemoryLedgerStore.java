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
    // One look-up per entry: a merge's batch alternates between its accounts.
    Map<AccountKey, Run> runs = new HashMap<>();
    for (LedgerEntry entry : batch) {
      Run run = runs.computeIfAbsent(entry.account(), account -> new Run(lastSequence(account)));
      if (entry.sequence() <= run.last) {
        throw new IllegalArgumentException("entry sequence must increase within account "
            + entry.account() + ": " + entry.sequence() + " after " + run.last);
      }
      run.last = entry.sequence();
      run.entries.add(entry);
    }
    runs.forEach((account, run) ->
        entries.computeIfAbsent(account, key -> new ArrayList<>()).addAll(run.entries));
  }

  /** One account's entries of a batch, and the last sequence checked. */
  private static final class Run {

    final List<LedgerEntry> entries = new ArrayList<>();
    long last;

    Run(long last) {
      this.last = last;
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
