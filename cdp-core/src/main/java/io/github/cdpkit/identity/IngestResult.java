package io.github.cdpkit.identity;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What happened when one record was ingested.
 *
 * @param record the record's key
 * @param outcome what happened
 * @param oneId the person the record belongs to now; {@code null} only when the record was
 *     {@linkplain Outcome#REFUSED_ERASED refused}
 * @param absorbed for {@link Outcome#MERGED}, the ids that became aliases of {@code oneId}; else
 *     empty
 * @param ignored identifiers of the record that link nothing because they are blocked junk, in the
 *     record's order
 */
public record IngestResult(
    RecordKey record,
    Outcome outcome,
    @Nullable OneId oneId,
    List<OneId> absorbed,
    List<Identifier> ignored) {

  /**
   * Copies the lists.
   *
   * @param record the record's key
   * @param outcome what happened
   * @param oneId the person the record belongs to now; {@code null} only when the record was
   *     {@linkplain Outcome#REFUSED_ERASED refused}
   * @param absorbed for {@link Outcome#MERGED}, the ids that became aliases of {@code oneId}; else
   *     empty
   * @param ignored identifiers of the record that link nothing because they are blocked junk, in
   *     the record's order
   */
  public IngestResult {
    absorbed = List.copyOf(absorbed);
    ignored = List.copyOf(ignored);
  }

  /** What happened to an ingested record. */
  public enum Outcome {
    /** The record shares no identifier with anyone known: a new person. */
    NEW_PERSON,
    /** The record joined one existing person. */
    JOINED,
    /** The record linked several existing people, who merged into one. */
    MERGED,
    /** The record was known; its new identifiers were added to its evidence. */
    UPDATED,
    /**
     * The record carried an identifier of an erased person, or was itself erased, and was not
     * ingested.
     */
    REFUSED_ERASED
  }
}
