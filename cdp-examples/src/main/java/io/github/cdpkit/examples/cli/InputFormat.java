package io.github.cdpkit.examples.cli;

import io.github.cdpkit.identity.IdentifierTypes;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The formats {@code cdp resolve} reads, told apart by the file's extension. */
enum InputFormat {

  /** CSV with the header {@code source,record_id,} and one column per identifier type. */
  CSV,
  /** One JSON object per line, {@code {"source":…,"recordId":…,"identifiers":{…}}}. */
  JSON_LINES;

  /**
   * Returns the format of {@code file}, by its extension, ignoring case.
   *
   * @param file the file
   * @return the format, or empty if the extension is none of {@code .csv}, {@code .jsonl},
   *     {@code .ndjson} and {@code .json}
   */
  static Optional<InputFormat> of(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
      return Optional.of(JSON_LINES);
    }
    return Optional.empty();
  }

  /**
   * Opens a reader of records in this format.
   *
   * @param in the text; closed with the reader
   * @param types the identifier types that columns and keys may name
   * @return the reader
   */
  RecordReader open(Reader in, IdentifierTypes types) {
    return this == CSV ? new CsvRecordReader(in, types) : new JsonLinesRecordReader(in, types);
  }
}
