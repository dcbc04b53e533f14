package io.github.cdpkit.loyalty;

import java.time.Instant;

/**
 * A benefit an account holds: one grant of a catalogue entry.
 *
 * @param id the grant's id, unique within the service
 * @param definition the catalogue entry
 * @param remaining the uses left
 * @param grantedAt when it was granted
 * @param validUntil the first instant at which it can no longer be used
 * @param source why it was granted, such as {@code tier:gold} or {@code order:o-1}
 */
public record Benefit(
    String id,
    BenefitDefinition definition,
    int remaining,
    Instant grantedAt,
    Instant validUntil,
    String source) {

  /**
   * Tells whether the benefit can be used at {@code now}.
   *
   * @param now the instant
   * @return whether uses are left and it is still valid
   */
  public boolean isUsableAt(Instant now) {
    return remaining > 0 && validUntil.isAfter(now);
  }
}
