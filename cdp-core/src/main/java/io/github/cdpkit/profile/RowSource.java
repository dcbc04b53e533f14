package io.github.cdpkit.profile;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Reads the data rows of an import file one at a time. */
interface RowSource {

  /** Returns the next row, or {@code null} at the end of the file. */
  @Nullable Row next() throws IOException;
}
