package io.github.cdpkit.identity;

/**
 * Thrown when an identifier cannot be used: its type is unknown, its value is empty or malformed, or
 * its namespace is missing or not allowed. The message names the value and the rule it broke; the
 * resolver's state is unchanged.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The identifier as given. */
  private final transient Identifier identifier;

  /** A short name of the broken rule. */
  private final String rule;

  /** What is wrong, in a few words. */
  private final String reason;

  private InvalidIdentifierException(Identifier identifier, String rule, String reason) {
    super("invalid identifier " + identifier + " (" + rule + "): " + reason);
    this.identifier = identifier;
    this.rule = rule;
    this.reason = reason;
  }

  /**
   * Creates the exception for {@code identifier}, which broke {@code rule} for {@code reason}.
   *
   * @param identifier the identifier as given
   * @param rule a short name of the broken rule, such as {@code unknown-type} or {@code phone-format}
   * @param reason what is wrong, in a few words
   * @return the exception
   */
  public static InvalidIdentifierException invalidIdentifier(
      Identifier identifier, String rule, String reason) {
    return new InvalidIdentifierException(identifier, rule, reason);
  }

  /**
   * Returns the identifier as given.
   *
   * @return the identifier
   */
  public Identifier identifier() {
    return identifier;
  }

  /**
   * Returns what is wrong, in a few words, without the identifier and rule the message adds.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /**
   * Returns the short name of the broken rule.
   *
   * @return the rule, such as {@code unknown-type}
   */
  public String rule() {
    return rule;
  }
}
