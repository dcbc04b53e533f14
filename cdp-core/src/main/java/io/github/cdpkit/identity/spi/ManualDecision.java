package io.github.cdpkit.identity.spi;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.RecordKey;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A decision an operator made that the evidence alone would not: two records belong together, two
 * records must never be one person, or one identifier of a record must not link.
 *
 * <p>Decisions are kept between records, not between ids: a manual merge of two people is a link
 * between one record of each, so it holds however the people change later.
 *
 * @param kind the kind of decision
 * @param left a record
 * @param right the other record, for {@link Kind#MUST_LINK} and {@link Kind#CANNOT_LINK}
 * @param identifier the excluded identifier, normalised, for {@link Kind#EXCLUDED_LINK}
 */
public record ManualDecision(
    Kind kind, RecordKey left, @Nullable RecordKey right, @Nullable Identifier identifier) {

  /**
   * Validates that the parts fit the kind.
   *
   * @param kind the kind of decision
   * @param left a record
   * @param right the other record, for {@link Kind#MUST_LINK} and {@link Kind#CANNOT_LINK}
   * @param identifier the excluded identifier, normalised, for {@link Kind#EXCLUDED_LINK}
   * @throws IllegalArgumentException if a part the kind needs is missing or one it does not use is
   *     given
   */
  public ManualDecision {
    boolean pair = kind != Kind.EXCLUDED_LINK;
    if (pair != (right != null) || pair == (identifier != null)) {
      throw new IllegalArgumentException(kind + " takes "
          + (pair ? "two records and no identifier" : "one record and an identifier")
          + ": " + left + ", " + right + ", " + identifier);
    }
    if (pair && left.equals(right)) {
      throw new IllegalArgumentException(kind + " needs two different records: " + left);
    }
  }

  /**
   * Returns a decision that the records belong to one person.
   *
   * @param left a record
   * @param right another record
   * @return the decision, with the smaller key on the left
   */
  public static ManualDecision mustLink(RecordKey left, RecordKey right) {
    return pair(Kind.MUST_LINK, left, right);
  }

  /**
   * Returns a decision that the records must never be one person.
   *
   * @param left a record
   * @param right another record
   * @return the decision, with the smaller key on the left
   */
  public static ManualDecision cannotLink(RecordKey left, RecordKey right) {
    return pair(Kind.CANNOT_LINK, left, right);
  }

  /**
   * Returns a decision that {@code identifier} of {@code record} must not link.
   *
   * @param record the record
   * @param identifier the normalised identifier
   * @return the decision
   */
  public static ManualDecision excludedLink(RecordKey record, Identifier identifier) {
    return new ManualDecision(Kind.EXCLUDED_LINK, record, null, identifier);
  }

  private static ManualDecision pair(Kind kind, RecordKey a, RecordKey b) {
    Objects.requireNonNull(a, "left");
    Objects.requireNonNull(b, "right");
    return a.compareTo(b) <= 0
        ? new ManualDecision(kind, a, b, null)
        : new ManualDecision(kind, b, a, null);
  }

  /** The kinds of manual decision. */
  public enum Kind {
    /** The two records belong to one person, whatever the limits say. */
    MUST_LINK,
    /** The two records must never be one person. */
    CANNOT_LINK,
    /** The identifier of the record must not link, even when the record is ingested again. */
    EXCLUDED_LINK
  }
}
