package io.github.cdpkit.loyalty.internal;

import io.github.cdpkit.loyalty.Tier;
import io.github.cdpkit.loyalty.TierLadder;
import io.github.cdpkit.loyalty.TierProgress;
import io.github.cdpkit.loyalty.event.TierChanged;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tier arithmetic on one account, under its lock: windows, evaluation dates, upgrades at once and
 * the catch-up evaluation with grace periods and downgrades.
 */
final class Tiers {

  private Tiers() {}

  /** The start of the window that contains {@code at}. */
  static Instant periodStart(Account account, Instant at) {
    ZoneId zone = account.program.zone();
    ZonedDateTime local = at.atZone(zone);
    return switch (account.program.tiers().window()) {
      case ROLLING_12_MONTHS -> local.minusYears(1).toInstant();
      case CALENDAR_YEAR -> LocalDate.of(local.getYear(), 1, 1).atStartOfDay(zone).toInstant();
      case MEMBERSHIP_ANNIVERSARY -> {
        ZonedDateTime joined = account.joinedAt.atZone(zone);
        ZonedDateTime anniversary = joined.plusYears(local.getYear() - joined.getYear());
        yield (anniversary.isAfter(local) ? anniversary.minusYears(1) : anniversary).toInstant();
      }
    };
  }

  /** The first evaluation after {@code after}. */
  static Instant nextEvaluation(Account account, Instant after) {
    ZoneId zone = account.program.zone();
    return switch (account.program.tiers().window()) {
      case ROLLING_12_MONTHS -> after.atZone(zone).plusYears(1).toInstant();
      case CALENDAR_YEAR, MEMBERSHIP_ANNIVERSARY ->
          periodStart(account, after).atZone(zone).plusYears(1).toInstant();
    };
  }

  /** The basis the account reached from {@code from} (inclusive) to {@code until} (exclusive). */
  static long achieved(Account account, Instant from, Instant until) {
    return achieved(account.program.tiers().basis(), account.activity(), from, until);
  }

  /**
   * The basis {@code activities} reached from {@code from} (inclusive) to {@code until}
   * (exclusive), at most {@link Long#MAX_VALUE}: every threshold is a long, so a capped sum
   * reaches exactly the tiers the true one does.
   */
  static long achieved(
      TierLadder.Basis basis, List<Activity> activities, Instant from, Instant until) {
    // Refunds subtract, so the sum is kept exact and capped only at the end: capping as it goes
    // would let a refund take from the capped sum what the cap never added. Each amount is a
    // long, so one addition wraps around at most once, and counting the wraps keeps it exact.
    long sum = 0;
    long wraps = 0;
    for (Activity activity : activities) {
      if (!activity.at().isBefore(from) && activity.at().isBefore(until)) {
        long amount = activity.amount(basis);
        long next = sum + amount;
        if (amount > 0 && next < sum) {
          wraps++;
        } else if (amount < 0 && next > sum) {
          wraps--;
        }
        sum = next;
      }
    }
    return wraps > 0 ? Long.MAX_VALUE : wraps < 0 ? Long.MIN_VALUE : sum;
  }

  /** The basis the account reached in the current window, up to and including {@code now}. */
  static long achievedNow(Account account, Instant now) {
    return achieved(account, periodStart(account, now), now.plusNanos(1));
  }

  static int rank(Account account, String tier) {
    return account.program.tiers().rank(tier);
  }

  static Tier tierAt(Account account, int rank) {
    return account.program.tiers().tiers().get(rank);
  }

  /** Sets the earned tier, with an event if the tier shown changes. */
  static void change(
      Account account, Tx tx, String to, TierChanged.Reason reason, String cause) {
    String before = account.tier(tx.now);
    account.earnedTier = to;
    String after = account.tier(tx.now);
    if (!before.equals(after)) {
      tx.events.add(new TierChanged(account.key, tx.now, before, after, reason, cause));
    }
  }

  /**
   * Moves the account up at once if the current window reaches a higher tier.
   *
   * @return the tier reached, or {@code null} if none
   */
  static @Nullable Tier upgrade(Account account, Tx tx, String cause) {
    List<Tier> tiers = account.program.tiers().tiers();
    int current = rank(account, account.earnedTier);
    if (current == tiers.size() - 1
        || (account.windowBound >= 0
            && account.windowBound < tiers.get(current + 1).threshold())) {
      return null;
    }
    long achieved = achievedNow(account, tx.now);
    account.windowBound = achieved;
    int qualified = account.program.tiers().qualifiedRank(achieved);
    if (qualified <= current) {
      return null;
    }
    Tier reached = tierAt(account, qualified);
    change(account, tx, reached.id(), TierChanged.Reason.UPGRADE, cause);
    account.graceUntil = null;
    if (account.program.tiers().window() == TierLadder.Window.ROLLING_12_MONTHS) {
      account.evaluationAt = nextEvaluation(account, tx.now);
    }
    return reached;
  }

  /** Runs every evaluation due by {@code tx.now}, oldest first, and ends a past override. */
  static void evaluate(Account account, Tx tx) {
    TierLadder ladder = account.program.tiers();
    while (!account.evaluationAt.isAfter(tx.now)) {
      Instant at = account.evaluationAt;
      Instant windowStart = at.atZone(account.program.zone()).minusYears(1).toInstant();
      int qualified = ladder.qualifiedRank(achieved(account, windowStart, at));
      int current = rank(account, account.earnedTier);
      if (qualified >= current) {
        account.graceUntil = null;
        account.evaluationAt = nextEvaluation(account, at);
      } else if (!ladder.grace().isZero() && account.graceUntil == null) {
        Instant graceEnd = at.atZone(account.program.zone()).plus(ladder.grace()).toInstant();
        account.graceUntil = graceEnd;
        account.evaluationAt = graceEnd;
      } else {
        int to = ladder.downgrade() == TierLadder.Downgrade.ONE_STEP
            ? Math.max(qualified, current - 1)
            : qualified;
        change(account, tx, tierAt(account, to).id(), TierChanged.Reason.DOWNGRADE,
            "evaluation:" + at);
        account.graceUntil = null;
        account.evaluationAt = nextEvaluation(account, at);
      }
    }
    String override = account.overrideTier;
    Instant until = account.overrideUntil;
    if (override != null && until != null && !tx.now.isBefore(until)) {
      account.overrideTier = null;
      account.overrideUntil = null;
      if (!override.equals(account.earnedTier)) {
        tx.events.add(new TierChanged(account.key, tx.now, override, account.earnedTier,
            TierChanged.Reason.OVERRIDE_ENDED, "override-ended:" + until));
      }
    }
  }

  static TierProgress progress(Account account, Instant now) {
    List<Tier> tiers = account.program.tiers().tiers();
    int earned = rank(account, account.earnedTier);
    long achieved = achievedNow(account, now);
    Tier next = earned + 1 < tiers.size() ? tiers.get(earned + 1) : null;
    Instant until = account.overrideUntil;
    return new TierProgress(
        account.tier(now),
        account.earnedTier,
        next == null ? null : next.id(),
        achieved,
        Math.max(0, tiers.get(earned).threshold() - achieved),
        next == null ? 0 : Math.max(0, next.threshold() - achieved),
        account.evaluationAt,
        until != null && now.isBefore(until) ? until : null);
  }
}
