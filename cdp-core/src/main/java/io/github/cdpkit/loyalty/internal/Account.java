package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.Balance;
import io.github.cdpkit.loyalty.LedgerEntry;
import io.github.cdpkit.loyalty.Lot;
import io.github.cdpkit.loyalty.LoyaltyProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One loyalty account's state. Guarded by {@link #lock}: every field is read and written only by the
 * thread that holds it.
 *
 * <p>The lots that hold points are kept ordered by expiry, so a burn walks only the lots it consumes
 * and the expiry job only the lots that are due; the debt is kept apart.
 */
final class Account {

  /**
   * What an operation returned, kept under its idempotency key with the request it answered and
   * when it ran.
   */
  record Done(Object request, Object result, Instant at) {}

  final AccountKey key;
  final LoyaltyProgram program;
  final Instant joinedAt;
  final ReentrantLock lock = new ReentrantLock();

  private final NavigableSet<LotState> held = new TreeSet<>(LotState.BY_EXPIRY);
  private final Map<Long, LotState> lotsById = new HashMap<>();
  private @Nullable LotState debt;
  private long total;

  /** In the order the operations ran, so that the oldest are forgotten first. */
  final Map<String, Done> done = new LinkedHashMap<>();
  final Map<String, Order> orders = new HashMap<>();
  private final List<Activity> activity = new ArrayList<>();
  /**
   * An upper bound of the tier basis in the current window (as {@link Tiers#achieved} caps it at
   * {@link Long#MAX_VALUE}), or -1 when unknown. New activity adds to it; time only takes away from
   * the window, and what leaves it never sums below zero (a refund is recorded at its order's time,
   * so both leave together), so an earn can skip the exact count while the bound stays below the
   * next threshold.
   */
  long windowBound = -1;
  final List<BenefitState> benefits = new ArrayList<>();
  /**
   * The copies of non-stacking benefits that gave way to a better one in this account, by any of
   * the merges into it: on the account rather than on a merge, since a copy that one merge brought
   * may give way in a later one.
   */
  final List<MergeRecord.SetAside> setAside = new ArrayList<>();
  /** The merges into this account by key; concurrent, because a split reads it before locking. */
  final Map<String, MergeRecord> merges = new ConcurrentHashMap<>();

  /** Where a merge moved an account's content, and under which key. */
  record MergedAway(AccountKey target, String key) {}

  /** Where the account's content went while a merge holds it; {@code null} for an active account. */
  @Nullable MergedAway mergedInto;

  String earnedTier;
  Instant evaluationAt;
  @Nullable Instant graceUntil;
  @Nullable String overrideTier;
  @Nullable Instant overrideUntil;

  Account(AccountKey key, LoyaltyProgram program, Instant joinedAt) {
    this.key = key;
    this.program = program;
    this.joinedAt = joinedAt;
    this.earnedTier = program.tiers().tiers().get(0).id();
    this.evaluationAt = joinedAt;
  }

  /** Applies an entry already written to the store: the only way points change. */
  void apply(LedgerEntry entry) {
    LotState lot = lotsById.get(entry.lot());
    if (lot == null) {
      lot = new LotState(entry.lot(), entry.expiresAt(), entry.activatesAt());
      lotsById.put(lot.id, lot);
      if (lot.isDebt()) {
        debt = lot;
      }
    }
    boolean wasHeld = !lot.isDebt() && lot.remaining != 0;
    lot.remaining += entry.points();
    total += entry.points();
    boolean isHeld = !lot.isDebt() && lot.remaining != 0;
    // The held lots are ordered by expiry and id, never by their points, so a lot that keeps some
    // points keeps its place: only a lot that empties or fills moves in or out.
    if (wasHeld && !isHeld) {
      held.remove(lot);
    } else if (isHeld && !wasHeld) {
      held.add(lot);
    }
  }

  /**
   * Forgets the operations that ran before {@code before}. It walks from the oldest and stops at
   * the first to keep, so each record is dropped once; a clock set back keeps records longer, never
   * shorter.
   */
  void forgetDone(Instant before) {
    Iterator<Done> oldest = done.values().iterator();
    while (oldest.hasNext() && oldest.next().at().isBefore(before)) {
      oldest.remove();
    }
  }

  /** The tier-qualifying history, in the order recorded; read only. */
  List<Activity> activity() {
    return activity;
  }

  void record(Activity recorded) {
    activity.add(recorded);
    long amount = recorded.amount(program.tiers().basis());
    if (windowBound >= 0 && amount > 0) {
      // saturates: a bound of Long.MAX_VALUE is below no threshold, so the count is made exactly
      windowBound = amount > Long.MAX_VALUE - windowBound ? Long.MAX_VALUE : windowBound + amount;
    }
  }

  /** Adds the history a merge or an unmerge moves in. */
  void receive(List<Activity> moved) {
    activity.addAll(moved);
    windowBound = -1;
  }

  /** Removes the very records a merge or an unmerge moves out, not others of equal value. */
  void release(List<Activity> moved) {
    Set<Activity> leaving = Collections.newSetFromMap(new IdentityHashMap<>());
    leaving.addAll(moved);
    activity.removeIf(leaving::contains);
    windowBound = -1;
  }

  @Nullable LotState lot(long id) {
    return lotsById.get(id);
  }

  @Nullable LotState debt() {
    return debt;
  }

  /** The lots holding points that have not expired at {@code now}, earliest expiry first. */
  NavigableSet<LotState> unexpired(Instant now) {
    return held.tailSet(LotState.probe(now, Long.MAX_VALUE), false);
  }

  /** The lots holding points whose expiry is at or before {@code now}. */
  NavigableSet<LotState> due(Instant now) {
    return held.headSet(LotState.probe(now, Long.MAX_VALUE), true);
  }

  /** Every lot holding points, earliest expiry first. */
  NavigableSet<LotState> held() {
    return held;
  }

  long total() {
    return total;
  }

  Balance balance(Instant now) {
    long spendable = 0;
    long pending = 0;
    for (LotState lot : unexpired(now)) {
      if (lot.activatesAt.isAfter(now)) {
        pending += lot.remaining;
      } else {
        spendable += lot.remaining;
      }
    }
    LotState owed = debt;
    return new Balance(total, spendable, pending, owed == null ? 0 : -owed.remaining);
  }

  List<Lot> lots() {
    List<Lot> lots = new ArrayList<>(held.size() + 1);
    held.forEach(lot -> lots.add(lot.view()));
    LotState owed = debt;
    if (owed != null && owed.remaining != 0) {
      lots.add(owed.view());
    }
    return lots;
  }

  /** The tier shown now: an override until it ends, else the earned tier. */
  String tier(Instant now) {
    String override = override(now);
    return override != null ? override : earnedTier;
  }

  /** The override in force now, or {@code null} if none is. */
  @Nullable String override(Instant now) {
    String override = overrideTier;
    Instant until = overrideUntil;
    return override != null && until != null && now.isBefore(until) ? override : null;
  }

  @Nullable BenefitState benefit(String id) {
    for (BenefitState benefit : benefits) {
      if (benefit.id.equals(id)) {
        return benefit;
      }
    }
    return null;
  }
}
