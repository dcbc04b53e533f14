package io.github.cdpkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JacksonTextTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static String problemOf(String json, long firstLine) {
    return JacksonText.problem(catchThrowableOfType(JsonProcessingException.class,
        () -> JacksonText.readDocument(MAPPER, json)), firstLine);
  }

  @Test
  void shouldSayLineAndColumnForThePositionsInsideJacksonsMessage() {
    // Jackson 2.16+ writes "(start marker at [Source: REDACTED (`StreamReadFeature
    // .INCLUDE_SOURCE_IN_LOCATION` disabled); line: 2, column: 7])".
    assertThat(problemOf("{\n\"a\": [1, 2", 1)).isEqualTo("line 2, column 11: Unexpected"
        + " end-of-input: expected close marker for Array (start marker at line 2, column 6)");
  }

  @Test
  void shouldCountLinesFromTheFirstLineOfTheTextWhenItIsPartOfAFile() {
    assertThat(problemOf("{\"a\": [1, 2}", 41)).isEqualTo("line 41, column 12: Unexpected close"
        + " marker '}': expected ']' (for Array starting at line 41, column 7)");
  }

  @Test
  void shouldNameTextAfterTheDocumentInTheCallersWordsWhereItStarts() throws Exception {
    assertThat(problemOf("{}\n  [1]", 1))
        .isEqualTo("line 2, column 3: more text after the end of the document");
    JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
        () -> JacksonText.readDocument(MAPPER, "{\"a\": 1} {\"a\": 2}", "one a line"));
    assertThat(JacksonText.problem(e, 7)).isEqualTo("line 7, column 10: one a line");
  }

  @Test
  void shouldReadTextWithoutADocumentAsTheMissingNode() throws Exception {
    assertThat(JacksonText.readDocument(MAPPER, "")).isSameAs(MissingNode.getInstance());
    assertThat(JacksonText.readDocument(MAPPER, " \n\t")).isSameAs(MissingNode.getInstance());
    assertThat(JacksonText.readDocument(MAPPER, " \"a\" ")).isEqualTo(TextNode.valueOf("a"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
      {"a": NaN}         | line 1, column 10: Non-standard token 'NaN'
      {"a": -Infinity}   | line 1, column 16: Non-standard token '-Infinity'
      {"a": +1}          | line 1, column 8: Unexpected character ('+' (code 43)) in numeric \
      value: JSON spec does not allow numbers to have plus signs
      {"a": 1} // note   | line 1, column 10: Unexpected character ('/' (code 47)): maybe a \
      (non-standard) comment?
      {"a": /* note */ 1} | line 1, column 7: Unexpected character ('/' (code 47)): maybe a \
      (non-standard) comment?
      """)
  void shouldLeaveOutTheJacksonFeaturesItsMessagesName(String json, String problem) {
    assertThat(problemOf(json, 1)).isEqualTo(problem);
  }

  @Test
  void shouldLeaveOutTheJacksonNamesOfALimitOrARecordSeparator() {
    assertThat(problemOf("[1" + "0".repeat(1000) + "]", 1)).isEqualTo("line 1, column 1003:"
        + " Number value length (1001) exceeds the maximum allowed (1000)");
    assertThat(problemOf("[".repeat(1001), 1)).isEqualTo("line 1, column 1002: Document nesting"
        + " depth (1001) exceeds the maximum allowed (1000)");
    assertThat(problemOf("{}\u001e", 1)).isEqualTo("line 1, column 4: Illegal character"
        + " ((CTRL-CHAR, code 30)): only regular white space (\\r, \\n, \\t) is allowed between"
        + " tokens");
  }

  @Test
  void shouldRefuseANumberOutOfBigDecimalsRangeAsMalformedSayingWhereAndWhich() {
    // It was a NumberFormatException: "Value "1e9999999999" can not be deserialized as
    // `java.math.BigDecimal`, reason:  Too many nonzero exponent digits."
    JsonMapper decimals = JacksonText.mapperBuilder().build();

    JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
        () -> JacksonText.readDocument(decimals, "{\"a\":\n  1e9999999999}"));
    String long1 = "1" + "0".repeat(200) + "e9999999999";
    JsonProcessingException longer = catchThrowableOfType(JsonProcessingException.class,
        () -> JacksonText.readDocument(decimals, "[" + long1 + "]"));

    assertThat(JacksonText.problem(e))
        .isEqualTo("line 2, column 3: number out of range: 1e9999999999");
    assertThat(e).hasCauseInstanceOf(NumberFormatException.class);
    assertThat(JacksonText.problem(longer))
        .isEqualTo("line 1, column 2: number out of range: " + long1.substring(0, 77) + "...");
  }

  @Test
  void shouldWriteHalfASurrogatePairWithoutItsOtherHalfAsItsEscape() throws Exception {
    // The lone halves went into the message as they were, which UTF-8 cannot write.
    JsonNode value = MAPPER.readTree("{\"\\udc00\": [\"a\\ud800b\", \"\\ud83d\\ude00\"]}");

    assertThat(JacksonText.describe(value))
        .isEqualTo("{\"\\udc00\":[\"a\\ud800b\",\"\ud83d\ude00\"]}");
    assertThat(JacksonText.describe(TextNode.valueOf("\ud800".repeat(20))))
        .isEqualTo("\"" + "\\ud800".repeat(12) + "\\ud8...");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      12345678901234567890                  | 12345678901234567890
      0.1000000000000000055511151231257827  | 0.1000000000000000055511151231257827
      12345678901234567890.5                | 12345678901234567890.5
      2.50                                  | 2.50
      1e2                                   | 1E+2
      1e400                                 | 1E+400
      -1E-400                               | -1E-400
      -0.0                                  | 0.0
      """)
  void shouldReadANumberExactlyWithItsTrailingZerosNeverThroughADouble(String json, String shown)
      throws Exception {
    // A double read 0.1000000000000000055511151231257827 as 0.1, 12345678901234567890.5 as
    // 1.2345678901234567E19, 1e2 as 100.0 and 1e400 as Infinity. A BigDecimal has no negative
    // zero: -0.0 is shown as the number it is.
    JsonNode number = JacksonText.readDocument(JacksonText.mapperBuilder().build(), json);

    assertThat(JacksonText.describe(number)).isEqualTo(shown);
    assertThat(number.decimalValue()).isEqualByComparingTo(json);
  }

  @Test
  void shouldGiveTheReasonAloneWhenJacksonGivesNoPosition() {
    assertThat(JacksonText.problem(new JsonParseException((JsonParser) null, "broken")))
        .isEqualTo("broken");
  }

  @Test
  void shouldDescribeAValueAsJsonShortenedToEightyCharacters() throws Exception {
    assertThat(JacksonText.describe(MissingNode.getInstance())).isEqualTo("an empty document");
    assertThat(JacksonText.describe(MAPPER.readTree("{\"a\": [1, \"b\"]}")))
        .isEqualTo("{\"a\":[1,\"b\"]}");
    String eighty = "\"" + "x".repeat(78) + "\"";
    assertThat(JacksonText.describe(TextNode.valueOf("x".repeat(78)))).isEqualTo(eighty);
    assertThat(JacksonText.describe(TextNode.valueOf("x".repeat(79))))
        .isEqualTo("\"" + "x".repeat(76) + "...");
  }

  @Test
  void shouldCutBeforeASurrogatePairThatTheEightyCharactersWouldSplit() {
    // It kept the pair's first half alone as the 77th character: "\"xx...x\ud83d...".
    String emoji = "\ud83d\ude00";
    String split = "x".repeat(75) + emoji + "y".repeat(10);
    String whole = "x".repeat(74) + emoji + "y".repeat(10);

    assertThat(JacksonText.describe(TextNode.valueOf(split)))
        .isEqualTo("\"" + "x".repeat(75) + "...");
    assertThat(JacksonText.describe(TextNode.valueOf(whole)))
        .isEqualTo("\"" + "x".repeat(74) + emoji + "...");
  }
}
