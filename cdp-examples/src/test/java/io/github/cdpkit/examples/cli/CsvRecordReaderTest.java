package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.config.IdentityConfig;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  private static final String HEADER = "source,record_id,phone,email,wechat_openid\n";

  @Test
  void shouldReadOneRecordPerRowWithItsIdentifiers() throws Exception {
    List<SourceRecord> records = read(HEADER
        + "tmall,A-1,138 0013 8000,,\n"
        + "wechat,C-1,,li@example.com,wxapp1:oAbC123\n");

    assertThat(records).extracting(SourceRecord::key)
        .containsExactly(RecordKey.of("tmall", "A-1"), RecordKey.of("wechat", "C-1"));
    assertThat(records.get(0).identifiers()).containsExactly(Identifier.of("phone", "138 0013 8000"));
    assertThat(records.get(1).identifiers()).containsExactly(
        Identifier.of("email", "li@example.com"), Identifier.of("wechat_openid", "wxapp1", "oAbC123"));
  }

  @Test
  void shouldPassBlockedJunkOnForTheResolverToIgnoreWhenItIsMalformed() throws Exception {
    List<SourceRecord> records = read(HEADER + "pos,9,00000000000,null,\n");

    assertThat(records.get(0).identifiers()).containsExactly(
        Identifier.of("phone", "00000000000"), Identifier.of("email", "null"));
  }

  @Test
  void shouldSplitSeveralValuesInOneCellAtBars() throws Exception {
    List<SourceRecord> records = read(HEADER
        + "pos,1,\"138 0013 8000 | 139 0000 1111||\",a@example.com|b@example.com,app1:x|app2:y\n");

    assertThat(records.get(0).identifiers()).containsExactly(
        Identifier.of("phone", "138 0013 8000"), Identifier.of("phone", "139 0000 1111"),
        Identifier.of("email", "a@example.com"), Identifier.of("email", "b@example.com"),
        Identifier.of("wechat_openid", "app1", "x"), Identifier.of("wechat_openid", "app2", "y"));
  }

  @Test
  void shouldKeepAllButTheFirstColonInTheValueOfANamespacedType() throws Exception {
    List<SourceRecord> records = read("source,record_id,wechat_openid\nwx,1,wxapp1:o:AbC\n");

    assertThat(records.get(0).identifiers())
        .containsExactly(Identifier.of("wechat_openid", "wxapp1", "o:AbC"));
  }

  @Test
  void shouldReadQuotedCellsWithCommasAndQuotes() throws Exception {
    List<SourceRecord> records = read("source,record_id,member_no\n"
        + "\"shop, east\",\"id \"\"7\"\"\",M-1\n");

    assertThat(records.get(0).key()).isEqualTo(RecordKey.of("shop, east", "id \"7\""));
    assertThat(records.get(0).identifiers()).containsExactly(Identifier.of("member_no", "M-1"));
  }

  @Test
  void shouldReadARecordWithOnlyEmptyCells() throws Exception {
    assertThat(read(HEADER + "jd,9,,,\n").get(0).identifiers()).isEmpty();
  }

  @Test
  void shouldReadColumnsTheConfigDefines() throws Exception {
    IdentifierTypes types = IdentityConfig.parse(
        "{\"types\": [{\"name\": \"loyalty_card\", \"normalizer\": \"upper_case\"}]}").types();

    List<SourceRecord> records = read("source,record_id,loyalty_card\nstore,1,c-9\n", types);

    assertThat(records.get(0).identifiers()).containsExactly(Identifier.of("loyalty_card", "c-9"));
  }

  @Test
  void shouldRefuseAHeaderWithoutSourceAndRecordId() {
    assertRefused("record_id,source,phone\na,1,138\n", 1,
        "the header must start with source,record_id, found: record_id,source,phone");
    assertRefused("source\na\n", 1, "the header must start with source,record_id, found: source");
  }

  @Test
  void shouldRefuseAnEmptyFile() {
    assertRefused("\n\n", 1,
        "the file is empty; it must start with the header source,record_id,<identifier types>");
  }

  @Test
  void shouldRefuseAColumnOfNoKnownType() {
    assertRefused("source,record_id,phone,qq\n", 1, "column 4 'qq' is not a known identifier type"
        + " (known: member_no, wechat_unionid, phone, email, wechat_openid, device_id)");
  }

  @Test
  void shouldRefuseAColumnGivenTwice() {
    assertRefused("source,record_id,phone, phone\n", 1, "column 4 'phone' appears twice in the header");
  }

  @Test
  void shouldRefuseARowWithMoreOrFewerCellsThanTheHeader() {
    assertRefused(HEADER + "a,1,,,\nb,2,138 0013 8000\n", 3,
        "expected 5 cells as in the header, found 3");
    assertRefused(HEADER + "\"a,1\",2,,,,\n", 2, "expected 5 cells as in the header, found 6");
  }

  @Test
  void shouldRefuseAnEmptySourceOrRecordId() {
    assertRefused(HEADER + " ,1,,,\n", 2, "source is empty");
    assertRefused(HEADER + "a,,,,\n", 2, "record_id is empty");
  }

  @Test
  void shouldRefuseANamespacedValueWithoutNamespace() {
    assertRefused(HEADER + "wx,1,,,oAbC123\n", 2, "wechat_openid is namespaced: write"
        + " namespace:value, e.g. wxapp1:oAbC123, not 'oAbC123'");
    assertRefused(HEADER + "wx,1,,,wxapp1:\n", 2, "wechat_openid is namespaced: write"
        + " namespace:value, e.g. wxapp1:oAbC123, not 'wxapp1:'");
  }

  @Test
  void shouldRefuseAValueTheTypeCannotNormalise() {
    assertRefused(HEADER + "a,1,138 0013 8000,,\nb,2,,li-at-example.com,\n", 3,
        "invalid email: e-mail 'li-at-example.com' must have exactly one '@'");
    assertRefused(HEADER + "a,1,call me,,\n", 2, "invalid phone: phone 'call me' may hold only"
        + " digits, a '+' before them, spaces, dashes, dots and brackets, not 'c'");
  }

  @Test
  void shouldNameTheLineOfAnUnclosedQuote() {
    assertRefused(HEADER + "a,1,,,\nb,2,\"138,,\n", 3, "a quoted cell is not closed");
  }

  private static void assertRefused(String csv, long line, String reason) {
    assertThatThrownBy(() -> read(csv))
        .isInstanceOf(BadInputException.class)
        .hasMessage(reason)
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(line));
  }

  private static List<SourceRecord> read(String csv) throws Exception {
    return read(csv, IdentifierTypes.defaults());
  }

  private static List<SourceRecord> read(String csv, IdentifierTypes types) throws Exception {
    List<SourceRecord> records = new ArrayList<>();
    try (RecordReader reader = InputFormat.CSV.open(new StringReader(csv), types)) {
      for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
        records.add(record);
      }
    }
    return records;
  }
}
