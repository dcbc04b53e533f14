package io.github.cdpkit.profile;

import static io.github.cdpkit.profile.ChannelAccessException.channelAccessDenied;
import static java.lang.Character.SURROGATE;

import com.fasterxml.jackson.databind.node.TextNode;
import io.github.cdpkit.core.internal.EpochMillis;
import io.github.cdpkit.core.internal.JacksonText;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.InvalidIdentifierException;
import io.github.cdpkit.identity.SourceRecord;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Imports a channel's export, for the platforms that offer no API (手工导入): a CSV or JSON lines
 * file, one record per row, mapped by a {@link ColumnMapping}.
 *
 * <p>Each row is checked whole before anything of it is written: the record id and the required
 * columns must not be empty (a cell of spaces of any kind, such as the ideographic space U+3000 or
 * the no-break space U+00A0, is empty, as everywhere in the row), at least one identifier must be
 * given, typed attributes and the observation time must parse, and the identifiers must be valid
 * for their types (the resolver checks them and changes nothing when one is not); no cell may hold
 * half a surrogate pair, which UTF-8 cannot write (a JSON escape such as <code>&#92;ud83d</code>).
 * A bad row is rejected with its line and a reason naming the column and the value, and leaves
 * nothing behind; the good rows are ingested through the {@link ProfileService}, as the channel's
 * records. Immutable and thread-safe; each {@link #read} is one import.
 *
 * <p>A JSON lines field's number is taken as written, as the text of a CSV cell is, and never goes
 * through a {@code double}: {@code 1e2} stays {@code 1e2} in a {@link AttributeType#TEXT}
 * attribute and becomes {@code 100} in a {@link AttributeType#NUMBER} one, and {@code
 * 0.1000000000000000055511151231257827} keeps every digit.
 *
 * <pre>{@code
 * ImportReport report = ProfileImporter.of(profiles, "tmall", mapping)
 *     .withProgress(10_000, (read, imported, rejected) -> log.info("{} rows", read))
 *     .read(Files.newBufferedReader(path), ImportFormat.CSV);
 * report.rejected().forEach(row -> log.warn("row {}: {}", row.row(), row.reason()));
 * }</pre>
 */
public final class ProfileImporter {

  private final ProfileService service;
  private final String channel;
  private final ColumnMapping mapping;
  private final int progressEvery;
  private final @Nullable ImportProgressListener progress;

  private ProfileImporter(ProfileService service, String channel, ColumnMapping mapping,
      int progressEvery, @Nullable ImportProgressListener progress) {
    this.service = service;
    this.channel = channel;
    this.mapping = mapping;
    this.progressEvery = progressEvery;
    this.progress = progress;
  }

  /**
   * Returns an importer of {@code channel}'s exports.
   *
   * @param service the user pool
   * @param channel the channel whose records the rows are
   * @param mapping how the columns map to the record
   * @return the importer
   * @throws ChannelAccessException if the channel has no grant or may not edit a mapped attribute,
   *     checked now so that no import stops halfway on it
   */
  public static ProfileImporter of(ProfileService service, String channel, ColumnMapping mapping) {
    ChannelGrant grant = service.grant(channel);
    for (ColumnMapping.AttributeColumn column : mapping.attributes()) {
      if (!grant.canEdit(column.attribute())) {
        throw channelAccessDenied(channel, "import attribute '" + column.attribute() + "'", null);
      }
    }
    return new ProfileImporter(service, channel, mapping, 0, null);
  }

  /**
   * Returns an importer that reports its progress every {@code everyRows} rows and once at the end.
   *
   * @param everyRows how many rows between two reports, at least 1
   * @param listener receives the counts
   * @return a new importer
   * @throws IllegalArgumentException if {@code everyRows} is less than 1
   */
  public ProfileImporter withProgress(int everyRows, ImportProgressListener listener) {
    if (everyRows < 1) {
      throw new IllegalArgumentException("everyRows must be at least 1: " + everyRows);
    }
    return new ProfileImporter(service, channel, mapping, everyRows,
        Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Imports every row of a file.
   *
   * @param in the file, with or without a byte order mark at its start (Windows editors write one);
   *     read to its end, not closed
   * @param format its format
   * @return what was imported and what was rejected
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if a CSV file has no header, or a header that is not valid
   *     CSV, repeats a mapped column or lacks one; nothing is imported (a column not mapped is
   *     ignored, however often the header names it)
   */
  public ImportReport read(Reader in, ImportFormat format) throws IOException {
    Reader text = withoutByteOrderMark(in);
    RowSource rows = format == ImportFormat.CSV
        ? CsvRows.open(text, mapping.columns())
        : new JsonLinesRows(text, mapping.columns());
    long read = 0;
    long imported = 0;
    List<RejectedRow> rejected = new ArrayList<>();
    for (Row row = rows.next(); row != null; row = rows.next()) {
      read++;
      String problem = row.problem();
      String reason = problem != null ? problem : importRow(row.cells());
      if (reason == null) {
        imported++;
      } else {
        rejected.add(new RejectedRow(row.line(), reason));
      }
      if (progress != null && read % progressEvery == 0) {
        progress.onProgress(read, imported, rejected.size());
      }
    }
    if (progress != null && read % progressEvery != 0) {
      progress.onProgress(read, imported, rejected.size());
    }
    return new ImportReport(read, imported, rejected);
  }

  /**
   * The file after its byte order mark, if it starts with one: else a CSV header's first column, or
   * a JSON line's first character, would hold it.
   */
  private static Reader withoutByteOrderMark(Reader in) throws IOException {
    PushbackReader text = new PushbackReader(in, 1);
    int first = text.read();
    if (first != -1 && first != '\uFEFF') {
      text.unread(first);
    }
    return text;
  }

  /** Checks and ingests one row; returns why it was rejected, or {@code null} if imported. */
  private @Nullable String importRow(Map<String, String> cells) {
    for (String column : mapping.columns()) {
      String value = cells.get(column);
      // a JSON escape writes one (an emoji cut in half by the exporter): kept, it would be a value
      // that no UTF-8 text can hold, which a log or a UTF-8 file shows as '?'
      if (value != null && value.codePoints().anyMatch(c -> Character.getType(c) == SURROGATE)) {
        return "column '" + column + "': half a surrogate pair, which UTF-8 cannot write: "
            + JacksonText.describe(TextNode.valueOf(value));
      }
    }
    String recordId = cell(cells, mapping.recordIdColumn());
    if (recordId == null) {
      return "record id column '" + mapping.recordIdColumn() + "' is empty";
    }
    for (String column : mapping.required()) {
      if (cell(cells, column) == null) {
        return "required column '" + column + "' is empty";
      }
    }
    SourceRecord.Builder record = SourceRecord.builder(channel, recordId);
    Map<Identifier, String> columnOf = new HashMap<>();
    for (ColumnMapping.IdentifierColumn column : mapping.identifiers()) {
      String value = cell(cells, column.column());
      if (value != null) {
        Identifier identifier = column.identifier(value);
        record.identifier(identifier);
        columnOf.put(identifier, column.column());
      }
    }
    if (columnOf.isEmpty()) {
      return "no identifier: columns " + mapping.identifiers().stream()
          .map(ColumnMapping.IdentifierColumn::column).toList() + " are all empty";
    }
    for (ColumnMapping.AttributeColumn column : mapping.attributes()) {
      String value = cell(cells, column.column());
      if (value != null) {
        try {
          record.attribute(column.attribute(), column.type().parse(value));
        } catch (IllegalArgumentException e) {
          return "column '" + column.column() + "': " + e.getMessage();
        }
      }
    }
    String observedAtColumn = mapping.observedAtColumn();
    String observedAt = observedAtColumn == null ? null : cell(cells, observedAtColumn);
    if (observedAt != null) {
      Instant instant;
      try {
        instant = Instant.parse(observedAt);
      } catch (DateTimeParseException e) {
        return "column '" + observedAtColumn + "': not an ISO instant: '" + observedAt + "'";
      }
      // SourceRecord refuses the rest of Instant's range, which would stop the whole import
      if (!EpochMillis.holds(instant)) {
        return "column '" + observedAtColumn + "': instant outside the range of epoch"
            + " milliseconds: '" + observedAt + "'";
      }
      record.observedAt(instant);
    }
    IngestResult result;
    try {
      result = service.ingest(channel, record.build());
    } catch (InvalidIdentifierException e) {
      return "column '" + columnOf.getOrDefault(e.identifier(), "?") + "': " + e.getMessage();
    }
    return result.outcome() == IngestResult.Outcome.REFUSED_ERASED
        ? "refused: the record or one of its identifiers belongs to an erased person"
        : null;
  }

  /**
   * The cell's value, or {@code null} if it holds nothing but spaces: the readers trim only ASCII
   * spaces and controls, and a cell of other spaces (U+3000 in a Chinese export, U+00A0 pasted
   * from a web page) holds no value either.
   */
  private static @Nullable String cell(Map<String, String> cells, String column) {
    String value = cells.get(column);
    return value == null
        || value.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))
        ? null : value;
  }
}
