package io.github.cdpkit.profile;

import java.util.List;

/**
 * What an import did: every data row read was either imported whole or rejected with a reason.
 *
 * @param rowsRead how many data rows were read (the CSV header not counted)
 * @param imported how many rows were imported
 * @param rejected the rejected rows, in file order
 */
public record ImportReport(long rowsRead, long imported, List<RejectedRow> rejected) {

  /**
   * Copies the list.
   *
   * @param rowsRead how many data rows were read
   * @param imported how many rows were imported
   * @param rejected the rejected rows, in file order
   */
  public ImportReport {
    rejected = List.copyOf(rejected);
  }
}
