package io.github.cdpkit.loyalty;

import java.time.Instant;

/**
 * Points earned together, with their own expiry and activation: what an account holds, lot by lot.
 *
 * @param id the sequence number of the entry that created the lot; negative for the debt
 * @param remaining the points left; zero or less for the debt
 * @param expiresAt when the lot expires ({@link Instant#MAX} for never)
 * @param activatesAt when the lot's points become spendable
 */
public record Lot(long id, long remaining, Instant expiresAt, Instant activatesAt) {

  /**
   * Tells whether the lot's points can be spent at {@code now}.
   *
   * @param now the instant
   * @return whether it holds points, is active and has not expired
   */
  public boolean isSpendableAt(Instant now) {
    return remaining > 0 && !activatesAt.isAfter(now) && expiresAt.isAfter(now);
  }
}
