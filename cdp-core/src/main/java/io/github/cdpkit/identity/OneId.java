package io.github.cdpkit.identity;

/**
 * The stable id of a resolved person.
 *
 * <p>Ids are issued in increasing order as people are first seen, so the smaller of two ids belongs to
 * the earlier-created person; that is the person who survives when two merge. An absorbed id stays
 * resolvable as an alias of its survivor ({@link IdentityResolver#current(OneId)}).
 *
 * <p>The text form is {@code oid-} followed by the decimal value, e.g. {@code oid-42}.
 *
 * @param value the id's number, at least 1
 */
public record OneId(long value) implements Comparable<OneId> {

  private static final String PREFIX = "oid-";

  /**
   * Validates the value.
   *
   * @param value the id's number, at least 1
   * @throws IllegalArgumentException if {@code value} is less than 1
   */
  public OneId {
    if (value < 1) {
      throw new IllegalArgumentException("OneId value must be at least 1: " + value);
    }
  }

  /**
   * Returns the id with the given value.
   *
   * @param value the id's number, at least 1
   * @return the id
   * @throws IllegalArgumentException if {@code value} is less than 1
   */
  public static OneId of(long value) {
    return new OneId(value);
  }

  /**
   * Parses the text form written by {@link #toString()}.
   *
   * @param text a text such as {@code oid-42}
   * @return the id
   * @throws IllegalArgumentException if {@code text} is not of that form, exactly
   */
  public static OneId parse(String text) {
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("OneId must start with '" + PREFIX + "': " + text);
    }
    String digits = text.substring(PREFIX.length());
    long value;
    try {
      value = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("OneId must end in a decimal number: " + text, e);
    }
    if (!Long.toString(value).equals(digits)) {
      throw new IllegalArgumentException(
          "OneId must be written as toString() writes it, without sign or leading zeros: " + text);
    }
    return new OneId(value);
  }

  @Override
  public int compareTo(OneId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return PREFIX + value;
  }
}
