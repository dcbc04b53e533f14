package io.github.cdpkit.examples.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes CSV that {@link CsvReader} and spreadsheets read back: cells separated by commas, rows
 * ended by {@code \n}, and a cell that holds a comma, a quote or a line break put in double quotes
 * with its quotes doubled. Not thread-safe.
 */
final class CsvWriter implements Closeable {

  private final Writer out;

  /**
   * Writes to {@code out}.
   *
   * @param out where the rows go; closed by {@link #close()}
   */
  CsvWriter(Writer out) {
    this.out = out;
  }

  /**
   * Writes one row.
   *
   * @param cells the cells, in order
   * @throws IOException if writing fails
   */
  void row(String... cells) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      String cell = cells[i];
      if (needsQuotes(cell)) {
        out.write('"');
        out.write(cell.replace("\"", "\"\""));
        out.write('"');
      } else {
        out.write(cell);
      }
    }
    out.write('\n');
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static boolean needsQuotes(String cell) {
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }
}
