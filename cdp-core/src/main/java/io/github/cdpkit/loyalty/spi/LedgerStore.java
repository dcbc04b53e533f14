package io.github.cdpkit.loyalty.spi;

import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.LedgerEntry;
import io.github.cdpkit.loyalty.Lot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the points ledger is written: append-only entries, read back per account, and the lots
 * they leave. The service
 * writes the entries of an operation through {@link #append} before the operation's effect becomes
 * visible, so that the store holds the full, explainable history of every balance.
 *
 * <p>A service built over a store that already holds entries rebuilds from them, for every account
 * they name, the lots (with their expiry and activation), the debt, the balance and the statement,
 * and continues the sequence after the highest one stored. The ledger holds points only, so a
 * rebuilt account starts with none of the rest: its tier is the programme's lowest (the
 * tier-qualifying history, spend and orders are not in the ledger) with no override, it holds no
 * benefits, it knows no orders (a refund of an order earned before the rebuild is refused as
 * {@link io.github.cdpkit.loyalty.LoyaltyException.Reason#UNKNOWN_ORDER}), it remembers no
 * idempotency key, and a merge before the rebuild stays as the ledger left it (the points in the
 * target, the source empty but active again) and cannot be undone.
 *
 * <p>An entry reads back equal to the one appended, every field exactly: each {@link
 * io.github.cdpkit.loyalty.EntryType}, points, sequences and lot ids over the whole {@code long}
 * range, instants to the nanosecond (the clock stamps finer than milliseconds, and the rebuild
 * takes an account's start from its first entry), and the operation and source as given, in any
 * Unicode (an operation is the caller's idempotency key). The store keeps the entries, not the list
 * it was given, and the lists it returns are its own copies: neither a later append nor a change by
 * the caller changes what the other holds. The contract every implementation must pass is {@code
 * io.github.cdpkit.testkit.loyalty.LedgerStoreContract} in {@code cdp-testkit}.
 *
 * <p>Implementations must be thread-safe. The service appends for one account from one thread at a
 * time, but for different accounts concurrently, and reads an account's entries (its statement)
 * while another thread appends to it: a reader sees each batch whole or not at all.
 */
public interface LedgerStore {

  /**
   * Appends the entries of one operation, all or none. A merge appends to several accounts at once,
   * and the store must keep it one transaction; a batch may hold thousands of entries. A batch
   * refused leaves no trace, not even its accounts in {@link #accounts}.
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
   * Returns an account's lots as its entries leave them: for each lot the entries name, the sum of
   * their points, with the lot's expiry and activation; lots left empty are omitted. Ordered as a
   * burn consumes them, earliest expiry first, then the oldest lot; the debt (a negative lot id)
   * last, after any lot that never expires. The default derives them from {@link #entries}; a
   * store may answer from an index of its own, with the same result.
   *
   * @param account the account
   * @return the lots that hold points or debt
   */
  default List<Lot> lots(AccountKey account) {
    Map<Long, Lot> lots = new HashMap<>();
    for (LedgerEntry entry : entries(account)) {
      Lot lot = lots.get(entry.lot());
      long remaining = (lot == null ? 0 : lot.remaining()) + entry.points();
      lots.put(entry.lot(),
          new Lot(entry.lot(), remaining, entry.expiresAt(), entry.activatesAt()));
    }
    List<Lot> held = new ArrayList<>();
    for (Lot lot : lots.values()) {
      if (lot.remaining() != 0) {
        held.add(lot);
      }
    }
    held.sort(Comparator.comparing((Lot lot) -> lot.id() < 0)
        .thenComparing(Lot::expiresAt).thenComparingLong(Lot::id));
    return held;
  }

  /**
   * Returns the accounts that have entries, each once.
   *
   * @return the accounts, in no particular order
   */
  List<AccountKey> accounts();
}
