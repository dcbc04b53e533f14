package io.github.cdpkit.profile;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One data row of an import file: its line, its cells by column, or why it could not be read.
 *
 * @param line the row's first line in the file, 1-based
 * @param cells the values of the mapped columns that are present, trimmed
 * @param problem why the row cannot be read, or {@code null}
 */
record Row(long line, Map<String, String> cells, @Nullable String problem) {

  static Row unreadable(long line, String problem) {
    return new Row(line, Map.of(), problem);
  }
}
