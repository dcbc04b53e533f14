package io.github.cdpkit.testkit.population;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.event.ConflictRule;
import java.util.List;
import java.util.Objects;

/**
 * A link that the shared evidence of two generated people suggests and that a resolver with the
 * built-in identifier types must refuse: a household whose members share a phone or a device while
 * each holds a different member number.
 *
 * @param leftPerson the index of the household's first member
 * @param rightPerson the index of its second member, {@code leftPerson + 1}
 * @param sharedIdentifiers the identifiers both hold, normalised as the built-in types normalise
 *     them (a phone in E.164, a device id in upper case)
 * @param rule the guard that must refuse the link
 * @param limitedType the name of the identifier type whose per-person limit the link would break
 */
public record RefusedLink(
    int leftPerson,
    int rightPerson,
    List<Identifier> sharedIdentifiers,
    ConflictRule rule,
    String limitedType) {

  /**
   * Validates the link and copies the list.
   *
   * @param leftPerson the index of the household's first member, from 0
   * @param rightPerson the index of its second member, {@code leftPerson + 1}
   * @param sharedIdentifiers the identifiers both hold, normalised; at least one
   * @param rule the guard that must refuse the link
   * @param limitedType the name of the type whose limit the link would break
   * @throws NullPointerException if an argument but the indexes is null, or {@code
   *     sharedIdentifiers} holds a null; the message is its name, such as {@code
   *     sharedIdentifiers[1]}
   * @throws IllegalArgumentException if {@code leftPerson} is negative, {@code rightPerson} is not
   *     {@code leftPerson + 1}, or {@code sharedIdentifiers} is empty
   */
  public RefusedLink {
    if (leftPerson < 0) {
      throw new IllegalArgumentException("leftPerson must not be negative: " + leftPerson);
    }
    if (rightPerson != leftPerson + 1L) {
      throw new IllegalArgumentException("rightPerson must be leftPerson + 1 ("
          + (leftPerson + 1L) + "): " + rightPerson);
    }
    sharedIdentifiers = Lists.copyOf(sharedIdentifiers, "sharedIdentifiers");
    if (sharedIdentifiers.isEmpty()) {
      throw new IllegalArgumentException("sharedIdentifiers must not be empty: the link between"
          + " persons " + leftPerson + " and " + rightPerson + " has no evidence");
    }
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(limitedType, "limitedType");
  }
}
