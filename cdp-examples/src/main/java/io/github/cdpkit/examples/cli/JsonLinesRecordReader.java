package io.github.cdpkit.examples.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.SourceRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads records from JSON lines: one object per line, of at most
 * {@link RecordReader#MAX_RECORD_CHARS} characters, blank lines skipped.
 *
 * <pre>
 * {"source":"tmall","recordId":"A-1","identifiers":{"phone":["138 0013 8000"],"device_id":["6F1C2A3B0D4E4F5A"]}}
 * {"source":"wechat","recordId":"C-1","identifiers":{"wechat_openid":["wxapp1:oAbC123"]}}
 * </pre>
 *
 * <p>{@code source} is a string; {@code recordId} a string or a whole number; {@code identifiers}
 * (optional) an object from identifier type to an array of values, or to a single value, each a
 * string or a whole number, a namespaced value written {@code namespace:value}. Another number is
 * refused, shown as written or as the same number ({@code 1e400} as {@code 1E+400}), never as a
 * {@code double} would round it. A null, in an
 * array or in its place, and an empty or blank string hold no value, as an empty CSV cell holds
 * none. An escape of half a
 * surrogate pair without its other half, such as <code>&#92;ud800</code>, is refused: UTF-8 cannot
 * write it back.
 */
final class JsonLinesRecordReader implements RecordReader {

  private static final List<String> FIELDS = List.of("source", "recordId", "identifiers");

  /**
   * Refuses a field given twice, and reads a number with a fraction or an exponent as a {@code
   * BigDecimal}, exactly, so that a message shows it as written or as the same number ({@code 1e400}
   * as {@code 1E+400}): a {@code double} showed that as {@code Infinity}, and {@code 1.50} as
   * {@code 1.5}. The features of {@code JacksonText.mapperBuilder()} in {@code cdp-core}, copied.
   */
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  /**
   * A position that Jackson writes into a message of its own, such as where an unclosed array
   * started: {@code [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled);
   * line: 1, column: 53]}. The source stays hidden (it is the record, personal data); the line is
   * always 1, as each line is parsed alone.
   */
  private static final Pattern JACKSON_POSITION =
      Pattern.compile("\\[Source: [^;\\]]*; line: \\d+, column: (\\d+)]");

  /**
   * The parts of Jackson's messages that name its classes and features, which the operator cannot
   * change, each with what joins it to the rest, so that the rest still reads: {@code : enable
   * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow} after {@code NaN} or a plus sign,
   * {@code (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)} after a
   * comment, {@code (consider enabling `JsonReadFeature.ALLOW_RS_CONTROL_CHAR` ...)} after a record
   * separator, and {@code , from `StreamReadConstraints.getMaxNumberLength()`} in a limit passed.
   *
   * <p>The same as {@code JacksonText} in {@code cdp-core} takes away, kept here as a copy: that
   * class is in an internal package, exported to no module, and the examples use the published API
   * alone.
   */
  private static final List<Pattern> JACKSON_NAMES = List.of(
      Pattern.compile(": enable `[\\w.]+` to allow"),
      Pattern.compile(" \\(not recognized as one since Feature '\\w+' not enabled for parser\\)"),
      Pattern.compile(" \\(consider enabling `[\\w.]+` to allow [^()]*(?:\\([^()]*\\))?\\)"),
      Pattern.compile(", from `[\\w.]+\\(\\)`"));

  /** A value in a message is shown in at most this many characters. */
  private static final int SHOWN_LENGTH = 60;

  private final Reader in;
  private final IdentifierTypes types;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  /** Whether the last line ended in {@code \r}, so that a {@code \n} right after it ends it too. */
  private boolean afterCarriageReturn;
  private long line;

  /**
   * Reads from {@code in}.
   *
   * @param in the text; closed by {@link #close()}
   * @param types the identifier types the records may name
   */
  JsonLinesRecordReader(Reader in, IdentifierTypes types) {
    this.in = in;
    this.types = types;
  }

  @Override
  public @Nullable SourceRecord next() throws IOException, BadInputException {
    String text;
    do {
      text = readLine();
      if (text == null) {
        return null;
      }
      line++;
      if (line == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
    } while (text.isBlank());
    if (text.indexOf('\uFFFD') >= 0) {
      // what a decoder reads bytes that are not valid in the encoding as
      throw new BadInputException(line, "the text is not valid UTF-8");
    }
    return parse(text);
  }

  @Override
  public long line() {
    return line;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Reads the next line as {@link java.io.BufferedReader#readLine} does ({@code \n}, {@code \r} or
   * {@code \r\n} ends it), refusing one of more than {@link #MAX_RECORD_CHARS} characters before it
   * is read whole.
   */
  private @Nullable String readLine() throws IOException, BadInputException {
    StringBuilder spanning = null; // the part read before the buffer ran out, if it did
    while (true) {
      if (position == limit) {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
          return spanning == null ? null : spanning.toString();
        }
        position = 0;
        limit = n;
      }
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      int end = position;
      while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
        end++;
      }
      int length = (spanning == null ? 0 : spanning.length()) + end - position;
      if (length > MAX_RECORD_CHARS) {
        throw new BadInputException(line + 1, String.format(Locale.ROOT,
            "the line is longer than %,d characters: JSON lines hold one record a line",
            MAX_RECORD_CHARS));
      }
      if (end < limit) {
        String text = spanning == null ? new String(buffer, position, end - position)
            : spanning.append(buffer, position, end - position).toString();
        afterCarriageReturn = buffer[end] == '\r';
        position = end + 1;
        return text;
      }
      if (spanning == null) {
        spanning = new StringBuilder();
      }
      spanning.append(buffer, position, end - position);
      position = end;
    }
  }

  private SourceRecord parse(String text) throws BadInputException {
    JsonNode root = readValue(text);
    if (!root.isObject()) {
      throw new BadInputException(line, "must be a JSON object, found: " + shorten(root));
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        throw new BadInputException(line, "unknown field '" + field.getKey() + "' (known: "
            + String.join(", ", FIELDS) + ")");
      }
    }
    SourceRecord.Builder record = IdentifierValues.record(
        requiredText(root, "source"), requiredText(root, "recordId"), line);
    JsonNode identifiers = root.get("identifiers");
    if (identifiers != null && !identifiers.isNull()) {
      if (!identifiers.isObject()) {
        throw new BadInputException(line, "identifiers must be an object from type to values,"
            + " found: " + shorten(identifiers));
      }
      for (Map.Entry<String, JsonNode> entry : identifiers.properties()) {
        Optional<IdentifierType> type = types.find(entry.getKey());
        if (type.isEmpty()) {
          throw new BadInputException(line, "identifiers." + entry.getKey()
              + " is not a known identifier type (known: " + IdentifierValues.typeNames(types)
              + ")");
        }
        JsonNode values = entry.getValue();
        if (values.isArray()) {
          for (JsonNode value : values) {
            addValue(record, type.get(), value);
          }
        } else {
          addValue(record, type.get(), values);
        }
      }
    }
    return record.build();
  }

  /**
   * Parses the line as one JSON value. A second value after it (two records on one line) is looked
   * for here, not with Jackson's {@code FAIL_ON_TRAILING_TOKENS}, whose message names Jackson's
   * classes and features.
   */
  private JsonNode readValue(String text) throws BadInputException {
    try (JsonParser parser = MAPPER.createParser(text)) {
      try {
        JsonNode root = MAPPER.readTree(parser); // not null: the line is not blank
        if (parser.nextToken() != null) {
          throw new JsonParseException(parser, "more after the end of the JSON value; write one"
              + " record a line", parser.currentTokenLocation());
        }
        return root;
      } catch (NumberFormatException e) {
        // BigDecimal refuses an exponent past an int's range (1e9999999999), and Jackson passes
        // that on unwrapped, naming java.math.BigDecimal and quoting the number however long
        throw new JsonParseException(parser, "number out of range: " + shorten(parser.getText()),
            parser.currentTokenLocation(), e);
      } catch (StreamConstraintsException e) {
        // a limit passed, such as a number of more than 1,000 digits, comes without a position
        throw e.getLocation() != null ? e
            : new JsonParseException(parser, e.getOriginalMessage(), parser.currentLocation(), e);
      }
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      String column = location == null ? "" : " (column " + location.getColumnNr() + ")";
      String reason = JACKSON_POSITION.matcher(e.getOriginalMessage()).replaceAll("column $1");
      for (Pattern name : JACKSON_NAMES) {
        reason = name.matcher(reason).replaceAll("");
      }
      throw new BadInputException(line, "not valid JSON" + column + ": " + reason);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a String failed", e); // text in memory: never
    }
  }

  /**
   * Adds a value, if it holds one: a null holds none, in an array as in place of one, as an empty
   * CSV cell holds none. An export of a nullable column writes {@code [null]} as readily as
   * {@code null} ({@code json_agg} over a row without a phone, say).
   */
  private void addValue(SourceRecord.Builder record, IdentifierType type, JsonNode value)
      throws BadInputException {
    if (value.isNull()) {
      return;
    }
    if (!value.isTextual() && !value.isIntegralNumber()) {
      throw new BadInputException(line, "identifiers." + type.name()
          + " values must be strings, found: " + shorten(value));
    }
    String text = value.asText().trim();
    requireWellFormed(text, "identifiers." + type.name());
    if (!text.isEmpty()) {
      record.identifier(IdentifierValues.parse(type, text, line));
    }
  }

  private String requiredText(JsonNode root, String field) throws BadInputException {
    JsonNode node = root.get(field);
    if (node == null) {
      throw new BadInputException(line, field + " is missing");
    }
    if (!node.isTextual() && !node.isIntegralNumber()) {
      throw new BadInputException(line, field + " must be a string, found: " + shorten(node));
    }
    String text = node.asText().trim();
    if (text.isEmpty()) {
      throw new BadInputException(line, field + " is empty");
    }
    requireWellFormed(text, field);
    return text;
  }

  /**
   * Refuses half a surrogate pair without its other half, which only an escape such as
   * <code>&#92;ud800</code> can write: the output and conflicts files are UTF-8, which has no way
   * to write one.
   */
  private void requireWellFormed(String text, String field) throws BadInputException {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new BadInputException(line, String.format(Locale.ROOT,
            "%s holds \\u%04x, half of a surrogate pair without its other half", field, (int) c));
      }
    }
  }

  /**
   * Shows a value as JSON text for a message: at most {@link #SHOWN_LENGTH} characters, the last
   * three {@code ...} when it is cut, never between the two halves of a surrogate pair (an emoji),
   * and with half a pair that has no other half written as its escape (<code>&#92;ud800</code>):
   * UTF-8 cannot write half a pair. {@code JacksonText.describe} in {@code cdp-core} shortens the
   * same way to 80 characters; a copy for the reason given at {@link #JACKSON_NAMES}.
   */
  private static String shorten(JsonNode node) {
    return shorten(node.toString());
  }

  /** Shortens text as {@link #shorten(JsonNode)} does. */
  private static String shorten(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (Character.getType(c) == Character.SURROGATE) { // a pair reads as one code point
        escaped.append(String.format(Locale.ROOT, "\\u%04x", c));
      } else {
        escaped.appendCodePoint(c);
      }
    });
    if (escaped.length() <= SHOWN_LENGTH) {
      return escaped.toString();
    }
    int end = SHOWN_LENGTH - 3;
    if (Character.isHighSurrogate(escaped.charAt(end - 1))) {
      end--;
    }
    return escaped.substring(0, end) + "...";
  }
}
