package io.github.cdpkit.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
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

/** The rows of a JSON lines file: one object per line, blank lines skipped but counted. */
final class JsonLinesRows implements RowSource {

  /** A field given twice is refused: which of its values the row means is anyone's guess. */
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

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
    JsonNode object;
    try {
      object = JacksonText.readDocument(MAPPER, text, TEXT_AFTER_VALUE);
    } catch (JsonProcessingException e) {
      return Row.unreadable(line, "not valid JSON: " + JacksonText.problem(e, line));
    }
    if (!object.isObject()) {
      return Row.unreadable(line, "not a JSON object: " + object.getNodeType());
    }
    Map<String, String> cells = new HashMap<>();
    for (String column : mappedColumns) {
      JsonNode field = object.get(column);
      if (field == null || field.isNull()) {
        continue;
      }
      if (!field.isValueNode()) {
        return Row.unreadable(line, "field '" + column + "' is not a single value: "
            + JacksonText.describe(field));
      }
      cells.put(column, field.asText().trim());
    }
    return new Row(line, cells, null);
  }
}
