package io.github.cdpkit.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text read with Jackson (JSON documents, JSON lines, CSV), and Jackson's parse errors in words an
 * operator can act on: the line and column, and what is wrong, without the names of Jackson's
 * classes and features, which the operator cannot change.
 *
 * <p>Jackson 2.16 and later write a position inside a message as {@code [Source: REDACTED
 * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 2, column: 12]}. The source
 * stays hidden: it is the text itself, long, and in an import personal data. Thread-safe: the class
 * holds no state.
 */
public final class JacksonText {

  /** What {@link #readDocument(ObjectMapper, String)} says of text after the document. */
  private static final String TEXT_AFTER_DOCUMENT = "more text after the end of the document";

  /** A value or number longer than this is shortened in a message. */
  private static final int DESCRIBED_LENGTH = 80;

  /** A position Jackson writes into a message of its own, such as where an unclosed array began. */
  private static final Pattern POSITION =
      Pattern.compile("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]");

  /**
   * The parts of Jackson's messages that name its classes and features, each with what joins it to
   * the rest, so that the rest still reads:
   *
   * <ul>
   *   <li>{@code Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to
   *       allow}, and the same for a plus sign before a number;
   *   <li>{@code maybe a (non-standard) comment? (not recognized as one since Feature
   *       'ALLOW_COMMENTS' not enabled for parser)};
   *   <li>{@code only regular white space (...) is allowed between tokens (consider enabling
   *       `JsonReadFeature.ALLOW_RS_CONTROL_CHAR` to allow use of Record Separators (...))};
   *   <li>{@code exceeds the maximum allowed (1000, from
   *       `StreamReadConstraints.getMaxNumberLength()`)}.
   * </ul>
   */
  private static final List<Pattern> JACKSON_NAMES = List.of(
      Pattern.compile(": enable `[\\w.]+` to allow"),
      Pattern.compile(" \\(not recognized as one since Feature '\\w+' not enabled for parser\\)"),
      Pattern.compile(" \\(consider enabling `[\\w.]+` to allow [^()]*(?:\\([^()]*\\))?\\)"),
      Pattern.compile(", from `[\\w.]+\\(\\)`"));

  private JacksonText() {}

  /**
   * Returns a builder of the mapper that reads the JSON operators write (configurations, imports).
   * A field given twice is refused: which of its values is meant is anyone's guess. A number with a
   * fraction or an exponent is read as a {@code BigDecimal}, exactly and with its trailing zeros
   * ({@code 2.50} stays {@code 2.50}), never as a {@code double}, which would round {@code
   * 0.1000000000000000055511151231257827} to {@code 0.1} and read {@code 1e400} as {@code
   * Infinity}; {@link #readDocument} refuses one past a {@code BigDecimal}'s range ({@code
   * 1e9999999999}) as out of range.
   *
   * @return a new builder, for the caller to add its own features to
   */
  public static JsonMapper.Builder mapperBuilder() {
    return JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
  }

  /**
   * Returns the text of a file without the byte order mark Windows editors write at its start, if
   * it has one.
   *
   * @param text the file's text
   * @return the text after its byte order mark, or the text itself
   */
  public static String withoutByteOrderMark(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * Parses text as one JSON document.
   *
   * @param mapper the mapper, with the features the document is read with
   * @param text the document
   * @return the document, or the missing node if the text holds none (it is empty or blank)
   * @throws JsonProcessingException if the text is not one JSON document: it is not JSON, a number
   *     is out of range, or there is more text after the document
   */
  public static JsonNode readDocument(ObjectMapper mapper, String text)
      throws JsonProcessingException {
    return readDocument(mapper, text, TEXT_AFTER_DOCUMENT);
  }

  /**
   * Parses text as one JSON document, saying {@code afterEnd} of any text after it. That is looked
   * for here, not with Jackson's {@code FAIL_ON_TRAILING_TOKENS}, whose message names Jackson's
   * classes and features.
   *
   * @param mapper the mapper, with the features the document is read with
   * @param text the document
   * @param afterEnd the reason given for text after the document, such as {@code more text after
   *     the end of the document}
   * @return the document, or the missing node if the text holds none (it is empty or blank)
   * @throws JsonProcessingException if the text is not one JSON document: it is not JSON, a number
   *     is out of range, or there is more text after the document
   */
  public static JsonNode readDocument(ObjectMapper mapper, String text, String afterEnd)
      throws JsonProcessingException {
    return readDocument(mapper, text, afterEnd, parser -> {
      JsonNode root = mapper.readTree(parser);
      return root == null ? MissingNode.getInstance() : root;
    });
  }

  /**
   * Reads text as one JSON document with {@code reader}, for a caller that needs more of it than
   * the tree keeps, such as a number as written. Text after the document, a number out of range and
   * a limit passed are refused as {@link #readDocument(ObjectMapper, String, String)} refuses them.
   *
   * @param <T> what the reader makes of the document
   * @param mapper the mapper, with the features the document is read with
   * @param text the document
   * @param afterEnd the reason given for text after the document
   * @param reader reads the document whole, from the parser before its first token
   * @return what the reader made of the document
   * @throws JsonProcessingException if the text is not one JSON document: it is not JSON, a number
   *     is out of range, or there is more text after the document
   */
  public static <T> T readDocument(ObjectMapper mapper, String text, String afterEnd,
      DocumentReader<T> reader) throws JsonProcessingException {
    try (JsonParser parser = mapper.createParser(text)) {
      try {
        T document = reader.read(parser);
        if (parser.nextToken() != null) {
          throw new JsonParseException(parser, afterEnd, parser.currentTokenLocation());
        }
        return document;
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
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading a String failed", e); // text in memory: never
    }
  }

  /**
   * Reads one JSON document from a parser, for {@link #readDocument(ObjectMapper, String, String,
   * DocumentReader)}.
   *
   * @param <T> what the reader makes of the document
   */
  @FunctionalInterface
  public interface DocumentReader<T> {

    /**
     * Reads the document whole, its last token included.
     *
     * @param parser the parser, before the document's first token
     * @return what the document holds
     * @throws IOException if the text is not JSON: a {@link JsonProcessingException}
     */
    T read(JsonParser parser) throws IOException;
  }

  /**
   * Says where and why Jackson stopped parsing text that starts on the first line of a file.
   *
   * @param e what Jackson threw
   * @return {@code line 2, column 12: } and the reason, or the reason alone if Jackson gave no
   *     position
   */
  public static String problem(JsonProcessingException e) {
    return problem(e, 1);
  }

  /**
   * Says where and why Jackson stopped parsing text that starts on line {@code firstLine} of a
   * file, such as one line of a JSON lines file, which Jackson parses as if it were line 1.
   *
   * @param e what Jackson threw
   * @param firstLine the line of the file the text starts on, 1-based
   * @return {@code line 2, column 12: } and the reason, its positions on the lines of the file, or
   *     the reason alone if Jackson gave no position
   */
  public static String problem(JsonProcessingException e, long firstLine) {
    String reason = POSITION.matcher(e.getOriginalMessage()).replaceAll(position -> at(
        firstLine, Long.parseLong(position.group(1)), Long.parseLong(position.group(2))));
    for (Pattern name : JACKSON_NAMES) {
      reason = name.matcher(reason).replaceAll("");
    }
    JsonLocation location = e.getLocation();
    return location == null || location.getLineNr() < 1 ? reason
        : at(firstLine, location.getLineNr(), location.getColumnNr()) + ": " + reason;
  }

  /**
   * Shows a value as JSON text for a message, shortened when long.
   *
   * @param node the value
   * @return its JSON text, at most 80 characters, the last three {@code ...} when it is cut, never
   *     between the two halves of a surrogate pair (an emoji), and with half a pair that has no other
   *     half written as its escape (<code>&#92;ud800</code>); or {@code an empty document} for the
   *     missing node
   */
  public static String describe(JsonNode node) {
    if (node.isMissingNode()) {
      return "an empty document";
    }
    return shorten(node.toString());
  }

  /**
   * Shortens text as {@link #describe} does. Half a surrogate pair is no character: UTF-8 cannot
   * write it (a log shows {@code ?}, a JSON writer throws), so none is left in the message, whether
   * the cut would leave it or the value holds it (a JSON escape such as <code>&#92;ud800</code>
   * writes one).
   */
  private static String shorten(String text) {
    String shown = escapeUnpairedSurrogates(text);
    if (shown.length() <= DESCRIBED_LENGTH) {
      return shown;
    }
    int end = DESCRIBED_LENGTH - 3;
    if (Character.isHighSurrogate(shown.charAt(end - 1))) {
      end--;
    }
    return shown.substring(0, end) + "...";
  }

  /** Writes each half of a surrogate pair that lacks its other half as a JSON escape. */
  private static String escapeUnpairedSurrogates(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (Character.getType(c) == Character.SURROGATE) { // a pair reads as one code point
        escaped.append(String.format(Locale.ROOT, "\\u%04x", c));
      } else {
        escaped.appendCodePoint(c);
      }
    });
    return escaped.toString();
  }

  private static String at(long firstLine, long line, long column) {
    return "line " + (firstLine - 1 + line) + ", column " + column;
  }
}
