package io.github.cdpkit.examples.cli;

import io.github.cdpkit.identity.SourceRecord;
import java.io.Closeable;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Reads the source records of a channel export one at a time, so that big files stream. */
interface RecordReader extends Closeable {

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
