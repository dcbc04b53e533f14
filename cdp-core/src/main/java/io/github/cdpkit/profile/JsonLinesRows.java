package io.github.cdpkit.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.cdpkit.core.internal.JacksonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a JSON lines file: one object per line, blank lines skipped but counted.
 *
 * <p>A field's value is its text as written, a number's too, as a CSV cell's is: {@code 1e2} stays
 * {@code 1e2}, {@code -0} stays {@code -0} and {@code 0.1000000000000000055511151231257827} keeps
 * every digit. A tree would have read the number as a {@code double} ({@code 100.0}, {@code 0.1})
 * or as a {@code BigDecimal}, which writes {@code 1E+2} and has no negative zero; the attribute's
 * {@link AttributeType} decides what the text means.
 */
final class JsonLinesRows implements RowSource {

  /**
   * Refuses a field given twice (which of its values the row means is anyone's guess), and shows
   * the numbers of a field that is not a single value exactly.
   */
  private static final JsonMapper MAPPER = JacksonText.mapperBuilder().build();

  /** Why a line with more after its value is refused: two records on one line, most likely. */
  private static final String TEXT_AFTER_VALUE =
      "more text after the end of the JSON value; write one object a line";

  private final BufferedReader in;
  private final Set<String> mappedColumns;
  private long line;

  JsonLinesRows(Reader in, Set<String> mappedColumns) {
    this.in = new BufferedReader(in);
    this.mappedColumns = mappedColumns;
  }

  @Override
  public @Nullable Row next() throws IOException {
    String text;
    do {
      text = in.readLine();
      if (text == null) {
        return null;
      }
      line++;
    } while (text.isBlank());
    try {
      return JacksonText.readDocument(MAPPER, text, TEXT_AFTER_VALUE, this::row);
    } catch (JsonProcessingException e) {
      return Row.unreadable(line, "not valid JSON: " + JacksonText.problem(e, line));
    }
  }

  /**
   * Reads the line's object field by field, to the end even after a field that is not a single
   * value, so that text that is not JSON further on is the reason given.
   */
  private Row row(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      JsonNode value = parser.readValueAsTree(); // not null: the line is not blank
      return Row.unreadable(line, "not a JSON object: " + value.getNodeType());
    }
    Map<String, String> cells = new HashMap<>();
    String notSingle = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      if (!mappedColumns.contains(field) || value == JsonToken.VALUE_NULL) {
        parser.skipChildren();
      } else if (value.isScalarValue()) {
        cells.put(field, parser.getText().trim());
      } else if (notSingle == null) {
        notSingle = "field '" + field + "' is not a single value: "
            + JacksonText.describe(parser.readValueAsTree());
      } else {
        parser.skipChildren();
      }
    }
    return notSingle == null ? new Row(line, cells, null) : Row.unreadable(line, notSingle);
  }
}
