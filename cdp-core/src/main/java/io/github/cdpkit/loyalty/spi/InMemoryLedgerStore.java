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
    Map<AccountKey, List<LedgerEntry>> runs = byAccount(batch);
    runs.forEach((account, run) -> {
      long last = lastSequence(account);
      for (LedgerEntry entry : run) {
        if (entry.sequence() <= last) {
          throw new IllegalArgumentException("entry sequence must increase within account "
              + account + ": " + entry.sequence() + " after " + last);
        }
        last = entry.sequence();
      }
    });
    runs.forEach((account, run) ->
        entries.computeIfAbsent(account, key -> new ArrayList<>()).addAll(run));
  }

  /** Splits a batch by account, keeping the order within each. */
  private static Map<AccountKey, List<LedgerEntry>> byAccount(List<LedgerEntry> batch) {
    if (batch.isEmpty()) {
      return Map.of();
    }
    // Most batches are one account's, and need no map of their own; a merge's alternates between
    // its accounts, so it is grouped with one look-up per entry.
    AccountKey first = batch.get(0).account();
    boolean one = true;
    for (LedgerEntry entry : batch) {
      if (!entry.account().equals(first)) {
        one = false;
        break;
      }
    }
    if (one) {
      return Map.of(first, batch);
    }
    Map<AccountKey, List<LedgerEntry>> runs = new HashMap<>();
    for (LedgerEntry entry : batch) {
      runs.computeIfAbsent(entry.account(), account -> new ArrayList<>()).add(entry);
    }
    return runs;
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
