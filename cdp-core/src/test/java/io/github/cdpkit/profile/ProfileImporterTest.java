package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.InvalidIdentifierException;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileImporterTest {

  private final IdentityResolver resolver = IdentityResolver.builder().build();
  private final InMemoryProfileStore store = new InMemoryProfileStore();
  private final ProfileService profiles = ProfileService.builder(resolver)
      .store(store)
      .grant(ChannelGrant.builder("tmall").edits("city", "age", "birthday").readsIdentifiers()
          .build())
      .grant(ChannelGrant.builder("dealer-7").edits("city").build())
      .build();

  private final ColumnMapping mapping = ColumnMapping.builder("buyer_id")
      .identifier("mobile", "phone")
      .identifier("openid", "wechat_openid", "wx0123456789abcdef")
      .attribute("city", "city", AttributeType.TEXT)
      .attribute("age", "age", AttributeType.NUMBER)
      .attribute("birthday", "birthday", AttributeType.DATE)
      .required("city")
      .observedAt("updated_at")
      .build();

  private ImportReport importCsv(String csv) throws IOException {
    return ProfileImporter.of(profiles, "tmall", mapping)
        .read(new StringReader(csv), ImportFormat.CSV);
  }

  private ImportReport importJsonLines(String jsonLines) throws IOException {
    return ProfileImporter.of(profiles, "tmall", mapping)
        .read(new StringReader(jsonLines), ImportFormat.JSON_LINES);
  }

  private boolean imported(String recordId) {
    return resolver.resolve(RecordKey.of("tmall", recordId)).isPresent()
        || store.get(RecordKey.of("tmall", recordId)).isPresent();
  }

  @Test
  void shouldImportGoodRowsAndRejectBadOnesWithLineAndReason() throws IOException {
    String csv = """
        buyer_id,mobile,openid,city,age,birthday,updated_at,ignored
        b-1,138 0013 8000,,Hangzhou,34,1990-05-17,2025-03-01T08:00:00Z,x
        b-2,12345,oValid1,Ningbo,40,,,x
        b-3,13900139000,,Suzhou,forty,,,x
        b-4,,,Xi'an,50,,,x
        ,13700137000,,Xi'an,50,,,x
        b-6,13600136000,,,50,,,x
        b-7,13500135000,,Wuxi,50,1990/05/17,,x
        b-8,13400134000,,Wuxi,50,,yesterday,x
        b-9,,oAbC123,"Wuxi, Jiangsu","1E+1",,,x
        b-10,13300133000,,Wuxi,50,,,x,extra
        """;

    ImportReport report = importCsv(csv);

    assertThat(report.rowsRead()).isEqualTo(10);
    assertThat(report.imported()).isEqualTo(2);
    assertThat(report.rejected()).containsExactly(
        new RejectedRow(3, "column 'mobile': invalid identifier phone=12345 (phone-format): "
            + invalidPhoneReason()),
        new RejectedRow(4, "column 'age': not a number: 'forty'"),
        new RejectedRow(5, "no identifier: columns [mobile, openid] are all empty"),
        new RejectedRow(6, "record id column 'buyer_id' is empty"),
        new RejectedRow(7, "required column 'city' is empty"),
        new RejectedRow(8, "column 'birthday': not a date (yyyy-MM-dd): '1990/05/17'"),
        new RejectedRow(9, "column 'updated_at': not an ISO instant: 'yesterday'"),
        new RejectedRow(11, "has 9 values, the header has 8 columns"));
    assertThat(List.of("b-2", "b-3", "b-4", "b-6", "b-7", "b-8", "b-10"))
        .noneMatch(this::imported);
    // the valid OpenID of the row whose phone is invalid was not linked either
    assertThat(resolver.resolve(Identifier.of("wechat_openid", "wx0123456789abcdef", "oValid1")))
        .isEmpty();
    assertThat(store.size()).isEqualTo(2);
    Profile first = profiles.find("tmall", Identifier.of("phone", "13800138000"),
        Detail.WITH_SOURCES).orElseThrow();
    assertThat(first.attribute("city")).contains("Hangzhou");
    assertThat(first.attribute("birthday")).contains("1990-05-17");
    assertThat(first.attributes().get("city").sources().get(0).observedAt())
        .isEqualTo(Instant.parse("2025-03-01T08:00:00Z"));
    Profile second = profiles.find("tmall",
        Identifier.of("wechat_openid", "wx0123456789abcdef", "oAbC123"), Detail.CHOSEN)
        .orElseThrow();
    assertThat(second.attribute("city")).contains("Wuxi, Jiangsu");
    assertThat(second.attribute("age")).contains("10");
  }

  private String invalidPhoneReason() {
    try {
      resolver.ingest(SourceRecord.builder("probe", "1")
          .identifier("phone", "12345").build());
    } catch (InvalidIdentifierException e) {
      return e.reason();
    }
    throw new AssertionError("12345 should be an invalid phone");
  }

  @Test
  void shouldRejectARowObservedOutsideTheRangeOfEpochMillisecondsAndImportTheRest()
      throws IOException {
    // Instant.parse takes years up to 1,000,000,000, SourceRecord refuses those past about
    // 292,000,000: its IllegalArgumentException stopped the import, and no report said how far.
    String csv = """
        buyer_id,mobile,openid,city,age,birthday,updated_at
        b-1,13800138000,,Hangzhou,,,+300000000-01-01T00:00:00Z
        b-2,13900139000,,Ningbo,,,-300000000-01-01T00:00:00Z
        b-3,13700137000,,Suzhou,,,+292278994-08-17T07:12:55.807Z
        """;

    ImportReport report = importCsv(csv);

    assertThat(report.rejected()).containsExactly(
        new RejectedRow(2, "column 'updated_at': instant outside the range of epoch milliseconds:"
            + " '+300000000-01-01T00:00:00Z'"),
        new RejectedRow(3, "column 'updated_at': instant outside the range of epoch milliseconds:"
            + " '-300000000-01-01T00:00:00Z'"));
    assertThat(report.imported()).isEqualTo(1);
    assertThat(List.of("b-1", "b-2")).noneMatch(this::imported);
    assertThat(imported("b-3")).isTrue();
  }

  @Test
  void shouldTakeACellOfUnicodeSpacesForAnEmptyOne() throws IOException {
    // Trimming leaves the ideographic space U+3000: a record id of it was refused by RecordKey,
    // and that IllegalArgumentException stopped the import; a required column of it passed.
    String csv = """
        buyer_id,mobile,openid,city,age,birthday,updated_at
        　,13800138000,,Hangzhou,,,
        b-2,13900139000,,　 ,,,
        b-3,　,oXyZ,Suzhou,　,, 
        """;
    String jsonLines = "{\"buyer_id\": \"\\u3000\", \"mobile\": \"13600136000\","
        + " \"city\": \"Wuxi\"}\n";

    ImportReport csvReport = importCsv(csv);
    ImportReport jsonLinesReport = importJsonLines(jsonLines);

    assertThat(csvReport.rejected()).containsExactly(
        new RejectedRow(2, "record id column 'buyer_id' is empty"),
        new RejectedRow(3, "required column 'city' is empty"));
    assertThat(jsonLinesReport.rejected()).containsExactly(
        new RejectedRow(1, "record id column 'buyer_id' is empty"));
    assertThat(imported("b-2")).isFalse();
    Profile third = profiles.find("tmall", Identifier.of("wechat_openid", "wx0123456789abcdef",
        "oXyZ"), Detail.CHOSEN).orElseThrow();
    assertThat(third.attributes()).containsOnlyKeys("city");
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void shouldRejectACellHoldingHalfASurrogatePairAndKeepAWholeOne() throws IOException {
    // A JSON escape of half a pair, as an exporter that cuts a nickname inside an emoji writes,
    // was imported: a value that UTF-8 cannot write (a log or getBytes shows '?' in its place).
    String jsonLines = """
        {"buyer_id": "b-1", "mobile": "13800138000", "city": "Hangzhou\\ud83d"}
        {"buyer_id": "b-2\\ude00", "mobile": "13900139000", "city": "Ningbo"}
        {"buyer_id": "b-3", "mobile": "13700137000", "city": "Suzhou\\ud83d\\ude00"}
        """;

    ImportReport report = importJsonLines(jsonLines);

    assertThat(report.rejected()).containsExactly(
        new RejectedRow(1, "column 'city': half a surrogate pair, which UTF-8 cannot write:"
            + " \"Hangzhou\\ud83d\""),
        new RejectedRow(2, "column 'buyer_id': half a surrogate pair, which UTF-8 cannot write:"
            + " \"b-2\\ude00\""));
    assertThat(List.of("b-1", "b-2")).noneMatch(this::imported);
    assertThat(profiles.find("tmall", Identifier.of("phone", "13700137000"), Detail.CHOSEN)
        .orElseThrow().attribute("city")).contains("Suzhou\uD83D\uDE00");
  }

  @Test
  void shouldReadACsvFileAndAJsonLinesFileThatStartWithAByteOrderMark() throws IOException {
    // Windows editors save one: it was taken for part of the first column's name, or refused as
    // the first line's first character.
    ImportReport csv = importCsv("""
        \uFEFFbuyer_id,mobile,openid,city,age,birthday,updated_at
        b-1,13800138000,,Hangzhou,,,
        """);
    ImportReport jsonLines = importJsonLines(
        "\uFEFF{\"buyer_id\":\"b-2\",\"mobile\":\"13900139000\",\"city\":\"Ningbo\"}\n");

    assertThat(csv.imported()).isEqualTo(1);
    assertThat(jsonLines.imported()).isEqualTo(1);
    assertThat(List.of("b-1", "b-2")).allMatch(this::imported);
  }

  @Test
  void shouldNumberRowsByTheirFirstLineWhenAQuotedValueSpansLines() throws IOException {
    String csv = """
        buyer_id,mobile,openid,city,age,birthday,updated_at
        b-1,13800138000,,"West Lake
        Hangzhou",,,

        b-2,13900139000,,Ningbo,x,,
        """;

    ImportReport report = importCsv(csv);

    assertThat(report.imported()).isEqualTo(1);
    assertThat(report.rejected()).containsExactly(
        new RejectedRow(5, "column 'age': not a number: 'x'"));
  }

  @Test
  void shouldReportMalformedCsvAndStopWhenAQuoteIsNeverClosed() throws IOException {
    String csv = """
        buyer_id,mobile,openid,city,age,birthday,updated_at
        b-1,13800138000,,Hangzhou,,,
        b-2,13900139000,,"Ningbo,,,
        b-3,13700137000,,Suzhou,,,
        """;

    ImportReport report = importCsv(csv);

    assertThat(report.imported()).isEqualTo(1);
    assertThat(report.rejected()).singleElement().satisfies(row -> {
      assertThat(row.row()).isEqualTo(3);
      assertThat(row.reason()).startsWith("malformed CSV, the rest of the file is not read: ");
    });
    assertThat(imported("b-3")).isFalse();
  }

  @Test
  void shouldNameTheLineAndColumnWhereACsvRecordStopsBeingCsv() throws IOException {
    String csv = """
        buyer_id,mobile,openid,city,age,birthday,updated_at
        b-1,13800138000,,Hangzhou,,,
        b-2,13900139000,,"Ningbo"x,,,
        b-3,13700137000,,Suzhou,,,
        """;

    ImportReport report = importCsv(csv);

    assertThat(report.rejected()).containsExactly(new RejectedRow(3, "malformed CSV, the rest of"
        + " the file is not read: line 3, column 27: Unexpected character ('x' (code 120)):"
        + " Expected column separator character (',' (code 44)) or end-of-line"));
  }

  @Test
  void shouldRefuseACsvWhoseHeaderIsMalformedNamingWhereAndImportNothing() {
    // It was Jackson's JsonParseException, an IOException: "Missing closing quote for value\n at
    // [Source: (StringReader); line: 3, column: 1]".
    assertThatThrownBy(() -> importCsv("buyer_id,\"mobile,city\nb-1,13800138000,Hangzhou\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CSV header row is malformed: line 3, column 1: Missing closing quote for value");
    assertThat(store.size()).isZero();
  }

  @Test
  void shouldImportJsonLinesAndRejectLinesThatAreNotObjects() throws IOException {
    String jsonLines = """
        {"buyer_id": "b-1", "mobile": "13800138000", "city": "Hangzhou", "age": 34}

        {"buyer_id": "b-2", "mobile": "13900139000", "city": {"name": "Ningbo"}}
        not json
        [1, 2]
        {"buyer_id": "b-3", "mobile": null, "openid": "oXyZ", "city": "Suzhou"}
        """;

    ImportReport report = ProfileImporter.of(profiles, "tmall", mapping)
        .read(new StringReader(jsonLines), ImportFormat.JSON_LINES);

    assertThat(report.rowsRead()).isEqualTo(5);
    assertThat(report.imported()).isEqualTo(2);
    assertThat(report.rejected()).extracting(RejectedRow::row).containsExactly(3L, 4L, 5L);
    assertThat(report.rejected().get(0).reason())
        .isEqualTo("field 'city' is not a single value: {\"name\":\"Ningbo\"}");
    assertThat(report.rejected().get(1).reason()).startsWith("not valid JSON: ");
    assertThat(report.rejected().get(2).reason()).isEqualTo("not a JSON object: ARRAY");
    assertThat(profiles.find("tmall", Identifier.of("phone", "13800138000"), Detail.CHOSEN)
        .orElseThrow().attribute("age")).contains("34");
  }

  @Test
  void shouldNameTheLineOfTheFileAndTheColumnWhereAJsonLineStopsBeingJson() throws IOException {
    // Jackson 2.16+ hides the source of the positions in its messages: "(start marker at
    // [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, ...])",
    // line 1 of the one line Jackson was given, and it gave no position of its own.
    String jsonLines = """
        {"buyer_id": "b-1", "mobile": "13800138000", "city": "Hangzhou"}

        {"buyer_id": "b-2", "mobile": "13900139000", "city": ["Ningbo"}
        {"buyer_id": "b-3", "mobile": "13700137000", "city": ["Suzhou"
        {"buyer_id": "b-4", "mobile": "13600136000", "city": Wuxi}
        """;

    ImportReport report = importJsonLines(jsonLines);

    assertThat(report.imported()).isEqualTo(1);
    assertThat(report.rejected()).containsExactly(
        new RejectedRow(3, "not valid JSON: line 3, column 63: Unexpected close marker '}':"
            + " expected ']' (for Array starting at line 3, column 54)"),
        new RejectedRow(4, "not valid JSON: line 4, column 63: Unexpected end-of-input: expected"
            + " close marker for Array (start marker at line 4, column 54)"),
        new RejectedRow(5, "not valid JSON: line 5, column 58: Unrecognized token 'Wuxi': was"
            + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
            + " 'false')"));
  }

  @Test
  void shouldRejectAJsonLineHoldingTwoRecordsAndImportNeither() throws IOException {
    // The second record was dropped without a word, and the first imported.
    String jsonLines = """
        {"buyer_id": "b-1", "mobile": "13800138000", "city": "Hangzhou"}
        {"buyer_id": "b-2", "mobile": "13900139000", "city": "Ningbo"} {"buyer_id": "b-3"}
        {"buyer_id": "b-4", "mobile": "13700137000", "city": "Suzhou"}]
        """;

    ImportReport report = importJsonLines(jsonLines);

    assertThat(report.imported()).isEqualTo(1);
    assertThat(report.rejected()).containsExactly(
        new RejectedRow(2, "not valid JSON: line 2, column 64: more text after the end of the JSON"
            + " value; write one object a line"),
        new RejectedRow(3, "not valid JSON: line 3, column 63: Unexpected close marker ']': no"
            + " open Array to close"));
    assertThat(List.of("b-2", "b-3", "b-4")).noneMatch(this::imported);
  }

  @Test
  void shouldRejectAJsonLineThatGivesAFieldTwice() throws IOException {
    // The last value was imported, as if the first were not there.
    ImportReport report = importJsonLines("{\"buyer_id\": \"b-1\", \"mobile\": \"13800138000\","
        + " \"city\": \"Hangzhou\", \"mobile\": \"13900139000\"}\n");

    assertThat(report.rejected()).containsExactly(new RejectedRow(1,
        "not valid JSON: line 1, column 74: Duplicate field 'mobile'"));
    assertThat(imported("b-1")).isFalse();
  }

  @Test
  void shouldShowAFieldOfTheWrongTypeShortenedToEightyCharacters() throws IOException {
    String address = "{\"street\": \"" + "x".repeat(100) + "\"}";

    ImportReport report = importJsonLines("{\"buyer_id\": \"b-1\", \"mobile\": \"13800138000\","
        + " \"city\": " + address + "}\n");

    assertThat(report.rejected()).containsExactly(new RejectedRow(1,
        "field 'city' is not a single value: {\"street\":\"" + "x".repeat(66) + "..."));
  }

  @Test
  void shouldReportProgressEveryNRowsAndAtTheEnd() throws IOException {
    StringBuilder csv = new StringBuilder("buyer_id,mobile,openid,city,age,birthday,updated_at\n");
    for (int i = 0; i < 25; i++) {
      csv.append("b-").append(i).append(',').append(i == 7 ? "bad" : 13800138000L + i)
          .append(",,Hangzhou,,,\n");
    }
    List<long[]> calls = new ArrayList<>();

    ProfileImporter.of(profiles, "tmall", mapping)
        .withProgress(10, (read, imported, rejected) -> calls.add(
            new long[] {read, imported, rejected}))
        .read(new StringReader(csv.toString()), ImportFormat.CSV);

    assertThat(calls).containsExactly(
        new long[] {10, 9, 1}, new long[] {20, 19, 1}, new long[] {25, 24, 1});
  }

  @Test
  void shouldRefuseTheImportBeforeReadingWhenTheChannelMayNotEditAMappedAttribute() {
    assertThatThrownBy(() -> ProfileImporter.of(profiles, "dealer-7", mapping))
        .isInstanceOf(ChannelAccessException.class)
        .hasMessage("channel 'dealer-7' may not import attribute 'age'");
  }

  @Test
  void shouldTrimTheNamesOfTheHeaderAsTheCellsAreTrimmed() throws IOException {
    // The cells were trimmed and the names not: "buyer_id, mobile" refused the whole file with
    // "CSV header lacks mapped columns [mobile, ...]", listing " mobile" among the header's.
    ImportReport report = importCsv("""
        buyer_id, mobile, openid, city ,age,birthday,updated_at
        b-1, 13800138000, , Hangzhou ,,,
        """);

    assertThat(report.imported()).isEqualTo(1);
    assertThat(profiles.find("tmall", Identifier.of("phone", "13800138000"), Detail.CHOSEN)
        .orElseThrow().attribute("city")).contains("Hangzhou");
  }

  @Test
  void shouldIgnoreAColumnTheHeaderRepeatsWhenItIsNotMapped() throws IOException {
    // Spreadsheets write an empty name for each formatted column past the data's: the whole file
    // was refused with "CSV header repeats column ''", though those columns are ignored.
    ImportReport report = importCsv("""
        buyer_id,mobile,openid,city,age,birthday,updated_at,note,note,,
        b-1,13800138000,,Hangzhou,,,,a,b,,
        """);

    assertThat(report.imported()).isEqualTo(1);
    assertThat(imported("b-1")).isTrue();
  }

  @Test
  void shouldRefuseACsvWhoseHeaderRepeatsAMappedColumnAndImportNothing() {
    assertThatThrownBy(() -> importCsv("""
        buyer_id,mobile,openid,city,age,birthday,updated_at,mobile
        b-1,13800138000,,Hangzhou,,,,13900139000
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CSV header repeats column 'mobile': [buyer_id, mobile, openid, city, age,"
            + " birthday, updated_at, mobile]");
    assertThat(store.size()).isZero();
  }

  @Test
  void shouldRefuseACsvWhoseHeaderLacksAMappedColumnAndImportNothing() {
    assertThatThrownBy(() -> importCsv("buyer_id,mobile\nb-1,13800138000\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CSV header lacks mapped columns [openid, city, age, birthday, updated_at]:"
            + " [buyer_id, mobile]");
    assertThat(store.size()).isZero();
  }

  @Test
  void shouldRefuseAMappingThatFeedsOneAttributeFromTwoColumnsOrNamesItBlank() {
    ColumnMapping.Builder builder = ColumnMapping.builder("buyer_id")
        .identifier("mobile", "phone")
        .attribute("city", "city", AttributeType.TEXT);

    // Which of the two a row would give the attribute was left to the order of the columns.
    assertThatThrownBy(() -> builder.attribute("town", "city", AttributeType.TEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute 'city' is mapped already, from column 'city'");
    assertThatThrownBy(() -> builder.attribute("city", "city", AttributeType.NUMBER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute 'city' is mapped already, from column 'city'");
    assertThatThrownBy(() -> builder.attribute("note", " ", AttributeType.TEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute name must not be blank: ' '");
    assertThatThrownBy(() -> builder.attribute(null, "note", AttributeType.TEXT))
        .isInstanceOf(NullPointerException.class).hasMessage("column");

    // One column may still feed two attributes, and the refusals left the builder as it was.
    ColumnMapping mapping = builder.attribute("city", "home_city", AttributeType.TEXT).build();
    assertThat(mapping.columns()).containsExactly("buyer_id", "mobile", "city");
  }
}
