package io.github.cdpkit.identity;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Why two identifiers belong to one person: the chain of records, each linked to the next by a
 * shared identifier or by an operator's manual merge.
 *
 * @param from the first identifier, normalised
 * @param to the second identifier, normalised
 * @param record a record holding {@code from}, where the chain starts
 * @param links the chain, from a record holding {@code from} to a record holding {@code to}; empty
 *     when one record holds both
 */
public record Explanation(Identifier from, Identifier to, RecordKey record, List<Link> links) {

  /**
   * Copies the list.
   *
   * @param from the first identifier, normalised
   * @param to the second identifier, normalised
   * @param record a record holding {@code from}, where the chain starts
   * @param links the chain, from a record holding {@code from} to a record holding {@code to};
   *     empty when one record holds both
   */
  public Explanation {
    links = List.copyOf(links);
  }

  /**
   * One step of the chain.
   *
   * @param left a record
   * @param right the next record
   * @param shared the identifier both hold, or {@code null} when an operator merged them by hand
   */
  public record Link(RecordKey left, RecordKey right, @Nullable Identifier shared) {}
}
