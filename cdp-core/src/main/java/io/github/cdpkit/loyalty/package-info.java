/**
 * Loyalty: programmes with their points currency, tiers, earn rules and benefits (会员积分, 等级,
 * 权益), a points ledger of lots with expiry and refunds, and the merging of accounts when two people
 * turn out to be one.
 *
 * <p>A {@link io.github.cdpkit.loyalty.LoyaltyService} holds the accounts of several {@link
 * io.github.cdpkit.loyalty.LoyaltyProgram}s, keyed by programme and {@link
 * io.github.cdpkit.identity.OneId}; its {@code identityListener()} makes the accounts follow the
 * merges and splits of identity resolution.
 *
 * <pre>{@code
 * LoyaltyService loyalty = LoyaltyService.builder()
 *     .program(LoyaltyProgram.builder("brand").earnRate(1, 100).build())
 *     .build();
 * AccountKey account = AccountKey.of("brand", oneId);
 * loyalty.enroll(account);
 * loyalty.earn("order-1", account, Purchase.of("order-1", Purchase.Line.of("tv", 499_900)));
 * long spendable = loyalty.balance(account).spendable();   // 4999
 * }</pre>
 */
@NullMarked
package io.github.cdpkit.loyalty;

import org.jspecify.annotations.NullMarked;
