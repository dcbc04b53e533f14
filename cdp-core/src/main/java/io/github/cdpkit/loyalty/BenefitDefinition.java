package io.github.cdpkit.loyalty;

import java.time.Period;
import java.util.Objects;

/**
 * A benefit (权益) of a programme's catalogue, such as a joint warranty, a VIP video membership or a
 * free cleaning service.
 *
 * @param id the benefit's id in the catalogue
 * @param name what the member sees
 * @param quantity how many uses one grant gives, at least 1
 * @param validity how long a grant can be used, from the grant, in the programme's zone
 * @param stackable whether a member may hold several usable copies; if not, a second grant or a
 *     merge keeps only the better copy (more uses left, then the later end)
 */
public record BenefitDefinition(
    String id, String name, int quantity, Period validity, boolean stackable) {

  /**
   * Checks the arguments.
   *
   * @param id the benefit's id
   * @param name what the member sees
   * @param quantity at least 1
   * @param validity positive
   * @param stackable whether a member may hold several usable copies
   * @throws IllegalArgumentException if {@code quantity} is less than 1 or {@code validity} is not
   *     positive
   */
  public BenefitDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(validity, "validity");
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be at least 1: " + id + " " + quantity);
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + id + " " + validity);
    }
  }
}
