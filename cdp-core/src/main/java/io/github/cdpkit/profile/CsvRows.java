package io.github.cdpkit.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.github.cdpkit.core.internal.JacksonText;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a CSV file, read with Jackson's CSV parser: without a schema it gives each record as
 * an array of strings, and the location of the record's first value is the record's first line.
 */
final class CsvRows implements RowSource {

  private static final CsvFactory FACTORY = CsvFactory.builder()
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      .build();

  private final JsonParser parser;
  private final List<String> header;
  private final Map<String, Integer> mappedIndex = new HashMap<>();
  private boolean broken;

  private CsvRows(JsonParser parser, List<String> header, Set<String> mappedColumns) {
    this.parser = parser;
    this.header = header;
    for (String column : mappedColumns) {
      mappedIndex.put(column, header.indexOf(column));
    }
  }

  /**
   * Reads the header, its names trimmed as the cells are, and checks that it names every mapped
   * column once.
   *
   * @throws IllegalArgumentException if the file has no header, or the header is not valid CSV,
   *     repeats a mapped column or lacks one
   */
  static CsvRows open(Reader in, Set<String> mappedColumns) throws IOException {
    JsonParser parser = FACTORY.createParser(in);
    List<String> header;
    try {
      // trimmed as the cells are, so that "buyer_id, mobile" names the column mobile
      header = parser.nextToken() == JsonToken.START_ARRAY
          ? values(parser, parser.nextToken()).stream().map(String::trim).toList() : null;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("CSV header row is malformed: " + JacksonText.problem(e),
          e);
    }
    if (header == null) {
      throw new IllegalArgumentException("CSV file has no header row");
    }
    Set<String> seen = new HashSet<>();
    for (String column : header) {
      // an unmapped column is ignored however often it comes: spreadsheets write an empty name
      // for every formatted column past the data's
      if (!seen.add(column) && mappedColumns.contains(column)) {
        throw new IllegalArgumentException("CSV header repeats column '" + column + "': " + header);
      }
    }
    List<String> missing = mappedColumns.stream().filter(column -> !seen.contains(column)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "CSV header lacks mapped columns " + missing + ": " + header);
    }
    return new CsvRows(parser, header, mappedColumns);
  }

  @Override
  public @Nullable Row next() throws IOException {
    if (broken) {
      return null;
    }
    long line = parser.currentLocation().getLineNr();
    try {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      // the array's own location is stale; its first value's is the record's first line
      JsonToken first = parser.nextToken();
      line = parser.currentTokenLocation().getLineNr();
      List<String> values = values(parser, first);
      if (values.size() != header.size()) {
        return Row.unreadable(line, "has " + values.size() + " values, the header has "
            + header.size() + " columns");
      }
      Map<String, String> cells = new HashMap<>();
      mappedIndex.forEach((column, index) -> cells.put(column, values.get(index).trim()));
      return new Row(line, cells, null);
    } catch (JsonProcessingException e) {
      // a broken quote leaves nothing after it readable: report it and stop
      broken = true;
      return Row.unreadable(line, "malformed CSV, the rest of the file is not read: "
          + JacksonText.problem(e));
    }
  }

  /** Reads the values of the array whose first token (a value or its end) the parser just read. */
  private static List<String> values(JsonParser parser, @Nullable JsonToken first)
      throws IOException {
    List<String> values = new ArrayList<>();
    for (JsonToken token = first; token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (token == null) {
        throw new IOException("CSV ended inside a record");
      }
      values.add(parser.getText());
    }
    return values;
  }
}
