package io.github.cdpkit.examples.cli;

import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.SourceRecord;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads records from CSV: a header {@code source,record_id,} followed by one column per identifier
 * type, then one row per record. A cell may hold several values separated by {@code |}; a value of
 * a namespaced type is written {@code namespace:value}; an empty cell holds no value.
 *
 * <pre>
 * source,record_id,phone,email,wechat_openid
 * tmall,A-1,138 0013 8000|139 0000 1111,,
 * wechat,C-1,,li@example.com,wxapp1:oAbC123
 * </pre>
 */
final class CsvRecordReader implements RecordReader {

  private static final String SOURCE = "source";
  private static final String RECORD_ID = "record_id";

  private final CsvReader csv;
  private final IdentifierTypes types;
  private @Nullable List<IdentifierType> columns;

  /**
   * Reads from {@code in}.
   *
   * @param in the text; closed by {@link #close()}
   * @param types the identifier types the header may name
   */
  CsvRecordReader(Reader in, IdentifierTypes types) {
    this.csv = new CsvReader(in);
    this.types = types;
  }

  @Override
  public @Nullable SourceRecord next() throws IOException, BadInputException {
    List<IdentifierType> identifierColumns = columns;
    if (identifierColumns == null) {
      identifierColumns = readHeader();
      columns = identifierColumns;
    }
    List<String> cells = csv.next();
    if (cells == null) {
      return null;
    }
    long line = csv.line();
    int expected = identifierColumns.size() + 2;
    if (cells.size() != expected) {
      throw new BadInputException(line, "expected " + expected + " cells as in the header, found "
          + cells.size());
    }
    String source = cells.get(0).trim();
    String recordId = cells.get(1).trim();
    if (source.isEmpty()) {
      throw new BadInputException(line, "source is empty");
    }
    if (recordId.isEmpty()) {
      throw new BadInputException(line, "record_id is empty");
    }
    SourceRecord.Builder record = IdentifierValues.record(source, recordId, line);
    for (int i = 0; i < identifierColumns.size(); i++) {
      IdentifierType type = identifierColumns.get(i);
      String cell = cells.get(i + 2);
      // Split at each | by hand: most cells are empty or hold one value, and String.split would
      // allocate a list and an array for each.
      int from = 0;
      while (from < cell.length()) {
        int bar = cell.indexOf('|', from);
        int to = bar < 0 ? cell.length() : bar;
        String value = cell.substring(from, to).trim();
        if (!value.isEmpty()) {
          record.identifier(IdentifierValues.parse(type, value, line));
        }
        from = to + 1;
      }
    }
    return record.build();
  }

  @Override
  public long line() {
    return csv.line();
  }

  @Override
  public void close() throws IOException {
    csv.close();
  }

  private List<IdentifierType> readHeader() throws IOException, BadInputException {
    List<String> header = csv.next();
    if (header == null) {
      throw new BadInputException(1, "the file is empty; it must start with the header "
          + "source,record_id,<identifier types>");
    }
    long line = csv.line();
    if (header.size() < 2 || !header.get(0).trim().equals(SOURCE)
        || !header.get(1).trim().equals(RECORD_ID)) {
      throw new BadInputException(line, "the header must start with source,record_id, found: "
          + String.join(",", header));
    }
    List<IdentifierType> identifierColumns = new ArrayList<>();
    for (int i = 2; i < header.size(); i++) {
      String name = header.get(i).trim();
      Optional<IdentifierType> type = types.find(name);
      if (type.isEmpty()) {
        throw new BadInputException(line, "column " + (i + 1) + " '" + name
            + "' is not a known identifier type (known: " + IdentifierValues.typeNames(types)
            + ")");
      }
      if (identifierColumns.contains(type.get())) {
        throw new BadInputException(line, "column " + (i + 1) + " '" + name
            + "' appears twice in the header");
      }
      identifierColumns.add(type.get());
    }
    return identifierColumns;
  }
}
