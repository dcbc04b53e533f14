package io.github.cdpkit.testkit.population;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.event.ConflictRule;
import java.util.List;

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
   * Copies the list.
   *
   * @param leftPerson the index of the household's first member
   * @param rightPerson the index of its second member
   * @param sharedIdentifiers the identifiers both hold, normalised
   * @param rule the guard that must refuse the link
   * @param limitedType the name of the type whose limit the link would break
   */
  public RefusedLink {
    sharedIdentifiers = List.copyOf(sharedIdentifiers);
  }
}
