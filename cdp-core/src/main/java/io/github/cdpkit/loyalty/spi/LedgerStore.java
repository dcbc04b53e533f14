package io.github.cdpkit.loyalty.spi;

import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.LedgerEntry;
import java.util.List;

/**
 * Where the points ledger is written: append-only entries, read back per account. The service
 * writes the entries of an operation through {@link #append} before the operation's effect becomes
 * visible, so that the store holds the full, explainable history of every balance.
 *
 * <p>Implementations must be thread-safe. The service appends for one account from one thread at a
 * time, but for different accounts concurrently.
 */
public interface LedgerStore {

  /**
   * Appends the entries of one operation, all or none. A merge appends to several accounts at once,
   * and the store must keep it one transaction.
   *
   * @param entries the entries, in order
   * @throws IllegalArgumentException if an entry's sequence is not greater than every sequence
   *     stored or given before it for the same account; nothing is then stored
   */
  void append(List<LedgerEntry> entries);

  /**
   * Returns an account's entries in the order they were appended.
   *
   * @param account the account
   * @return the entries; empty for an account never written
   */
  List<LedgerEntry> entries(AccountKey account);

  /**
   * Returns the accounts that have entries.
   *
   * @return the accounts, in no particular order
   */
  List<AccountKey> accounts();
}
