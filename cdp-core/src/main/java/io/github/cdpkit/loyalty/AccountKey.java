package io.github.cdpkit.loyalty;

import io.github.cdpkit.identity.OneId;
import java.util.Comparator;
import java.util.Objects;

/**
 * Names one loyalty account: a person's membership of one programme. Ordered by programme id, then
 * person, which is the order in which a merge locks several accounts.
 *
 * @param program the programme's id
 * @param member the person
 */
public record AccountKey(String program, OneId member) implements Comparable<AccountKey> {

  private static final Comparator<AccountKey> ORDER =
      Comparator.comparing(AccountKey::program).thenComparing(AccountKey::member);

  /**
   * Checks the arguments.
   *
   * @param program the programme's id
   * @param member the person
   */
  public AccountKey {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(member, "member");
  }

  /**
   * Returns the key of {@code member}'s account in {@code program}.
   *
   * @param program the programme's id
   * @param member the person
   * @return the key
   */
  public static AccountKey of(String program, OneId member) {
    return new AccountKey(program, member);
  }

  @Override
  public int compareTo(AccountKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return program + "/" + member;
  }
}
