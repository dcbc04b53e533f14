package io.github.cdpkit.loyalty;

import java.util.List;

/**
 * What one ledger operation did. Repeating the operation with the same idempotency key returns the
 * same receipt.
 *
 * @param operation the idempotency key
 * @param account the account
 * @param entries the entries the operation appended, in order
 * @param points the net change of the balance
 * @param forgiven for a refund, the points that could not be taken back under the programme's
 *     {@link RefundPolicy}; else 0
 * @param total the account's {@linkplain Balance#total() total} right after the operation
 */
public record Receipt(
    String operation,
    AccountKey account,
    List<LedgerEntry> entries,
    long points,
    long forgiven,
    long total) {

  /**
   * Copies the list.
   *
   * @param operation the idempotency key
   * @param account the account
   * @param entries the entries the operation appended
   * @param points the net change of the balance
   * @param forgiven for a refund, the points that could not be taken back
   * @param total the account's total right after the operation
   */
  public Receipt {
    entries = List.copyOf(entries);
  }
}
