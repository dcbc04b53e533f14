package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.loyalty.EntryType;
import io.github.cdpkit.loyalty.LedgerEntry;
import io.github.cdpkit.loyalty.event.LoyaltyEvent;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One operation's ledger transaction, made under the locks of its accounts. Entries are planned
 * first, with nothing changed, so that a refusal leaves the accounts as they were; {@link #commit}
 * writes them to the store and only then applies them to the accounts.
 */
final class Tx {

  /** The start of time for lots active at once, such as the debt. */
  static final Instant ALWAYS = Instant.MIN;

  final Instant now;
  final String key;
  final List<LoyaltyEvent> events = new ArrayList<>();
  private final LongSupplier sequence;
  /** Every entry of the transaction, committed or not. */
  private final List<LedgerEntry> entries = new ArrayList<>();
  /** The account of each entry of {@link #entries}, at the same index. */
  private final List<Account> owners = new ArrayList<>();
  /** How many of {@link #entries} are committed: the first ones. */
  private int committed;
  private final Map<Long, Long> planned = new HashMap<>();
  private final Map<Account, Long> newDebt = new HashMap<>();
  /** The sum of the uncommitted entries' points, by account. */
  private final Map<Account, Long> plannedNet = new HashMap<>();

  Tx(Instant now, String key, LongSupplier sequence) {
    this.now = now;
    this.key = key;
    this.sequence = sequence;
  }

  /** Plans a new lot holding {@code points}; returns its id. */
  long open(Account account, EntryType type, long points, Instant expiresAt, Instant activatesAt,
      String source) {
    long id = sequence.getAsLong();
    add(account, new LedgerEntry(id, account.key, type, points, id, expiresAt, activatesAt, now,
        key, source));
    return id;
  }

  /** Plans a change of an existing (or planned) lot. */
  void change(Account account, EntryType type, long points, long lot, Instant expiresAt,
      Instant activatesAt, String source) {
    add(account, new LedgerEntry(sequence.getAsLong(), account.key, type, points, lot, expiresAt,
        activatesAt, now, key, source));
  }

  void change(Account account, EntryType type, long points, LotState lot, String source) {
    change(account, type, points, lot.id, lot.expiresAt, lot.activatesAt, source);
  }

  /** Plans a change of the account's debt, opening it if the account has none yet. */
  void changeDebt(Account account, EntryType type, long points, String source) {
    LotState debt = account.debt();
    Long planned = newDebt.get(account);
    long id;
    if (debt != null) {
      id = debt.id;
    } else if (planned != null) {
      id = planned;
    } else {
      id = -sequence.getAsLong();
      newDebt.put(account, id);
    }
    change(account, type, points, id, Instant.MAX, ALWAYS, source);
  }

  /** The points a lot holds once the planned entries apply. */
  long left(LotState lot) {
    return lot.remaining + planned.getOrDefault(lot.id, 0L);
  }

  /** The debt an account owes once the planned entries apply, zero or more. */
  long debt(Account account) {
    LotState debt = account.debt();
    Long id = debt != null ? Long.valueOf(debt.id) : newDebt.get(account);
    return id == null ? 0 : -((debt == null ? 0 : debt.remaining) + planned.getOrDefault(id, 0L));
  }

  /**
   * Plans taking up to {@code points} from the account's spendable lots, earliest expiry first.
   *
   * @return the points it could take
   */
  long take(Account account, EntryType type, long points, String source) {
    return take(account, type, points, source, false);
  }

  /**
   * Plans taking up to {@code points} from the account's lots that are still pending, earliest
   * expiry first.
   *
   * @return the points it could take
   */
  long takePending(Account account, EntryType type, long points, String source) {
    return take(account, type, points, source, true);
  }

  private long take(Account account, EntryType type, long points, String source,
      boolean pending) {
    long taken = 0;
    for (LotState lot : account.unexpired(now)) {
      if (taken == points) {
        break;
      }
      long left = left(lot);
      if (left > 0 && lot.activatesAt.isAfter(now) == pending) {
        long part = Math.min(left, points - taken);
        change(account, type, -part, lot, source);
        taken += part;
      }
    }
    return taken;
  }

  /** The sum of the planned entries' points of {@code account}. */
  long net(Account account) {
    long net = 0;
    for (int i = 0; i < entries.size(); i++) {
      if (owners.get(i) == account) {
        net += entries.get(i).points();
      }
    }
    return net;
  }

  /** The entries of {@code account}, committed or not, in order. */
  List<LedgerEntry> entries(Account account) {
    List<LedgerEntry> of = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (owners.get(i) == account) {
        of.add(entries.get(i));
      }
    }
    return List.copyOf(of);
  }

  /**
   * Writes the entries planned since the last commit to the store, all or none, then applies them
   * to the accounts.
   */
  void commit(LedgerStore store) {
    int end = entries.size();
    if (committed == end) {
      return;
    }
    store.append(List.copyOf(entries.subList(committed, end)));
    for (int i = committed; i < end; i++) {
      owners.get(i).apply(entries.get(i));
    }
    committed = end;
    planned.clear();
    newDebt.clear();
    plannedNet.clear();
  }

  private void add(Account account, LedgerEntry entry) {
    // Refuse, while nothing has changed yet, an entry that would overflow the account's balance
    // or its lot: a long that wraps around turns a credit into a debit and back.
    long total = account.total() + plannedNet.getOrDefault(account, 0L);
    LotState lot = account.lot(entry.lot());
    long held = (lot == null ? 0 : lot.remaining) + planned.getOrDefault(entry.lot(), 0L);
    try {
      Math.addExact(held, entry.points());
      plannedNet.put(account, Math.addExact(total, entry.points()));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("points=" + entry.points() + " would overflow "
          + account.key + " (balance " + total + ", lot " + entry.lot() + " " + held + ")", e);
    }
    entries.add(entry);
    owners.add(account);
    planned.merge(entry.lot(), entry.points(), Long::sum);
  }
}
