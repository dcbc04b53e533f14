package io.github.cdpkit.loyalty;

/**
 * An account's points at one instant.
 *
 * @param total the sum of all the account's entries: spendable, pending and not yet expired by the
 *     expiry job, minus the debt
 * @param spendable what can be spent now
 * @param pending what becomes spendable later
 * @param debt what the account owes, zero or more; later earnings repay it first
 */
public record Balance(long total, long spendable, long pending, long debt) {}
