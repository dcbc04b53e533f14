package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesRecordReaderTest {

  @Test
  void shouldReadOneRecordPerLine() throws Exception {
    List<SourceRecord> records = read("""
        {"source":"tmall","recordId":"A-1","identifiers":{"phone":["138 0013 8000"],"device_id":["IDFA-0001-AAAA"]}}

        {"source":"wechat","recordId":"C-1","identifiers":{"email":"li@example.com","wechat_openid":["wxapp1:oAbC123"]}}
        {"source":"pos","recordId":1001}
        """);

    assertThat(records).extracting(SourceRecord::key).containsExactly(
        RecordKey.of("tmall", "A-1"), RecordKey.of("wechat", "C-1"), RecordKey.of("pos", "1001"));
    assertThat(records.get(0).identifiers()).containsExactly(
        Identifier.of("phone", "138 0013 8000"), Identifier.of("device_id", "IDFA-0001-AAAA"));
    assertThat(records.get(1).identifiers()).containsExactly(
        Identifier.of("email", "li@example.com"), Identifier.of("wechat_openid", "wxapp1", "oAbC123"));
    assertThat(records.get(2).identifiers()).isEmpty();
  }

  @Test
  void shouldAcceptNumbersNullsAndEmptyValues() throws Exception {
    List<SourceRecord> records = read(
        "{\"source\":\"a\",\"recordId\":\"1\",\"identifiers\":{\"phone\":[13800138000,\" \"],"
            + "\"email\":null,\"member_no\":[]}}\n");

    assertThat(records.get(0).identifiers()).containsExactly(Identifier.of("phone", "13800138000"));
  }

  @Test
  void shouldTakeANullInAnArrayAsNoValueAsANullInPlaceOfTheArrayIs() throws Exception {
    // "phone":null held no phone, while "phone":[null] was refused: "identifiers.phone values must
    // be strings, found: null".
    List<SourceRecord> records = read("""
        {"source":"a","recordId":"1","identifiers":{"phone":null}}
        {"source":"a","recordId":"2","identifiers":{"phone":[null]}}
        {"source":"a","recordId":"3","identifiers":{"phone":[null,"13800138000",null],"email":[]}}
        """);

    assertThat(records).extracting(SourceRecord::identifiers).containsExactly(
        List.of(), List.of(), List.of(Identifier.of("phone", "13800138000")));
  }

  @Test
  void shouldNameTheLineCountingBlankLines() throws Exception {
    try (RecordReader reader = InputFormat.JSON_LINES.open(new StringReader(
        "\n{\"source\":\"a\",\"recordId\":\"1\"}\n\n{\"source\":\"a\",\"recordId\":\"2\"}\n"),
        IdentifierTypes.defaults())) {
      reader.next();
      assertThat(reader.line()).isEqualTo(2);
      reader.next();
      assertThat(reader.line()).isEqualTo(4);
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void shouldEndALineAtEachLineBreakAlsoWhenItsTwoCharactersComeInTwoReads() throws Exception {
    // The first line's \r is the last character of the reader's first read, its \n the next one's.
    String first = "{\"source\":\"a\",\"recordId\":\"1\"}";
    first = first.replace("\"1\"", "\"" + "1".repeat(8192 - first.length()) + "\"");
    try (RecordReader reader = InputFormat.JSON_LINES.open(new StringReader(first + "\r\n"
        + "{\"source\":\"a\",\"recordId\":\"2\"}\r{\"source\":\"a\",\"recordId\":\"3\"}\n\r\n"
        + "{\"source\":\"a\",\"recordId\":\"4\"}"), IdentifierTypes.defaults())) {
      List<String> read = new ArrayList<>();
      for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
        read.add(record.key().recordId().length() + "@" + reader.line());
      }
      assertThat(read).containsExactly("8163@1", "1@2", "1@3", "1@5");
    }
  }

  @Test
  void shouldReadALineOfAsManyCharactersAsARecordMayTake() throws Exception {
    String line = "{\"source\":\"a\",\"recordId\":\"\"}";
    String recordId = "x".repeat(RecordReader.MAX_RECORD_CHARS - line.length());

    assertThat(read(line.replace("\"\"}", "\"" + recordId + "\"}") + "\n"))
        .extracting(record -> record.key().recordId()).containsExactly(recordId);
  }

  @Test
  void shouldRefuseALineOfMoreCharactersThanARecordMayTakeBeforeReadingItWhole() throws Exception {
    // A whole export as one JSON array on one line was read whole, then refused as not an object:
    // a large one ran out of memory.
    RepeatedText text = new RepeatedText("{\"source\":\"a\",\"recordId\":\"1\"}\n[",
        "{\"source\":\"a\",\"recordId\":\"2\"},", 16L << 20);
    try (RecordReader reader = InputFormat.JSON_LINES.open(text, IdentifierTypes.defaults())) {
      reader.next();

      assertThatThrownBy(reader::next)
          .isInstanceOf(BadInputException.class)
          .hasMessage("the line is longer than 1,048,576 characters: JSON lines hold one record a"
              + " line")
          .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(2));
    }
    assertThat(text.handedOver()).isLessThanOrEqualTo(RecordReader.MAX_RECORD_CHARS + 2 * 8192);
  }

  @Test
  void shouldRefuseMalformedRecordsNamingTheLineAndReason() {
    String ok = "{\"source\":\"a\",\"recordId\":\"1\"}\n";
    assertRefused(ok + "{\"source\":\"a\",", 2,
        "not valid JSON (column 15): Unexpected end-of-input within/between Object entries");
    assertRefused(ok + "{\"source\":\"a\u00e9\ufffd\",\"recordId\":\"1\"}\n", 2,
        "the text is not valid UTF-8");
    assertRefused(ok + "[1]\n", 2, "must be a JSON object, found: [1]");
    assertRefused(ok + "{\"recordId\":\"1\"}\n", 2, "source is missing");
    assertRefused(ok + "{\"source\":\"a\",\"recordId\":\" \"}\n", 2, "recordId is empty");
    assertRefused(ok + "{\"source\":true,\"recordId\":\"1\"}\n", 2,
        "source must be a string, found: true");
    assertRefused(ok + "{\"source\":\"a\",\"record_id\":\"1\"}\n", 2,
        "unknown field 'record_id' (known: source, recordId, identifiers)");
    assertRefused(ok + "{\"source\":\"a\",\"recordId\":\"1\",\"identifiers\":[\"x\"]}\n", 2,
        "identifiers must be an object from type to values, found: [\"x\"]");
    assertRefused(ok + "{\"source\":\"a\",\"recordId\":\"1\",\"identifiers\":{\"qq\":[\"1\"]}}\n", 2,
        "identifiers.qq is not a known identifier type (known: member_no, wechat_unionid, phone,"
            + " email, wechat_openid, device_id)");
    assertRefused(ok + "{\"source\":\"a\",\"recordId\":\"1\",\"identifiers\":{\"phone\":[{}]}}\n",
        2, "identifiers.phone values must be strings, found: {}");
    assertRefused(ok + "{\"source\":\"a\",\"recordId\":\"1\","
        + "\"identifiers\":{\"wechat_openid\":[\"oAbC\"]}}\n", 2, "wechat_openid is namespaced:"
        + " write namespace:value, e.g. wxapp1:oAbC123, not 'oAbC'");
    assertRefused(ok + "{\"source\":\"a\",\"recordId\":\"1\","
        + "\"identifiers\":{\"device_id\":[\"abc\"]}}\n", 2,
        "invalid device_id: device id 'abc' must have 8 to 64 characters, has 3");
    assertRefused(ok + "{\"source\":\"a\",\"recordId\":\"1\",\"source\":\"b\"}\n", 2,
        "not valid JSON (column 38): Duplicate field 'source'");
  }

  @Test
  void shouldNameTheColumnWhereAnUnclosedArrayStartedWithoutJacksonsRedactedSource() {
    // "(start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`
    // disabled); line: 1, column: 53])": Jackson 2.16+ hides the source of its positions.
    assertRefused("{\"source\":\"a\",\"recordId\":\"1\",\"identifiers\":{\"phone\":[\"1\"\n", 1,
        "not valid JSON (column 57): Unexpected end-of-input: expected close marker for Array"
            + " (start marker at column 53)");
    assertRefused("{\"source\":\"a\",\"recordId\":\"1\",\"identifiers\":{\"phone\":[\"1\"}}\n", 1,
        "not valid JSON (column 57): Unexpected close marker '}': expected ']' (for Array starting"
            + " at column 53)");
  }

  @Test
  void shouldRefuseTwoRecordsOnOneLineInItsOwnWords() {
    // "Trailing token (of type START_OBJECT) found after value (bound as
    // `com.fasterxml.jackson.databind.JsonNode`): not allowed as per ...FAIL_ON_TRAILING_TOKENS".
    assertRefused("{\"source\":\"a\",\"recordId\":\"1\"} {\"source\":\"a\",\"recordId\":\"2\"}\n",
        1, "not valid JSON (column 31): more after the end of the JSON value; write one record a"
            + " line");
  }

  @Test
  void shouldRefuseNonStandardJsonWithoutNamingJacksonsFeatures() {
    // Jackson names its classes and features, which the operator cannot change: "...: enable
    // `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", which cdp-core's JacksonText takes
    // out of what IdentityConfig says.
    String start = "{\"source\":\"a\",";
    assertRefused(start + "\"recordId\":NaN}\n", 1,
        "not valid JSON (column 29): Non-standard token 'NaN'");
    assertRefused(start + "\"recordId\":+1}\n", 1, "not valid JSON (column 27): Unexpected"
        + " character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to have"
        + " plus signs");
    assertRefused(start + "/*c*/\"recordId\":1}\n", 1, "not valid JSON (column 15): Unexpected"
        + " character ('/' (code 47)): maybe a (non-standard) comment?");
    assertRefused(start + "\u001e\"recordId\":1}\n", 1, "not valid JSON (column 16): Illegal"
        + " character ((CTRL-CHAR, code 30)): only regular white space (\\r, \\n, \\t) is allowed"
        + " between tokens");
  }

  @Test
  void shouldNameTheColumnOfANumberLongerThanJacksonTakes() {
    // "not valid JSON: Number value length (1001) exceeds the maximum allowed (1000, from
    // `StreamReadConstraints.getMaxNumberLength()`)", without a column.
    assertRefused("{\"source\":\"a\",\"recordId\":" + "1".repeat(1001) + "}\n", 1,
        "not valid JSON (column 1027): Number value length (1001) exceeds the maximum allowed"
            + " (1000)");
  }

  @Test
  void shouldShowANumberOfTheWrongTypeAsWrittenOrAsTheSameNumberNeverAsADouble() {
    // It said "recordId must be a string, found: "Infinity"" of 1e400 and of 1e9999999999, and
    // showed 0.1000000000000000055511151231257827 as 0.1 and 1.50 as 1.5.
    String start = "{\"source\":\"a\",\"recordId\":";
    assertRefused(start + "1e9999999999}\n", 1,
        "not valid JSON (column 26): number out of range: 1e9999999999");
    assertRefused(start + "1e400}\n", 1, "recordId must be a string, found: 1E+400");
    assertRefused(start + "0.1000000000000000055511151231257827}\n", 1,
        "recordId must be a string, found: 0.1000000000000000055511151231257827");
    assertRefused(start + "12345678901234567890.5}\n", 1,
        "recordId must be a string, found: 12345678901234567890.5");
    assertRefused(start + "1.50}\n", 1, "recordId must be a string, found: 1.50");
    assertRefused(start + "\"1\",\"identifiers\":{\"phone\":[-1e-400]}}\n", 1,
        "identifiers.phone values must be strings, found: -1E-400");
    assertRefused(start + "\"1\",\"identifiers\":{\"phone\":[[1e400]]}}\n", 1,
        "identifiers.phone values must be strings, found: [1E+400]");
  }

  @Test
  void shouldShowHalfASurrogatePairWithoutItsOtherHalfInAValueOfTheWrongTypeAsItsEscape() {
    // The lone half went into the message as it was, which the UTF-8 terminal showed as '?'.
    assertRefused("{\"source\":\"a\",\"recordId\":[\"1\\ud800\",\"\\ud83d\\ude00\"]}\n", 1,
        "recordId must be a string, found: [\"1\\ud800\",\"\ud83d\ude00\"]");
  }

  @Test
  void shouldShortenAValueInAMessageBeforeASurrogatePairThatSixtyCharactersWouldSplit() {
    // It kept the pair's first half alone as the 57th character: "[\"xx...x\ud83d...".
    String emoji = "\ud83d\ude00";
    String start = "{\"source\":\"a\",\"recordId\":[\"";

    assertRefused(start + "x".repeat(54) + emoji + "y".repeat(10) + "\"]}\n", 1,
        "recordId must be a string, found: [\"" + "x".repeat(54) + "...");
    assertRefused(start + "x".repeat(53) + emoji + "y".repeat(10) + "\"]}\n", 1,
        "recordId must be a string, found: [\"" + "x".repeat(53) + emoji + "...");
  }

  private static void assertRefused(String lines, long line, String reason) {
    assertThatThrownBy(() -> read(lines))
        .isInstanceOf(BadInputException.class)
        .hasMessage(reason)
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(line));
  }

  private static List<SourceRecord> read(String lines) throws Exception {
    List<SourceRecord> records = new ArrayList<>();
    try (RecordReader reader = InputFormat.JSON_LINES.open(new StringReader(lines),
        IdentifierTypes.defaults())) {
      for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
        records.add(record);
      }
    }
    return records;
  }
}
