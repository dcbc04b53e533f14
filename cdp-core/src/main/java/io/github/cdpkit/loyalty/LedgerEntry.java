package io.github.cdpkit.loyalty;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a points ledger. Entries are appended, never edited; a correction is a new entry. An
 * account's balance is the sum of its entries' points, and a lot's remaining points the sum of the
 * entries that name it.
 *
 * <p>A lot is named by the sequence number of the entry that created it; a negative lot id names an
 * account's debt, which never expires and holds zero or fewer points.
 *
 * @param sequence unique and increasing within an account, at least 1
 * @param account the account
 * @param type what the entry records
 * @param points the change, positive or negative
 * @param lot the lot the points were added to or taken from
 * @param expiresAt when the lot expires ({@link Instant#MAX} for never)
 * @param activatesAt when the lot's points become spendable
 * @param at when the entry was made
 * @param operation the idempotency key of the operation that made the entry; the entries of one
 *     operation share it
 * @param source the rule or operation that made the entry, such as {@code earn:order-1 x2
 *     (singles-day)} or {@code burn:coupon}, so that a balance can be explained line by line
 */
public record LedgerEntry(
    long sequence,
    AccountKey account,
    EntryType type,
    long points,
    long lot,
    Instant expiresAt,
    Instant activatesAt,
    Instant at,
    String operation,
    String source) {

  /**
   * Checks the arguments.
   *
   * @param sequence at least 1
   * @param account the account
   * @param type what the entry records
   * @param points the change
   * @param lot the lot, not 0
   * @param expiresAt when the lot expires
   * @param activatesAt when the lot's points become spendable
   * @param at when the entry was made
   * @param operation the operation's idempotency key
   * @param source the rule or operation that made the entry
   * @throws IllegalArgumentException if {@code sequence} is less than 1 or {@code lot} is 0
   */
  public LedgerEntry {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1: " + sequence);
    }
    if (lot == 0) {
      throw new IllegalArgumentException("lot cannot be 0");
    }
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(activatesAt, "activatesAt");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(source, "source");
  }
}
