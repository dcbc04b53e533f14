package io.github.cdpkit.loyalty;

/**
 * An account's points at one instant.
 *
 * @param total the sum of all the account's entries: spendable, pending and not yet expired by the
 *     expiry job, minus the debt
 * @param spendable what can be spent now
 * @param pending what becomes spendable later
 * @param debt what the account owes, zero or more; later earnings and positive adjustments repay
 *     it first, as soon as they are made and even while pending (see {@link EntryType#REPAY}), so
 *     that {@code pending} and {@code spendable} show only what is left after repaying
 */
public record Balance(long total, long spendable, long pending, long debt) {}
