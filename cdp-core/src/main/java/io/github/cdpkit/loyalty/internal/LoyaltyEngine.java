package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.Balance;
import io.github.cdpkit.loyalty.Benefit;
import io.github.cdpkit.loyalty.BenefitDefinition;
import io.github.cdpkit.loyalty.EntryType;
import io.github.cdpkit.loyalty.LedgerEntry;
import io.github.cdpkit.loyalty.Lot;
import io.github.cdpkit.loyalty.LoyaltyException;
import io.github.cdpkit.loyalty.LoyaltyProgram;
import io.github.cdpkit.loyalty.LoyaltyService;
import io.github.cdpkit.loyalty.Purchase;
import io.github.cdpkit.loyalty.PurchaseBenefit;
import io.github.cdpkit.loyalty.Receipt;
import io.github.cdpkit.loyalty.RefundPolicy;
import io.github.cdpkit.loyalty.Tier;
import io.github.cdpkit.loyalty.TierLadder;
import io.github.cdpkit.loyalty.TierProgress;
import io.github.cdpkit.loyalty.event.AccountsMerged;
import io.github.cdpkit.loyalty.event.AccountsUnmerged;
import io.github.cdpkit.loyalty.event.LoyaltyEvent;
import io.github.cdpkit.loyalty.event.LoyaltyListener;
import io.github.cdpkit.loyalty.event.TierChanged;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import io.github.cdpkit.loyalty.spi.PointsConversion;
import io.github.cdpkit.loyalty.spi.TierMergePolicy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LoyaltyService}: accounts in a concurrent map, each guarded by its own lock. An
 * operation locks its accounts (in {@link AccountKey} order when there are several), answers a
 * repeated idempotency key from the account's record of what it did, plans its ledger entries in a
 * {@link Tx} (a refusal throws before anything changes), writes them to the {@link LedgerStore},
 * applies them, and delivers its events once the locks are released.
 */
public final class LoyaltyEngine implements LoyaltyService {

  private static final Logger LOG = LoggerFactory.getLogger(LoyaltyService.class);
  /** What a split's key adds before a merge's key to key a carrier's merge back. */
  private static final String REMERGE = "remerge:";

  private final Map<String, LoyaltyProgram> programs;
  private final LedgerStore store;
  private final TierMergePolicy tierMergePolicy;
  private final PointsConversion conversion;
  private final Clock clock;
  private final Duration idempotencyRetention;
  private final List<LoyaltyListener> listeners;
  private final ConcurrentHashMap<AccountKey, Account> accounts = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong benefitIds = new AtomicLong();
  private final AtomicLong mergeOrder = new AtomicLong();
  /** The identity splits applied, by sequence, with when; kept for the idempotency retention. */
  private final ConcurrentHashMap<Long, Instant> appliedSplits = new ConcurrentHashMap<>();

  /**
   * Creates the engine.
   *
   * @param programs the programmes by id
   * @param store where ledger entries are written
   * @param tierMergePolicy how tiers settle in a merge
   * @param conversion how points convert between currencies in a merge
   * @param clock the time of every operation
   * @param idempotencyRetention how long an operation's result is kept under its idempotency key
   * @param listeners who receives the events
   */
  public LoyaltyEngine(
      Map<String, LoyaltyProgram> programs,
      LedgerStore store,
      TierMergePolicy tierMergePolicy,
      PointsConversion conversion,
      Clock clock,
      Duration idempotencyRetention,
      List<LoyaltyListener> listeners) {
    this.programs = Map.copyOf(programs);
    this.store = store;
    this.tierMergePolicy = tierMergePolicy;
    this.conversion = conversion;
    this.clock = clock;
    this.idempotencyRetention = idempotencyRetention;
    this.listeners = List.copyOf(listeners);
    reload();
  }

  /**
   * Rebuilds the points of every account the store holds entries for: the ledger is append-only
   * and a lot's points are the sum of the entries that name it, so replaying the entries in order
   * gives back the lots (with their expiry and activation), the debt and the balance. New entries
   * continue after the highest sequence stored. What the ledger does not hold is not rebuilt; see
   * {@link LedgerStore}.
   *
   * @throws IllegalStateException if the store holds an account of a programme not registered
   */
  private void reload() {
    long last = 0;
    for (AccountKey key : store.accounts()) {
      LoyaltyProgram program = programs.get(key.program());
      if (program == null) {
        throw new IllegalStateException("ledger store holds account " + key
            + " of a program that is not registered: " + key.program());
      }
      List<LedgerEntry> entries = store.entries(key);
      if (!entries.isEmpty()) {
        Account account = newAccount(key, program, entries.get(0).at());
        for (LedgerEntry entry : entries) {
          account.apply(entry);
          last = Math.max(last, entry.sequence());
        }
        accounts.put(key, account);
      }
    }
    sequence.set(last);
  }

  // ---- accounts

  @Override
  public LoyaltyProgram program(String id) {
    LoyaltyProgram program = programs.get(Objects.requireNonNull(id, "id"));
    if (program == null) {
      throw LoyaltyException.unknownProgram(id);
    }
    return program;
  }

  @Override
  public boolean enroll(AccountKey key) {
    LoyaltyProgram program = program(Objects.requireNonNull(key, "account").program());
    boolean[] created = {false};
    accounts.computeIfAbsent(key, k -> {
      created[0] = true;
      return newAccount(k, program, clock.instant());
    });
    return created[0];
  }

  @Override
  public boolean isMember(AccountKey key) {
    return accounts.containsKey(Objects.requireNonNull(key, "account"));
  }

  private static Account newAccount(AccountKey key, LoyaltyProgram program, Instant joinedAt) {
    Account account = new Account(key, program, joinedAt);
    account.evaluationAt = Tiers.nextEvaluation(account, joinedAt);
    return account;
  }

  private Account account(AccountKey key) {
    Account account = accounts.get(Objects.requireNonNull(key, "account"));
    if (account == null) {
      program(key.program());
      throw LoyaltyException.unknownAccount(key);
    }
    return account;
  }

  // ---- the ledger

  @Override
  public Receipt earn(String key, AccountKey accountKey, Purchase purchase) {
    Objects.requireNonNull(purchase, "purchase");
    Account account = account(accountKey);
    return run(key, List.of("earn", purchase), account, List.of(account), Receipt.class, tx -> {
      String orderId = purchase.orderId();
      if (account.orders.containsKey(orderId)) {
        throw new IllegalArgumentException(
            "order already earned points in " + account.key + ": " + orderId);
      }
      LoyaltyProgram program = account.program;
      Earning earning =
          Earning.of(account.key, program, purchase, account.tier(tx.now), tx.now);
      Order order = new Order(orderId, program, tx.now, purchase.amountMinor(), earning.points(),
          earning.qualifying());
      if (earning.points() > 0) {
        Instant expiresAt = program.expiry().expiresAt(tx.now, program.zone());
        Instant activatesAt = tx.now.plus(program.activationDelay());
        long lot = tx.open(account, EntryType.EARN, earning.points(), expiresAt, activatesAt,
            earning.source());
        order.lots.add(lot);
        repayDebt(account, tx, lot, earning.points(), expiresAt, activatesAt, orderId);
      }
      tx.commit(store);
      account.orders.put(orderId, order);
      account.record(new Activity(tx.now, earning.qualifying(), purchase.amountMinor(), 1));
      Tier reached = Tiers.upgrade(account, tx, key);
      if (reached != null) {
        grantTierBenefits(account, tx.now, reached.id(), false);
      } else {
        grantTierReachedUnderMerges(account, tx.now);
      }
      for (PurchaseBenefit rule : program.purchaseBenefits()) {
        for (Purchase.Line line : purchase.lines()) {
          if (line.category().equals(rule.category())
              && line.amountMinor() >= rule.minAmountMinor()) {
            grant(account, tx.now, rule.benefit(), "order:" + orderId);
          }
        }
      }
      return receipt(account, tx, 0);
    });
  }

  @Override
  public Receipt burn(String key, AccountKey accountKey, long points, String reason) {
    requirePositive("points", points);
    Objects.requireNonNull(reason, "reason");
    Account account = account(accountKey);
    return run(key, List.of("burn", points, reason), account, List.of(account), Receipt.class,
        tx -> {
          spend(account, tx, EntryType.BURN, points, "burn:" + reason);
          tx.commit(store);
          return receipt(account, tx, 0);
        });
  }

  @Override
  public Receipt adjust(String key, AccountKey accountKey, long points, String reason) {
    if (points == 0) {
      throw new IllegalArgumentException("adjustment cannot be 0 points");
    }
    if (points == Long.MIN_VALUE) {
      // -Long.MIN_VALUE overflows back to Long.MIN_VALUE, which would credit instead of debit
      throw new IllegalArgumentException(
          "adjustment must be greater than Long.MIN_VALUE: points=" + points);
    }
    Objects.requireNonNull(reason, "reason");
    Account account = account(accountKey);
    return run(key, List.of("adjust", points, reason), account, List.of(account), Receipt.class,
        tx -> {
          if (points > 0) {
            LoyaltyProgram program = account.program;
            Instant expiresAt = program.expiry().expiresAt(tx.now, program.zone());
            long lot = tx.open(account, EntryType.ADJUST, points, expiresAt, tx.now,
                "adjust:" + reason);
            repayDebt(account, tx, lot, points, expiresAt, tx.now, "adjust:" + reason);
          } else {
            spend(account, tx, EntryType.ADJUST, -points, "adjust:" + reason);
          }
          tx.commit(store);
          return receipt(account, tx, 0);
        });
  }

  /**
   * Plans repaying the account's debt from a lot just opened, before anything else can use it.
   *
   * <p>The lot repays even while it is pending, and that is deliberate: pending points cannot be
   * spent, so the member loses nothing usable before the lot activates; if the order is refunded
   * in its return window, the refund finds the lot short by what it repaid and the {@link
   * RefundPolicy#ALLOW_DEBT} policy (the only one that makes debts) turns that shortfall back into
   * debt, so the books stay exact; and no job or lazy write is needed at activation, so the balance
   * is the sum of the entries at every instant. The pair of entries names both ends.
   */
  private static void repayDebt(Account account, Tx tx, long lot, long points, Instant expiresAt,
      Instant activatesAt, String cause) {
    long repay = Math.min(points, tx.debt(account));
    if (repay > 0) {
      tx.change(account, EntryType.REPAY, -repay, lot, expiresAt, activatesAt,
          "repay-debt:" + cause + ", from lot " + lot + " to the debt");
      tx.changeDebt(account, EntryType.REPAY, repay,
          "repay-debt:" + cause + ", from lot " + lot);
    }
  }

  @Override
  public Receipt refund(String key, AccountKey accountKey, String orderId, long amountMinor) {
    Objects.requireNonNull(orderId, "orderId");
    requirePositive("amountMinor", amountMinor);
    Account account = account(accountKey);
    return run(key, List.of("refund", orderId, amountMinor), account, List.of(account),
        Receipt.class, tx -> {
          Order order = account.orders.get(orderId);
          if (order == null) {
            throw LoyaltyException.of(LoyaltyException.Reason.UNKNOWN_ORDER,
                "unknown order in " + account.key + ": " + orderId);
          }
          // paid - refunded cannot overflow (0 <= refunded <= paid); refunded + amountMinor can
          if (amountMinor > order.paid - order.refunded) {
            throw LoyaltyException.of(LoyaltyException.Reason.REFUND_EXCEEDS_ORDER,
                "refund of " + amountMinor + " exceeds order " + orderId + ": paid " + order.paid
                    + ", refunded before " + order.refunded);
          }
          long refunded = order.refunded + amountMinor;
          long reversed = proportion(order.earned, refunded, order.paid);
          long qualifying = proportion(order.qualifying, refunded, order.paid);
          // Convert the running totals, not each refund's difference: rounding every part on its
          // own would let a refund in many small parts take back less than one full refund. All
          // four are converted before anything changes, since a conversion may refuse.
          long due = inHoldersCurrency(order, account, reversed, "refunded points")
              - inHoldersCurrency(order, account, order.reversed, "refunded points");
          long qualifyingDue =
              inHoldersCurrency(order, account, qualifying, "refunded tier-qualifying points")
                  - inHoldersCurrency(order, account, order.qualifyingReversed,
                      "refunded tier-qualifying points");
          long forgiven = reverse(account, tx, order, due);
          tx.commit(store);
          account.record(new Activity(order.at, -qualifyingDue, -amountMinor,
              refunded == order.paid ? -1 : 0));
          order.refunded = refunded;
          order.reversed = reversed;
          order.qualifyingReversed = qualifying;
          return receipt(account, tx, forgiven);
        });
  }

  /**
   * Converts points of an order, counted in the currency of the programme that earned them, into
   * the currency of the account that holds the order now (another programme's after a merge), as
   * the merge converted the order's lots. The merge converted only what was left in the lots, so
   * the order's points, converted at more than one for one, may not fit a long.
   */
  private long inHoldersCurrency(Order order, Account holder, long points, String what) {
    return order.program == holder.program
        ? points
        : convert(order.program, holder.program, points, what, "order " + order.id + " in "
            + holder.key).points();
  }

  /** Plans taking back {@code due} points of an order; returns what the policy forgives. */
  private static long reverse(Account account, Tx tx, Order order, long due) {
    String source = "refund:" + order.id;
    long rest = due;
    for (long id : order.lots) {
      LotState lot = account.lot(id);
      // A lot past its expiry counts as expired whether or not the expiry job has swept it yet:
      // its points are shortfall for the policy (see RefundPolicy), not the order's to take.
      if (lot == null || !lot.expiresAt.isAfter(tx.now)) {
        continue;
      }
      long part = Math.min(tx.left(lot), rest);
      if (part > 0) {
        tx.change(account, EntryType.REVERSE, -part, lot, source);
        rest -= part;
      }
    }
    if (rest == 0) {
      return 0;
    }
    // The shortfall was spent or expired: each policy takes what the one before it takes, then
    // more (see RefundPolicy), and names itself in the entries' source.
    RefundPolicy policy = account.program.refundPolicy();
    String shortfall = source + ", spent part per " + policy;
    rest -= tx.takePending(account, EntryType.REVERSE, rest, shortfall);
    if (policy == RefundPolicy.PENDING_ONLY || rest == 0) {
      return rest;
    }
    rest -= tx.take(account, EntryType.REVERSE, rest, shortfall);
    if (policy == RefundPolicy.UP_TO_BALANCE || rest == 0) {
      return rest;
    }
    tx.changeDebt(account, EntryType.REVERSE, -rest, shortfall + " as debt");
    return 0;
  }

  private static long proportion(long value, long part, long whole) {
    return BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(part))
        .divide(BigDecimal.valueOf(whole), 0, RoundingMode.DOWN).longValueExact();
  }

  private static void spend(Account account, Tx tx, EntryType type, long points, String source) {
    long taken = tx.take(account, type, points, source);
    if (taken < points) {
      throw LoyaltyException.of(LoyaltyException.Reason.INSUFFICIENT_POINTS,
          "cannot take " + points + " points from " + account.key + ": " + taken + " spendable");
    }
  }

  private static Receipt receipt(Account account, Tx tx, long forgiven) {
    return new Receipt(tx.key, account.key, tx.entries(account), tx.net(account), forgiven,
        account.total());
  }

  @Override
  public long expire() {
    long expired = 0;
    for (Account account : accounts.values()) {
      Tx tx = locked(List.of(account), now -> {
        Tx expiry = newTx(now, "expire:" + now);
        for (LotState lot : account.due(now)) {
          if (lot.remaining > 0) {
            expiry.change(
                account, EntryType.EXPIRE, -lot.remaining, lot, "expiry:" + lot.expiresAt);
          }
        }
        expiry.commit(store);
        return expiry;
      });
      expired -= tx.net(account);
    }
    return expired;
  }

  @Override
  public long expiringBefore(AccountKey key, Instant before) {
    Objects.requireNonNull(before, "before");
    Account account = account(key);
    return read(account, now -> {
      long points = 0;
      for (LotState lot : account.unexpired(now)) {
        if (!lot.expiresAt.isBefore(before)) {
          break;
        }
        points += lot.remaining;
      }
      return points;
    });
  }

  @Override
  public Balance balance(AccountKey key) {
    Account account = account(key);
    return read(account, account::balance);
  }

  @Override
  public List<Lot> lots(AccountKey key) {
    Account account = account(key);
    return read(account, now -> account.lots());
  }

  @Override
  public List<LedgerEntry> statement(AccountKey key) {
    return store.entries(account(key).key);
  }

  // ---- tiers

  @Override
  public TierProgress tier(AccountKey key) {
    Account account = account(key);
    return read(account, now -> Tiers.progress(account, now));
  }

  @Override
  public List<TierChanged> overrideTier(
      String key, AccountKey accountKey, String tier, Instant until, String reason) {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(reason, "reason");
    Account account = account(accountKey);
    if (account.program.tiers().rank(tier) < 0) {
      throw LoyaltyException.of(LoyaltyException.Reason.UNKNOWN_TIER,
          "unknown tier in program " + account.program.id() + ": " + tier);
    }
    return run(key, List.of("override", tier, until, reason), account, List.of(account),
        Overridden.class, tx -> {
          if (!until.isAfter(tx.now)) {
            throw new IllegalArgumentException("override must end after now (" + tx.now + "): "
                + until);
          }
          String before = account.tier(tx.now);
          // A merge may hold the account at the tier, or above it, with the merged accounts'
          // copies of its benefits: the override reaches it all the same, as far as the account
          // itself goes, and needs its own copy, set aside behind theirs.
          int rank = Tiers.rank(account, tier);
          boolean reached = rank > Tiers.rank(account, before) || rank > ownRank(account, tx.now);
          account.overrideTier = tier;
          account.overrideUntil = until;
          if (reached) {
            grantTierBenefits(account, tx.now, tier, false);
          }
          if (before.equals(tier)) {
            return new Overridden(List.of());
          }
          TierChanged change = new TierChanged(
              account.key, tx.now, before, tier, TierChanged.Reason.OVERRIDE, reason);
          tx.events.add(change);
          return new Overridden(List.of(change));
        }).changes();
  }

  /** What an override did, kept under its idempotency key. */
  private record Overridden(List<TierChanged> changes) {}

  @Override
  public List<TierChanged> evaluateTiers() {
    List<TierChanged> changes = new ArrayList<>();
    for (Account account : accounts.values()) {
      Tx tx = locked(List.of(account), now -> {
        Tx evaluation = newTx(now, "evaluation:" + now);
        if (account.mergedInto == null) {
          Tiers.evaluate(account, evaluation);
        }
        return evaluation;
      });
      tx.events.forEach(event -> changes.add((TierChanged) event));
    }
    return changes;
  }

  // ---- benefits

  @Override
  public List<Benefit> benefits(AccountKey key) {
    Account account = account(key);
    return read(account, now -> account.benefits.stream().map(BenefitState::view).toList());
  }

  @Override
  public Benefit grantBenefit(String key, AccountKey accountKey, String benefit) {
    Objects.requireNonNull(benefit, "benefit");
    Account account = account(accountKey);
    if (!account.program.benefits().containsKey(benefit)) {
      throw LoyaltyException.of(LoyaltyException.Reason.UNKNOWN_BENEFIT,
          "unknown benefit in program " + account.program.id() + ": " + benefit);
    }
    return run(key, List.of("grant", benefit), account, List.of(account), Benefit.class,
        tx -> grant(account, tx.now, benefit, "grant:" + key).view());
  }

  /**
   * Grants the benefits of a tier the account has just reached (by an upgrade, an override or a
   * merge), except those it already holds for that tier: a copy granted for it that has not ended,
   * used or not, so that reaching a tier again, or by another route, grants nothing twice and a
   * used copy stays used. A copy that came in with a merged account counts as held; but one the
   * account reached the tier without would leave with that account if the merge were undone, so
   * the account's own copy is granted all the same and set aside behind it, to come back then.
   *
   * @param byMerge whether a merge reached the tier, which the merged accounts' copies serve
   */
  private void grantTierBenefits(Account account, Instant now, String tier, boolean byMerge) {
    String source = "tier:" + tier;
    for (String benefit : Tiers.tierAt(account, Tiers.rank(account, tier)).benefits()) {
      Predicate<BenefitState> forTier = copy -> copy.definition.id().equals(benefit)
          && copy.source.equals(source) && copy.validUntil.isAfter(now);
      boolean own = account.setAside.stream().anyMatch(
          aside -> aside.owner().equals(account.key) && forTier.test(aside.benefit()));
      BenefitState merged = null;
      for (BenefitState copy : account.benefits) {
        if (forTier.test(copy)) {
          if (owner(account, copy).equals(account.key)) {
            own = true;
          } else {
            merged = copy;
          }
        }
      }
      if (own) {
        continue;
      }
      if (merged == null) {
        grant(account, now, benefit, source);
      } else if (!byMerge) {
        account.setAside.add(new MergeRecord.SetAside(
            newCopy(account, now, benefit, source), account.key, merged.id));
      }
    }
  }

  /**
   * Grants the benefits of a tier the account's own history has reached while merges hold it at
   * that tier or above, so that no upgrade grants them: the merged accounts' copies count as held
   * ({@link #grantTierBenefits}), but leave with them if their merges are undone, and the account
   * would keep the tier without its benefits. Nothing is granted twice: a copy of its own held, in
   * view or set aside, counts.
   */
  private void grantTierReachedUnderMerges(Account account, Instant now) {
    TierLadder ladder = account.program.tiers();
    int own = ladder.rank(ownTier(account));
    if (own >= ladder.rank(account.earnedTier)) {
      return; // no merge holds it above its own tier: an upgrade grants what it reaches
    }
    int reached = earnedWithout(account, now, heldParts(account));
    if (reached > own) {
      grantTierBenefits(account, now, ladder.tiers().get(reached).id(), false);
    }
  }

  /**
   * The rank of the tier the account would show now without the sources merged into it: its
   * override while it lasts, else the higher of its own tier (from before the merges it holds) and
   * what its own history earns. Without merges, the tier it shows.
   */
  private static int ownRank(Account account, Instant now) {
    List<MergeRecord.Part> held = heldParts(account);
    if (held.isEmpty() || account.override(now) != null) {
      return Tiers.rank(account, account.tier(now));
    }
    return Math.max(Tiers.rank(account, ownTier(account)), earnedWithout(account, now, held));
  }

  /** The parts of the merges into the account whose sources are still merged into it. */
  private static List<MergeRecord.Part> heldParts(Account account) {
    List<MergeRecord.Part> held = new ArrayList<>();
    for (MergeRecord merge : account.merges.values()) {
      for (MergeRecord.Part part : merge.parts().values()) {
        if (!part.restored) {
          held.add(part);
        }
      }
    }
    return held;
  }

  /**
   * Grants a catalogue benefit: a new copy, or for a non-stacking benefit already usable, that copy
   * refreshed to the better of both (the larger quantity, the later end). A usable copy that came
   * with a merged account is not refreshed, since it would take the grant with it if the merge
   * were undone: the new copy is kept as a merge keeps a benefit, the better of the two in view.
   *
   * @return the copy the account holds in view
   */
  private BenefitState grant(Account account, Instant now, String benefit, String source) {
    BenefitDefinition definition = definition(account, benefit);
    if (!definition.stackable()) {
      Instant validUntil = validUntil(account, definition, now);
      for (BenefitState held : account.benefits) {
        if (held.definition.id().equals(benefit) && held.isUsableAt(now)
            && owner(account, held).equals(account.key)) {
          held.remaining = Math.max(held.remaining, definition.quantity());
          held.validUntil = validUntil.isAfter(held.validUntil) ? validUntil : held.validUntil;
          return held;
        }
      }
    }
    return keep(now, account, newCopy(account, now, benefit, source), account.key);
  }

  /** A new copy of a catalogue benefit, granted now. */
  private BenefitState newCopy(Account account, Instant now, String benefit, String source) {
    BenefitDefinition definition = definition(account, benefit);
    return new BenefitState("benefit-" + benefitIds.incrementAndGet(), definition, now,
        validUntil(account, definition, now), source);
  }

  private static BenefitDefinition definition(Account account, String benefit) {
    return Objects.requireNonNull(account.program.benefits().get(benefit), benefit);
  }

  private static Instant validUntil(Account account, BenefitDefinition definition, Instant now) {
    return now.atZone(account.program.zone()).plus(definition.validity()).toInstant();
  }

  @Override
  public Benefit useBenefit(String key, AccountKey accountKey, String benefitId) {
    Objects.requireNonNull(benefitId, "benefitId");
    Account account = account(accountKey);
    return run(key, List.of("use", benefitId), account, List.of(account), Benefit.class, tx -> {
      BenefitState benefit = account.benefit(benefitId);
      if (benefit == null) {
        throw LoyaltyException.of(LoyaltyException.Reason.UNKNOWN_BENEFIT,
            "unknown benefit in " + account.key + ": " + benefitId);
      }
      if (!benefit.validUntil.isAfter(tx.now)) {
        throw LoyaltyException.of(LoyaltyException.Reason.BENEFIT_EXPIRED,
            "benefit " + benefitId + " of " + account.key + " expired at " + benefit.validUntil);
      }
      if (benefit.remaining == 0) {
        throw LoyaltyException.of(LoyaltyException.Reason.BENEFIT_USED_UP,
            "benefit " + benefitId + " of " + account.key + " is used up");
      }
      benefit.remaining--;
      return benefit.view();
    });
  }

  // ---- merging

  @Override
  public AccountsMerged merge(String key, AccountKey targetKey, List<AccountKey> sourceKeys) {
    Objects.requireNonNull(key, "key");
    LoyaltyProgram targetProgram = program(Objects.requireNonNull(targetKey, "target").program());
    List<AccountKey> keys = List.copyOf(requireNoNulls(sourceKeys, "sources"));
    if (keys.isEmpty() || keys.contains(targetKey) || new HashSet<>(keys).size() != keys.size()) {
      throw new IllegalArgumentException(
          "sources must be at least one, distinct and not the target " + targetKey + ": " + keys);
    }
    List<Account> sources = keys.stream().map(this::account).toList();
    sources.forEach(source -> conversion.convert(source.program, targetProgram, 0));
    Instant joinedAt = sources.stream().map(source -> source.joinedAt).min(Instant::compareTo)
        .orElseThrow();
    List<Object> request = List.of("merge", keys);
    while (true) {
      Account existing = accounts.get(targetKey);
      // A new target stays unpublished until the merge can no longer be refused, so a refused
      // merge leaves no empty account behind. Nobody else can hold or wait for its lock until it
      // is published, under the locks of every account of the merge, so locking it in key order
      // with the others cannot deadlock.
      Account target = existing != null ? existing : newAccount(targetKey, targetProgram, joinedAt);
      List<Account> all = new ArrayList<>(sources);
      all.add(target);
      try {
        return run(key, request, target, all, AccountsMerged.class,
            tx -> mergeLocked(tx, target, sources, () -> {
              if (existing == null && accounts.putIfAbsent(targetKey, target) != null) {
                throw new TargetEnrolled();
              }
            }));
      } catch (TargetEnrolled e) {
        // The target was enrolled by another thread meanwhile: merge into that account instead.
      }
    }
  }

  /** Thrown, before anything changed, when a merge's new target was enrolled concurrently. */
  private static final class TargetEnrolled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TargetEnrolled() {
      // No stack trace: it never leaves merge, which catches it and tries again.
      super("target enrolled concurrently", null, false, false);
    }
  }

  /**
   * Merges the sources into the target under their locks: every check first (a source or target
   * merged away by a concurrent merge is refused here, under the locks), then {@code publish}
   * (which enrols a new target), then the ledger transaction.
   */
  private AccountsMerged mergeLocked(
      Tx tx, Account target, List<Account> sources, Runnable publish) {
    sources.forEach(LoyaltyEngine::requireActive);
    String before = target.earnedTier;
    MergeRecord record = new MergeRecord(tx.key, mergeOrder.incrementAndGet(), ownTier(target));
    Map<AccountKey, String> tiersBefore = new LinkedHashMap<>();
    List<TierMergePolicy.Candidate> candidates = new ArrayList<>();
    Map<AccountKey, Long> pointsOut = new LinkedHashMap<>();
    Map<Account, Map<Long, Long>> movedLots = new LinkedHashMap<>();
    List<Activity> mergedActivity = new ArrayList<>(target.activity());
    candidates.add(candidate(target, tx.now));
    long pointsIn = 0;
    BigDecimal remainder = BigDecimal.ZERO;
    BigDecimal qualifyingRemainder = BigDecimal.ZERO;
    for (Account source : sources) {
      candidates.add(candidate(source, tx.now));
      MergeRecord.Part part =
          new MergeRecord.Part(source.earnedTier, source.tier(tx.now), source.evaluationAt);
      record.parts().put(source.key, part);
      Map<Long, Long> moved = new LinkedHashMap<>();
      movedLots.put(source, moved);
      long out = 0;
      String outSource = "merge-out:" + target.key;
      String inSource = "merge-in:" + source.key + " lot ";
      for (LotState lot : source.held()) {
        PointsConversion.Converted converted =
            convert(source.program, target.program, lot.remaining, "points", source.key);
        tx.change(source, EntryType.MERGE_OUT, -lot.remaining, lot, outSource);
        long into = tx.open(target, EntryType.MERGE_IN, converted.points(), lot.expiresAt,
            lot.activatesAt, inSource + lot.id);
        part.lots.add(new MergeRecord.CarriedLot(
            lot.id, into, lot.remaining, converted.points(), lot.expiresAt, lot.activatesAt));
        moved.put(lot.id, into);
        out += lot.remaining;
        pointsIn += converted.points();
        remainder = plus(remainder, converted.remainder());
      }
      LotState debt = source.debt();
      if (debt != null && debt.remaining != 0) {
        PointsConversion.Converted converted =
            convert(source.program, target.program, debt.remaining, "debt points", source.key);
        tx.changeDebt(source, EntryType.MERGE_OUT, -debt.remaining, outSource);
        tx.changeDebt(target, EntryType.MERGE_IN, converted.points(), "merge-in:" + source.key);
        out += debt.remaining;
        pointsIn += converted.points();
        remainder = plus(remainder, converted.remainder());
      }
      pointsOut.put(source.key, out);
      tiersBefore.put(source.key, source.tier(tx.now));
      // Tier-qualifying points are points too: they convert at the rate of the redeemable ones,
      // record by record so that each keeps its time in the window; spend (money) and order
      // counts do not convert.
      for (Activity activity : source.activity()) {
        PointsConversion.Converted converted =
            convert(source.program, target.program, activity.qualifying(),
                "tier-qualifying points", source.key);
        part.activity.add(activity);
        part.received.add(new Activity(
            activity.at(), converted.points(), activity.spend(), activity.orders()));
        qualifyingRemainder = plus(qualifyingRemainder, converted.remainder());
      }
      mergedActivity.addAll(part.received);
    }
    tiersBefore.put(target.key, target.tier(tx.now));
    String recomputed = target.program.tiers().tiers().get(target.program.tiers().qualifiedRank(
        Tiers.achieved(target.program.tiers().basis(), mergedActivity,
            Tiers.periodStart(target, tx.now), tx.now.plusNanos(1)))).id();
    String tier = tierMergePolicy.mergedTier(target.program, candidates, recomputed);
    if (target.program.tiers().rank(tier) < 0) {
      throw new IllegalStateException("tier merge policy chose a tier that program "
          + target.program.id() + " lacks: " + tier);
    }
    publish.run();
    tx.commit(store);
    // Recorded first, so that a benefit that gives way to a later source's is known to be an
    // earlier source's.
    target.merges.put(tx.key, record);
    for (Account source : sources) {
      MergeRecord.Part part = Objects.requireNonNull(record.parts().get(source.key));
      moveHistory(source, target, Objects.requireNonNull(movedLots.get(source)), part);
      moveBenefits(tx.now, source, target, part);
      source.mergedInto = new Account.MergedAway(target.key, tx.key);
    }
    Tiers.change(target, tx, tier, TierChanged.Reason.MERGE, tx.key);
    if (Tiers.rank(target, tier) > Tiers.rank(target, before)) {
      grantTierBenefits(target, tx.now, tier, true);
    }
    AccountsMerged merged = new AccountsMerged(tx.key, tx.now, target.key,
        sources.stream().map(source -> source.key).toList(), tiersBefore, target.tier(tx.now),
        pointsOut, pointsIn, remainder.stripTrailingZeros(),
        qualifyingRemainder.stripTrailingZeros());
    tx.events.add(merged);
    return merged;
  }

  /**
   * The target's own earned tier: the one it held before the merges it holds sources of, or the one
   * it holds now if it holds none.
   */
  private static String ownTier(Account target) {
    for (MergeRecord merge : target.merges.values()) {
      if (merge.holdsSources()) {
        return merge.ownTier();
      }
    }
    return target.earnedTier;
  }

  /**
   * Converts one figure of a merge or of a merged order's refund, refusing, before anything
   * changes, one that the receiving currency cannot hold in a long: a conversion at more than one
   * for one can overflow (tier-qualifying points most of all, since a category multiplier of 0
   * lets them grow while the points stay 0).
   *
   * @param what the figure, for the message
   * @param of whose figure it is, for the message
   */
  private PointsConversion.Converted convert(
      LoyaltyProgram from, LoyaltyProgram to, long points, String what, Object of) {
    try {
      return conversion.convert(from, to, points);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(what + " " + points + " of " + of
          + " do not fit a long in " + to.currency() + " (" + to.id() + ")", e);
    }
  }

  /** Adds a conversion's remainder; most are zero, and adding zero need not allocate. */
  private static BigDecimal plus(BigDecimal sum, BigDecimal remainder) {
    return remainder.signum() == 0 ? sum : sum.add(remainder);
  }

  private static TierMergePolicy.Candidate candidate(Account account, Instant now) {
    String tier = account.tier(now);
    return new TierMergePolicy.Candidate(account.key, tier, Tiers.rank(account, tier));
  }

  /**
   * Moves the orders (their lots renamed as {@code lots} maps them) and the tier history of one
   * account to another, recording the orders that moved; an order whose id the receiver already
   * has stays. The receiver gets the history as {@code part} converted it.
   */
  private static void moveHistory(
      Account from, Account to, Map<Long, Long> lots, MergeRecord.Part part) {
    for (Order order : List.copyOf(from.orders.values())) {
      if (!to.orders.containsKey(order.id)) {
        order.lots.replaceAll(lot -> lots.getOrDefault(lot, lot));
        from.orders.remove(order.id);
        to.orders.put(order.id, order);
        part.orders.add(order);
      }
    }
    to.receive(part.received);
    from.release(part.activity);
  }

  /** Moves a source's benefits into the target, as {@link #keep} keeps each. */
  private static void moveBenefits(
      Instant now, Account source, Account target, MergeRecord.Part part) {
    for (BenefitState benefit : source.benefits) {
      part.benefits.add(benefit.id);
      keep(now, target, benefit, source.key);
    }
    source.benefits.clear();
  }

  /**
   * Gives an account a benefit that came from {@code owner} (the account itself, or a source of a
   * merge into it). Of two usable copies of a non-stacking benefit the better is kept and the
   * other set aside, to come back if the copy that beat it, or its owner, leaves with an unmerge.
   *
   * @return the copy kept in view
   */
  private static BenefitState keep(
      Instant now, Account account, BenefitState benefit, AccountKey owner) {
    BenefitState rival = benefit.definition.stackable() || !benefit.isUsableAt(now)
        ? null
        : account.benefits.stream()
            .filter(held -> held.definition.id().equals(benefit.definition.id())
                && held.isUsableAt(now))
            .findFirst().orElse(null);
    if (rival == null) {
      account.benefits.add(benefit);
      return benefit;
    }
    if (benefit.isBetterThan(rival)) {
      account.benefits.set(account.benefits.indexOf(rival), benefit);
      account.setAside.add(new MergeRecord.SetAside(rival, owner(account, rival), benefit.id));
      return benefit;
    }
    account.setAside.add(new MergeRecord.SetAside(benefit, owner, rival.id));
    return rival;
  }

  /**
   * The account a benefit the target holds came from: the source of a merge still in effect that
   * brought it, by whichever merge, or the target itself.
   */
  private static AccountKey owner(Account target, BenefitState benefit) {
    for (MergeRecord merge : target.merges.values()) {
      for (Map.Entry<AccountKey, MergeRecord.Part> part : merge.parts().entrySet()) {
        if (!part.getValue().restored && part.getValue().benefits.contains(benefit.id)) {
          return part.getKey();
        }
      }
    }
    return target.key;
  }

  @Override
  public List<AccountsMerged> mergeMembers(String key, OneId survivor, List<OneId> absorbed) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(survivor, "survivor");
    requireNoNulls(absorbed, "absorbed");
    List<AccountsMerged> merges = new ArrayList<>();
    for (String program : new TreeSet<>(programs.keySet())) {
      AccountKey target = AccountKey.of(program, survivor);
      List<AccountKey> sources = absorbed.stream()
          .filter(member -> !member.equals(survivor))
          .map(member -> AccountKey.of(program, member))
          .filter(accounts::containsKey)
          // already in the survivor's account (merged by hand): nothing to do in this programme,
          // and refusing it would leave the programmes after this one unmerged
          .filter(source -> !isMergedInto(source, target))
          .toList();
      if (!sources.isEmpty()) {
        merges.add(merge(key, target, sources));
      }
    }
    return merges;
  }

  /** Tells whether {@code source}'s content is held by a merge into {@code target}. */
  private boolean isMergedInto(AccountKey source, AccountKey target) {
    Account account = Objects.requireNonNull(accounts.get(source));
    return read(account, now -> {
      Account.MergedAway away = account.mergedInto;
      return away != null && away.target().equals(target);
    });
  }

  @Override
  public AccountsUnmerged unmerge(String key, AccountKey targetKey, String mergeKey) {
    // Checked first: the merge is looked up before the key is used.
    Objects.requireNonNull(key, "key");
    Account target = account(Objects.requireNonNull(targetKey, "target"));
    return unmerge(key, target, mergeKey, record(target, mergeKey).parts().keySet());
  }

  private static MergeRecord record(Account target, String mergeKey) {
    MergeRecord record = target.merges.get(Objects.requireNonNull(mergeKey, "mergeKey"));
    if (record == null) {
      throw LoyaltyException.of(LoyaltyException.Reason.UNKNOWN_MERGE,
          "no merge into " + target.key + " under key " + mergeKey);
    }
    return record;
  }

  private AccountsUnmerged unmerge(
      String key, Account target, String mergeKey, Set<AccountKey> which) {
    MergeRecord record = record(target, mergeKey);
    List<AccountKey> restoring = List.copyOf(which);
    List<Account> all = new ArrayList<>();
    all.add(target);
    restoring.forEach(source -> all.add(account(source)));
    return run(key, List.of("unmerge", mergeKey, restoring), target, all,
        AccountsUnmerged.class, tx -> unmergeLocked(tx, target, record, restoring));
  }

  private AccountsUnmerged unmergeLocked(
      Tx tx, Account target, MergeRecord record, List<AccountKey> which) {
    Map<AccountKey, Long> pointsBack = new LinkedHashMap<>();
    Map<Account, Map<Long, Long>> renamed = new LinkedHashMap<>();
    for (AccountKey sourceKey : which) {
      MergeRecord.Part part = Objects.requireNonNull(record.parts().get(sourceKey));
      if (part.restored) {
        continue;
      }
      Account source = account(sourceKey);
      Map<Long, Long> lots = new LinkedHashMap<>();
      renamed.put(source, lots);
      long back = 0;
      for (MergeRecord.CarriedLot carried : part.lots) {
        LotState lot = target.lot(carried.targetLot());
        long left = lot == null ? 0 : tx.left(lot);
        if (left <= 0) {
          continue;
        }
        long share = proportion(carried.original(), left, carried.credited());
        tx.change(target, EntryType.MERGE_OUT, -left, Objects.requireNonNull(lot),
            "unmerge-out:" + sourceKey);
        if (share > 0) {
          lots.put(carried.targetLot(), tx.open(source, EntryType.MERGE_IN, share,
              carried.expiresAt(), carried.activatesAt(),
              "unmerge-in:" + target.key + " lot " + carried.targetLot()));
          back += share;
        }
      }
      pointsBack.put(sourceKey, back);
    }
    // A merge already undone for every source asked gives nothing back, so it must not touch the
    // target's tier either (which may since have come from another merge). The tier is settled
    // before anything changes, so that a policy choosing a tier the programme lacks refuses the
    // unmerge instead of leaving it half done.
    String targetTier = null;
    if (!renamed.isEmpty()) {
      Set<MergeRecord.Part> leaving = Collections.newSetFromMap(new IdentityHashMap<>());
      renamed.keySet().forEach(source ->
          leaving.add(Objects.requireNonNull(record.parts().get(source.key))));
      targetTier = tierAfterUnmerge(tx.now, target, record, leaving);
    }
    tx.commit(store);
    for (Map.Entry<Account, Map<Long, Long>> restored : renamed.entrySet()) {
      Account source = restored.getKey();
      MergeRecord.Part part = Objects.requireNonNull(record.parts().get(source.key));
      part.restored = true;
      source.mergedInto = null;
      for (Order order : part.orders) {
        target.orders.remove(order.id, order);
        order.lots.replaceAll(lot -> restored.getValue().getOrDefault(lot, lot));
        source.orders.putIfAbsent(order.id, order);
      }
      target.release(part.received);
      source.receive(part.activity);
      restoreBenefits(tx.now, target, source, part);
      renameCarriedLots(source, part, restored.getValue());
      source.evaluationAt = part.evaluationAt;
      Tiers.change(source, tx, part.tier, TierChanged.Reason.UNMERGE, tx.key);
    }
    if (targetTier != null) {
      Tiers.change(target, tx, targetTier, TierChanged.Reason.UNMERGE, tx.key);
    }
    AccountsUnmerged unmerged = new AccountsUnmerged(tx.key, record.key(), tx.now, target.key,
        List.copyOf(pointsBack.keySet()), pointsBack);
    tx.events.add(unmerged);
    return unmerged;
  }

  /**
   * Points the merges into {@code source} at the lots its points came back in: a source that had
   * absorbed others before it merged away can then give them back their share in turn.
   */
  private static void renameCarriedLots(
      Account source, MergeRecord.Part part, Map<Long, Long> backInto) {
    Map<Long, Long> renamed = new HashMap<>();
    for (MergeRecord.CarriedLot carried : part.lots) {
      Long lot = backInto.get(carried.targetLot());
      if (lot != null) {
        renamed.put(carried.sourceLot(), lot);
      }
    }
    for (MergeRecord earlier : source.merges.values()) {
      for (MergeRecord.Part absorbed : earlier.parts().values()) {
        absorbed.lots.replaceAll(carried -> carried.movedTo(
            renamed.getOrDefault(carried.targetLot(), carried.targetLot())));
      }
    }
  }

  /**
   * The target's tier once the {@code leaving} parts of {@code undone} are given back: what the
   * tier merge policy settles between the target and every source still merged into it, by this
   * merge or any other, each weighed as at its merge, with the history the target keeps; never
   * below the target's own tier (from before the merges it holds), nor what that history earns,
   * and never above the tier it holds now. Only the merge undone is taken out: a newer merge keeps
   * the tier its sources justify. Neither the floor nor the sources counted depend on which merges
   * were undone before, so undoing merges in any order ends where undoing them newest first does.
   */
  private String tierAfterUnmerge(
      Instant now, Account target, MergeRecord undone, Set<MergeRecord.Part> leaving) {
    TierLadder ladder = target.program.tiers();
    int earned = earnedWithout(target, now, leaving);
    int floor = Math.max(ladder.rank(undone.ownTier()), earned);
    List<TierMergePolicy.Candidate> candidates = new ArrayList<>();
    candidates.add(new TierMergePolicy.Candidate(
        target.key, ladder.tiers().get(floor).id(), floor));
    List<MergeRecord> records = new ArrayList<>(target.merges.values());
    records.sort(Comparator.comparingLong(MergeRecord::order));
    for (MergeRecord record : records) {
      record.parts().forEach((source, part) -> {
        if (!part.restored && !leaving.contains(part)) {
          candidates.add(new TierMergePolicy.Candidate(source, part.shownTier,
              program(source.program()).tiers().rank(part.shownTier)));
        }
      });
    }
    if (candidates.size() == 1) {
      return ladder.tiers().get(floor).id();
    }
    String settled =
        tierMergePolicy.mergedTier(target.program, candidates, ladder.tiers().get(earned).id());
    int rank = ladder.rank(settled);
    if (rank < 0) {
      throw new IllegalStateException("tier merge policy chose a tier that program "
          + target.program.id() + " lacks: " + settled);
    }
    // The other merges' sources may keep the tier the target holds now, never raise it past it (an
    // evaluation may have lowered it since they merged).
    int current = ladder.rank(target.earnedTier);
    return ladder.tiers().get(Math.max(floor, Math.min(current, rank))).id();
  }

  /**
   * The rank of the tier an account's history earns in the current window without the history that
   * {@code parts} of merges into it brought.
   */
  private static int earnedWithout(
      Account account, Instant now, Collection<MergeRecord.Part> parts) {
    Set<Activity> brought = Collections.newSetFromMap(new IdentityHashMap<>());
    parts.forEach(part -> brought.addAll(part.received));
    List<Activity> kept = new ArrayList<>(account.activity());
    kept.removeIf(brought::contains);
    TierLadder ladder = account.program.tiers();
    return ladder.qualifiedRank(Tiers.achieved(
        ladder.basis(), kept, Tiers.periodStart(account, now), now.plusNanos(1)));
  }

  /**
   * Gives a source back the benefits that came from it, as they are now (used ones stay used), with
   * those of them set aside by this merge or a later one; the copies that gave way to one of them
   * come back to the target, kept as a merge keeps a benefit ({@link #keep}): another copy may
   * have come in since, with a merge not undone.
   */
  private static void restoreBenefits(
      Instant now, Account target, Account source, MergeRecord.Part part) {
    for (String id : part.benefits) {
      BenefitState benefit = target.benefit(id);
      if (benefit != null) {
        target.benefits.remove(benefit);
        source.benefits.add(benefit);
      }
    }
    List<MergeRecord.SetAside> beaten = new ArrayList<>();
    for (Iterator<MergeRecord.SetAside> asides = target.setAside.iterator(); asides.hasNext(); ) {
      MergeRecord.SetAside aside = asides.next();
      if (aside.owner().equals(source.key)) {
        asides.remove();
        source.benefits.add(aside.benefit());
      } else if (part.benefits.contains(aside.winner())) {
        asides.remove();
        beaten.add(aside);
      }
    }
    beaten.forEach(aside -> keep(now, target, aside.benefit(), aside.owner()));
  }

  @Override
  public IdentityListener identityListener() {
    return event -> {
      if (event instanceof Merged merged) {
        mergeMembers("identity-merge:" + merged.sequence(), merged.survivor(), merged.absorbed());
      } else if (event instanceof Split split) {
        split(split);
      }
    };
  }

  /**
   * Gives the parts of a split person back what their accounts brought to its merges, at any
   * depth, in every programme (see {@link LoyaltyService#identityListener}).
   */
  private void split(Split split) {
    Instant now = clock.instant();
    appliedSplits.values().removeIf(at -> at.isBefore(now.minus(idempotencyRetention)));
    if (appliedSplits.containsKey(split.sequence())) {
      // A redelivered split: its unmerges are keyed by the merges they undid, so running it again
      // would undo merges made after it was first applied.
      return;
    }
    String prefix = "identity-split:" + split.sequence() + ":";
    for (String program : new TreeSet<>(programs.keySet())) {
      Set<AccountKey> parts = new HashSet<>();
      split.parts().forEach(part -> parts.add(AccountKey.of(program, part)));
      AccountKey person = AccountKey.of(program, split.before());
      giveBack(prefix, person, parts);
      warnOfPartsLeftMerged(split.sequence(), person, parts);
    }
    appliedSplits.put(split.sequence(), now);
  }

  /**
   * Undoes the merges, held by the split person's account, whose sources are parts or hold one
   * through their own merges (carriers, taken out only to reach a part), level by level; then
   * merges the carriers back into the accounts they were in. Which accounts hold a part is known
   * only from every merge below them, so the merges are all read before any is undone. Every step
   * is keyed by the split and the merge it undoes: a split delivered again after it failed
   * part-way finds the same steps, the first answered from their keys.
   */
  private void giveBack(String prefix, AccountKey person, Set<AccountKey> parts) {
    List<Held> held = held(person, prefix);
    Set<AccountKey> holding = holdingParts(held, parts);
    List<Held> carried = new ArrayList<>();
    for (Held merge : held) {
      Set<AccountKey> which = new TreeSet<>();
      merge.sources().stream().filter(source -> parts.contains(source) || holding.contains(source))
          .forEach(which::add);
      if (!which.isEmpty()) {
        List<AccountKey> carriers = unmerge(prefix + merge.key(), account(merge.target()),
            merge.key(), which).restored().stream()
            .filter(source -> !parts.contains(source)).toList();
        if (!carriers.isEmpty()) {
          carried.add(new Held(merge.target(), merge.key(), merge.order(), carriers));
        }
      }
    }
    // In the order the merges were first made, as by hand: the deepest first too, since a carrier
    // merged away takes no merge, so that its own carriers go back into it before it goes back
    // into the account it was in.
    carried.sort(Comparator.comparingLong(Held::order));
    for (Held merge : carried) {
      merge(prefix + REMERGE + merge.key(), merge.target(), merge.sources());
    }
  }

  /**
   * A merge into one of the accounts a split person's account holds, with the sources a split
   * follows: those still merged, and those the same split gave back already; or the carriers a
   * split merges back into the target. {@code order} is when the merge was made, among all merges.
   */
  private record Held(AccountKey target, String key, long order, List<AccountKey> sources) {}

  /**
   * The merges a split person's account holds, directly or through the accounts merged into it:
   * level by level, and on each account newest first, the reverse of the merges, so that the tier
   * changes reported read as the merges undone one by one (any order would end with the same
   * tiers). A source that a delivery of the split which failed part-way gave back already is
   * found by the split's key for that merge, and the merges it made back are left out, so that
   * the split is planned again as it first was.
   */
  private List<Held> held(AccountKey person, String prefix) {
    List<Held> held = new ArrayList<>();
    Deque<AccountKey> targets = new ArrayDeque<>(List.of(person));
    while (!targets.isEmpty()) {
      Account target = accounts.get(targets.poll());
      if (target == null) {
        continue;
      }
      List<Held> merges = read(target, now -> {
        target.forgetDone(now.minus(idempotencyRetention));
        List<MergeRecord> records = new ArrayList<>(target.merges.values());
        records.sort(Comparator.comparingLong(MergeRecord::order).reversed());
        List<Held> into = new ArrayList<>();
        for (MergeRecord record : records) {
          if (record.key().startsWith(prefix + REMERGE)) {
            continue;
          }
          Account.Done done = target.done.get(prefix + record.key());
          Set<AccountKey> givenBack =
              done != null && done.result() instanceof AccountsUnmerged unmerged
                  ? Set.copyOf(unmerged.restored()) : Set.of();
          Set<AccountKey> sources = new TreeSet<>();
          record.parts().forEach((source, part) -> {
            if (!part.restored || givenBack.contains(source)) {
              sources.add(source);
            }
          });
          if (!sources.isEmpty()) {
            into.add(new Held(target.key, record.key(), record.order(), List.copyOf(sources)));
          }
        }
        return into;
      });
      merges.forEach(merge -> targets.addAll(merge.sources()));
      held.addAll(merges);
    }
    return held;
  }

  /**
   * The accounts among {@code held}'s targets that hold a part, directly or through other merges.
   * A merge into an account is listed after the merge that holds that account, so walking the
   * list backwards meets an account's merges before the merge it is a source of.
   */
  private static Set<AccountKey> holdingParts(List<Held> held, Set<AccountKey> parts) {
    Set<AccountKey> holding = new HashSet<>();
    for (int i = held.size() - 1; i >= 0; i--) {
      Held merge = held.get(i);
      for (AccountKey source : merge.sources()) {
        if (parts.contains(source) || holding.contains(source)) {
          holding.add(merge.target());
          break;
        }
      }
    }
    return holding;
  }

  /**
   * Logs the parts whose accounts a split leaves merged: only one merged into an account that the
   * split person's does not hold (by hand) can be, and nothing tells the split what to do with
   * it, so an operator must.
   */
  private void warnOfPartsLeftMerged(long sequence, AccountKey person, Set<AccountKey> parts) {
    for (AccountKey part : new TreeSet<>(parts)) {
      Account account = accounts.get(part);
      if (part.equals(person) || account == null) {
        continue;
      }
      read(account, now -> Optional.ofNullable(account.mergedInto)).ifPresent(away ->
          LOG.warn("identity split {} leaves account {} of a part merged into {} (merge {}), "
              + "which the split person's account {} does not hold: undo that merge by hand",
              sequence, part, away.target(), away.key(), person));
    }
  }

  // ---- locking, idempotency and events

  private Tx newTx(Instant now, String key) {
    return new Tx(now, key, sequence::incrementAndGet);
  }

  /**
   * Runs an operation under the locks of {@code locked}, once per idempotency key of {@code
   * holder}: a repeated key with the same request returns the first result, for as long as the
   * idempotency retention keeps it.
   */
  private <R> R run(String key, List<Object> request, Account holder, List<Account> locked,
      Class<R> type, Function<Tx, R> body) {
    Objects.requireNonNull(key, "key");
    List<R> result = new ArrayList<>(1);
    locked(locked, now -> {
      Tx tx = newTx(now, key);
      holder.forgetDone(now.minus(idempotencyRetention));
      Account.Done done = holder.done.get(key);
      if (done != null) {
        if (!done.request().equals(request)) {
          throw LoyaltyException.keyReused(key, done.request(), request);
        }
        result.add(type.cast(done.result()));
        return tx;
      }
      requireActive(holder);
      R value = body.apply(tx);
      holder.done.put(key, new Account.Done(request, value, now));
      result.add(value);
      return tx;
    });
    return result.get(0);
  }

  /**
   * Runs {@code body} with the accounts locked in key order, then delivers its events outside the
   * locks.
   */
  private Tx locked(List<Account> locked, Function<Instant, Tx> body) {
    List<Account> ordered = locked;
    if (locked.size() > 1) {
      ordered = new ArrayList<>(locked);
      ordered.sort((a, b) -> a.key.compareTo(b.key));
    }
    ordered.forEach(account -> account.lock.lock());
    Tx tx;
    try {
      tx = body.apply(clock.instant());
    } finally {
      for (int i = ordered.size() - 1; i >= 0; i--) {
        ordered.get(i).lock.unlock();
      }
    }
    for (LoyaltyEvent event : tx.events) {
      for (LoyaltyListener listener : listeners) {
        try {
          listener.onEvent(event);
        } catch (RuntimeException e) {
          LOG.warn("loyalty listener {} failed on {}", listener, event, e);
        }
      }
    }
    return tx;
  }

  private <R> R read(Account account, Function<Instant, R> query) {
    account.lock.lock();
    try {
      return query.apply(clock.instant());
    } finally {
      account.lock.unlock();
    }
  }

  /** Refuses to change an account whose content went into another, until a merge is undone. */
  private static void requireActive(Account account) {
    Account.MergedAway away = account.mergedInto;
    if (away != null) {
      throw LoyaltyException.of(LoyaltyException.Reason.ACCOUNT_MERGED, "account " + account.key
          + " was merged into " + away.target() + " (merge " + away.key() + ")");
    }
  }

  /** Refuses a null list or a null in it, naming the argument and the position. */
  private static <T> List<T> requireNoNulls(List<T> list, String name) {
    int index = 0;
    for (T element : Objects.requireNonNull(list, name)) {
      if (element == null) {
        throw new NullPointerException(name + "[" + index + "]");
      }
      index++;
    }
    return list;
  }

  private static void requirePositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + value);
    }
  }
}
