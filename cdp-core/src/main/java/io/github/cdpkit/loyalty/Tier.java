package io.github.cdpkit.loyalty;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One step of a tier ladder.
 *
 * @param id the tier's id, such as {@code gold}
 * @param threshold how much of the ladder's {@link TierLadder.Basis} a member needs within the window
 *     to reach or keep the tier; at least 0
 * @param benefits the ids of the catalogue's benefits granted on reaching the tier
 */
public record Tier(String id, long threshold, List<String> benefits) {

  /**
   * Checks and copies the arguments.
   *
   * @param id the tier's id
   * @param threshold at least 0
   * @param benefits the ids of the benefits granted on reaching the tier
   * @throws IllegalArgumentException if {@code threshold} is negative
   */
  public Tier {
    Objects.requireNonNull(id, "id");
    if (threshold < 0) {
      throw new IllegalArgumentException("threshold cannot be negative: " + id + " " + threshold);
    }
    benefits = Checks.copyWithoutNulls(benefits, "benefits");
  }

  /**
   * Returns a tier that grants the given benefits.
   *
   * @param id the tier's id
   * @param threshold at least 0
   * @param benefits the ids of the benefits granted on reaching the tier
   * @return the tier
   */
  public static Tier of(String id, long threshold, String... benefits) {
    // Arrays.asList, not List.of, so that the constructor names a null benefit.
    return new Tier(id, threshold, Arrays.asList(Objects.requireNonNull(benefits, "benefits")));
  }
}
