package io.github.cdpkit.examples.cli;

import io.github.cdpkit.identity.SourceRecord;
import java.io.Closeable;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Reads the source records of a channel export one at a time, so that big files stream. */
interface RecordReader extends Closeable {

  /**
   * The most characters a record may take, as a line of JSON lines or a row of CSV (with the line
   * breaks in its quoted cells), its own line break not counted: far more than a person's
   * identifiers fill, and few enough that a whole export as one JSON array on one line, or a CSV
   * quote never closed, is refused before it is held in memory whole (it ran out of memory, with a
   * stack trace).
   */
  int MAX_RECORD_CHARS = 1 << 20;

  /**
   * Returns the next record.
   *
   * @return the record, or {@code null} at the end of the input
   * @throws IOException if reading fails
   * @throws BadInputException if the next record is malformed; the exception names its line
   */
  @Nullable SourceRecord next() throws IOException, BadInputException;

  /**
   * Returns the line the last record returned by {@link #next()} started on.
   *
   * @return the 1-based line
   */
  long line();
}
