package io.github.cdpkit.profile;

/** The formats {@link ProfileImporter} reads. */
public enum ImportFormat {
  /**
   * Comma-separated values (RFC 4180): a header row naming the columns, then one record per row;
   * values may be quoted, and a quoted value may hold commas, quotes (doubled) and line breaks.
   */
  CSV,
  /**
   * One JSON object per line, its fields named as the columns; blank lines are skipped. A field
   * holds one value: a string, a number, {@code true} or {@code false}, or {@code null} for an
   * empty cell. A number is taken as written, as a CSV cell is ({@code 1e2} stays {@code 1e2}),
   * never through a {@code double}.
   */
  JSON_LINES
}
