package io.github.cdpkit.loyalty;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.loyalty.event.AccountsMerged;
import io.github.cdpkit.loyalty.event.AccountsUnmerged;
import io.github.cdpkit.loyalty.event.TierChanged;
import java.time.Instant;
import java.util.List;

/**
 * Loyalty accounts of several programmes: a points ledger with lots, expiry and refunds, tiers,
 * benefits, and the merging of accounts when two people turn out to be one.
 *
 * <p>Thread-safe. Every account has its own lock, so operations on different accounts run in
 * parallel while those on one account run one at a time; a merge locks its accounts in {@link
 * AccountKey} order. Every operation that changes an account takes an idempotency key: repeating it
 * with the same key and arguments changes nothing and returns the first result, while the same key
 * with different arguments is refused with {@link LoyaltyException.Reason#KEY_REUSED}, for as long
 * as the service keeps the key ({@link LoyaltyServiceBuilder#idempotencyRetention}). Every refusal
 * leaves the accounts unchanged. Time comes from the service's clock.
 *
 * <pre>{@code
 * LoyaltyService loyalty = LoyaltyService.builder().program(brand).clock(clock).build();
 * resolver.addListener(loyalty.identityListener());   // accounts follow OneID merges and splits
 * AccountKey account = AccountKey.of("brand", oneId);
 * loyalty.enroll(account);
 * loyalty.earn("order-1", account, Purchase.of("order-1", Line.of("fridge", 1_299_900)));
 * // ... once the programme's activation delay is over (the points are pending until then):
 * loyalty.burn("redeem-7", account, 500, "coupon");
 * Balance balance = loyalty.balance(account);
 * }</pre>
 */
public interface LoyaltyService {

  /**
   * Starts a service.
   *
   * @return the builder
   */
  static LoyaltyServiceBuilder builder() {
    return new LoyaltyServiceBuilder();
  }

  /**
   * Returns a registered programme.
   *
   * @param id the programme's id
   * @return the programme
   * @throws LoyaltyException with {@link LoyaltyException.Reason#UNKNOWN_PROGRAM} if none has the id
   */
  LoyaltyProgram program(String id);

  /**
   * Makes a person a member of a programme, at the lowest tier; does nothing if they already are.
   *
   * @param account the programme and the person
   * @return whether the account was created
   * @throws LoyaltyException if the programme is unknown
   */
  boolean enroll(AccountKey account);

  /**
   * Tells whether an account exists.
   *
   * @param account the account
   * @return whether the person is a member of the programme
   */
  boolean isMember(AccountKey account);

  /**
   * Earns the points of a purchase into one new lot, pending for the programme's activation delay
   * and expiring by its expiry; repays a debt first; adds tier-qualifying points, spend and one
   * order to the tier window, upgrading at once if a threshold is reached (and granting the tier's
   * benefits the account does not hold yet for it); grants the purchase's benefits.
   *
   * @param key the idempotency key
   * @param account the account
   * @param purchase the order; its id must be new to the account
   * @return the receipt
   * @throws LoyaltyException if the account is unknown or the key was used otherwise
   * @throws IllegalArgumentException if the account already earned for the order, or its points
   *     or tier-qualifying points pass {@link Long#MAX_VALUE}
   */
  Receipt earn(String key, AccountKey account, Purchase purchase);

  /**
   * Spends points from the spendable lots that expire first.
   *
   * @param key the idempotency key
   * @param account the account
   * @param points at least 1
   * @param reason what the points pay for, written on the entries
   * @return the receipt
   * @throws IllegalArgumentException if {@code points} is less than 1
   * @throws LoyaltyException with {@link LoyaltyException.Reason#INSUFFICIENT_POINTS} if fewer are
   *     spendable
   */
  Receipt burn(String key, AccountKey account, long points, String reason);

  /**
   * Corrects a balance by hand: a positive adjustment is a new lot with the programme's expiry,
   * active at once, which repays a debt first as an earning does; a negative one is taken from the
   * spendable lots like a burn.
   *
   * @param key the idempotency key
   * @param account the account
   * @param points not 0, not {@link Long#MIN_VALUE}
   * @param reason why, written on the entries
   * @return the receipt
   * @throws IllegalArgumentException if {@code points} is 0 or {@link Long#MIN_VALUE}
   * @throws LoyaltyException if a negative adjustment exceeds the spendable points
   */
  Receipt adjust(String key, AccountKey account, long points, String reason);

  /**
   * Refunds part or all of an order: takes back its points in proportion to the amount refunded so
   * far ({@code earned * refundedTotal / paid}, rounded down, minus what earlier refunds took), from
   * the lots the order created, then as the programme's {@link RefundPolicy} says; the tier window
   * loses the same proportion of the order's qualifying points and spend, and a full refund the
   * order itself. An order that came in with a merge from another programme has its figures
   * converted into this account's currency by the service's conversion: the totals refunded so
   * far, each time, so that a refund in parts takes back what a full one does.
   *
   * @param key the idempotency key
   * @param account the account
   * @param orderId the order
   * @param amountMinor the amount refunded now, at least 1
   * @return the receipt; {@link Receipt#forgiven()} tells what could not be taken back
   * @throws IllegalArgumentException if {@code amountMinor} is less than 1, or the order came in
   *     with a merge and its points or tier-qualifying points refunded so far pass {@link
   *     Long#MAX_VALUE} once converted (the merge converted only the points left in its lots)
   * @throws LoyaltyException if the order is unknown or more is refunded than it paid
   */
  Receipt refund(String key, AccountKey account, String orderId, long amountMinor);

  /**
   * The catch-up expiry job: expires every lot of every account whose expiry has passed. Safe to run
   * again at any time; a second run finds nothing to do.
   *
   * @return the number of points expired
   */
  long expire();

  /**
   * Returns the points of an account that expire before {@code before}, pending ones included.
   *
   * @param account the account
   * @param before the instant
   * @return the points
   */
  long expiringBefore(AccountKey account, Instant before);

  /**
   * Returns an account's balance now.
   *
   * @param account the account
   * @return the balance
   */
  Balance balance(AccountKey account);

  /**
   * Returns an account's lots that hold points or debt, earliest expiry first, the debt last.
   *
   * @param account the account
   * @return the lots
   */
  List<Lot> lots(AccountKey account);

  /**
   * Returns an account's ledger, every entry naming what created it: the balance, line by line.
   *
   * @param account the account
   * @return the entries in order
   */
  List<LedgerEntry> statement(AccountKey account);

  /**
   * Returns a member's tier and what is needed to keep it and to reach the next.
   *
   * @param account the account
   * @return the progress
   */
  TierProgress tier(AccountKey account);

  /**
   * Sets a member's tier by hand until {@code until}; then the earned tier applies again. An
   * override above the tier shown grants that tier's benefits the account does not hold yet for it
   * (benefits stay when the override ends). So does an override to a tier that a merge holds the
   * account at, or above, when the account without its merged sources would show a lower one: the
   * account's own copy is set aside behind a merged account's, to come back when that leaves with
   * an {@link #unmerge}; nothing is granted twice.
   *
   * @param key the idempotency key
   * @param account the account
   * @param tier the tier's id
   * @param until when the override ends, after now
   * @param reason why, written on the event
   * @return the event, or none if the tier shown does not change
   * @throws IllegalArgumentException if {@code until} is not after now
   * @throws LoyaltyException if the tier is unknown
   */
  List<TierChanged> overrideTier(
      String key, AccountKey account, String tier, Instant until, String reason);

  /**
   * The catch-up tier job: evaluates every member whose evaluation date has passed, with grace
   * periods and downgrades, and ends overrides past their end date. Safe to run again at any time.
   *
   * @return the tier changes it made
   */
  List<TierChanged> evaluateTiers();

  /**
   * Returns the benefits an account holds, used and expired ones included.
   *
   * @param account the account
   * @return the benefits in the order the account received them (by a grant, a merge or an
   *     unmerge)
   */
  List<Benefit> benefits(AccountKey account);

  /**
   * Grants a benefit of the programme's catalogue by hand.
   *
   * <p>A usable copy of a non-stacking benefit that came with a merged account is not refreshed,
   * since it goes back to that account if the merge is undone: the account gets a new copy, and of
   * the two the better is in view, the other set aside as a merge does. So a benefit granted after
   * a merge stays with the target when it is undone, as points earned after it do. The same holds
   * for the benefits a purchase grants.
   *
   * @param key the idempotency key
   * @param account the account
   * @param benefit the id of the catalogue's benefit
   * @return the benefit the account now holds: a new copy, or the refreshed copy of a non-stacking
   *     benefit; of a new copy and a merged account's, the better
   * @throws LoyaltyException if the benefit is not in the catalogue
   */
  Benefit grantBenefit(String key, AccountKey account, String benefit);

  /**
   * Uses a benefit once.
   *
   * @param key the idempotency key
   * @param account the account
   * @param benefitId the id of the account's benefit
   * @return the benefit after the use
   * @throws LoyaltyException if the benefit is unknown, expired or used up
   */
  Benefit useBenefit(String key, AccountKey account, String benefitId);

  /**
   * Merges accounts into one, as one transaction: lots move with their expiry and pending state,
   * converted into the target's currency, and so does the tier-qualifying history (at the same
   * rate, record by record); the tier is settled by the service's {@link
   * io.github.cdpkit.loyalty.spi.TierMergePolicy}, and a tier above the target's grants the
   * benefits the target does not hold yet for it; benefits accumulate, non-stacking duplicates
   * collapse to the better copy. The target is created if it does not exist, only once the merge
   * goes through (a refused merge creates nothing); the sources stay as
   * empty accounts that refuse every change ({@link LoyaltyException.Reason#ACCOUNT_MERGED}) and
   * are left out of tier evaluation until the merge is undone. The key is also the merge's key for
   * {@link #unmerge}.
   *
   * @param key the idempotency key
   * @param target the account that receives everything
   * @param sources the accounts merged into it, at least one, not the target
   * @return the merge
   * @throws LoyaltyException if a source or a programme is unknown, an account already merged into
   *     another, or the currencies do not convert
   * @throws IllegalArgumentException if a lot, a debt or a record of tier-qualifying points would
   *     pass {@link Long#MAX_VALUE} once converted
   */
  AccountsMerged merge(String key, AccountKey target, List<AccountKey> sources);

  /**
   * Merges, in every programme, the accounts of the absorbed people into the survivor's; what an
   * identity merge does. Programmes where no absorbed person is a member are left alone.
   *
   * @param key the idempotency key, shared by the merges of every programme
   * @param survivor the person who remains
   * @param absorbed the people merged into them
   * @return the merges, one per programme concerned
   */
  List<AccountsMerged> mergeMembers(String key, OneId survivor, List<OneId> absorbed);

  /**
   * Undoes a merge for all its sources not yet restored. Each source gets back its tier from before
   * the merge, its benefits, its tier history, and of each lot that came from it, the part not
   * spent or expired since, in its own currency: {@code originalPoints * remaining /
   * mergedPoints}, rounded down. Points earned after the merge, and a debt carried into it, stay
   * with the target.
   *
   * <p>A source gets back the benefits it brought as they are now (used ones stay used), those
   * that gave way to a better copy, in this merge or a later one, included; a copy that gave way
   * to one of them comes back to the target, where it gives way again to a better copy another
   * merge brought since. The benefits the target got while the source was merged stay with it:
   * those granted after the merge (see {@link #grantBenefit}), and the tier benefits the merge
   * itself granted, as benefits stay when a tier is lost at an evaluation or an override's end. A
   * tier the target reached itself while the source's copy of its benefits counted as held gives
   * the target its own copy once that one leaves, granted when the tier was reached.
   *
   * <p>The target's tier becomes the highest of: its own tier, the one it held before the first of
   * the merges it holds sources of (this one among them), not one a merge gave it; the tier the
   * history it keeps now earns; and the tier the service's {@link
   * io.github.cdpkit.loyalty.spi.TierMergePolicy} gives it with the sources still merged into it,
   * by this merge or by any other, earlier or later, each weighed with the tier it showed when it
   * merged, but no higher than the tier the target holds now (an evaluation may have lowered it
   * since). So undoing an older merge first keeps the tier a newer merge gave, as far as that
   * merge's sources justify it, and merges undone in any order leave the target the tier that
   * undoing them newest first does, as an identity split does: once none is left, its own tier or
   * what its own history earns, whichever is higher. An unmerge that gives nothing back leaves the
   * tier alone.
   *
   * @param key the idempotency key
   * @param target the account the merge went into
   * @param mergeKey the key of the merge
   * @return what was given back
   * @throws LoyaltyException if no such merge was recorded on the target
   */
  AccountsUnmerged unmerge(String key, AccountKey target, String mergeKey);

  /**
   * Returns the listener that makes accounts follow identity resolution: on {@link
   * io.github.cdpkit.identity.event.Merged}, {@link #mergeMembers} with the key {@code
   * identity-merge:<sequence>}; on {@link io.github.cdpkit.identity.event.Split}, the parts whose
   * accounts had merged into the split person get them back ({@link #unmerge}, key {@code
   * identity-split:<sequence>:<merge key>}, the newest merge undone first). Redelivered events
   * change nothing, and a split delivered again after it failed part-way (a {@link
   * io.github.cdpkit.loyalty.spi.LedgerStore} that threw) finishes what the first delivery began.
   *
   * <p>A split undoes the merges into the split person's account whose sources are among the
   * parts, then, level by level, the merges into the accounts it gave back. A part's account
   * merged, at any depth, into an account that is not a part gets it back too: the accounts in
   * between are taken out only to reach it, newest merge first, then merged back, in the order
   * they were first merged (so the deepest first), into the account each was in (key {@code
   * identity-split:<sequence>:remerge:<merge key>}), so they stay with the split person, or with
   * the part they were merged into. With A merged into B,
   * then B into C, a split of C into C and A undoes C's merge of B and B's merge of A, then merges
   * B into C again, as doing it by hand would: an {@link AccountsUnmerged} for each merge undone,
   * then an {@link AccountsMerged} for each merge back. The cost falls on the accounts merged
   * back: their lots come back and go again as new lots (across currencies, the points they get
   * back are rounded down before they are converted again), their tier is settled again by the
   * {@link io.github.cdpkit.loyalty.spi.TierMergePolicy} without the part's share, and their
   * merge has the new key. The split is not one atomic change: between its undo and its merge
   * back, an account taken out is live, so an earn or a burn on it meanwhile goes back with it, and
   * a merge of it elsewhere meanwhile makes the merge back fail (the listener throws, and every
   * redelivery again, leaving the account out until it is merged back by hand). A part's account
   * merged into one the split person's account does not hold (merged by hand, say) stays merged;
   * the split logs a warning naming both accounts.
   *
   * @return the listener
   */
  IdentityListener identityListener();
}
