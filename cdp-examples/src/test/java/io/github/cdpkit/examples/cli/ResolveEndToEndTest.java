package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdp resolve} end to end, through the real resolver. */
class ResolveEndToEndTest {

  private static final String DEVICE = "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
  // More than two of the batches the resolver's ingestStream reads at a time (16,384).
  private static final int RECORDS_OVER_SEVERAL_BATCHES = 40_000;

  private final Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  ResolveEndToEndTest(@TempDir Path dir) {
    this.dir = dir;
  }

  @Test
  void shouldGiveTheThreeRecordsOfTheOneIdExampleOneOneIdFromCsv() throws IOException {
    Path input = Files.writeString(dir.resolve("abc.csv"), """
        source,record_id,phone,email,device_id,wechat_openid
        tmall,A-1,138 0013 8000,,%s,
        jd,B-1,,Li.Lei@Example.com,%s,
        wechat,C-1,,"li.lei@example.com",,wxapp1:oAbC123
        pos,D-1,139 1111 2222,,,
        """.formatted(DEVICE, DEVICE.toUpperCase(Locale.ROOT)));
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .as(err.toString()).isZero();

    List<List<String>> rows = csv(output);
    assertThat(rows.get(0)).containsExactly("source", "record_id", "one_id");
    assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(0) + "/" + row.get(1))
        .containsExactly("tmall/A-1", "jd/B-1", "wechat/C-1", "pos/D-1");
    assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row.get(2)).matches("oid-\\d+"));
    assertThat(rows.get(2).get(2)).isEqualTo(rows.get(1).get(2));
    assertThat(rows.get(3).get(2)).isEqualTo(rows.get(1).get(2));
    assertThat(rows.get(4).get(2)).isNotEqualTo(rows.get(1).get(2));
    assertThat(err.toString()).contains("resolved 4 records into 2 people; 0 refused links");
  }

  @Test
  void shouldSayRecordPersonAndRefusedLinkInTheSingularForOne() throws IOException {
    // It said "resolved 1 records into 1 people; 1 refused links".
    Path one = Files.writeString(dir.resolve("one.csv"), "source,record_id,phone\npos,1,\n");
    Path family = Files.writeString(dir.resolve("family.csv"), """
        source,record_id,member_no,phone
        pos,P-1,M-1001,139 0000 1111
        app,P-2,M-2002,139 0000 1111
        """);
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", one.toString(), "--output", output.toString()))
        .as(err.toString()).isZero();
    assertThat(run("resolve", "--input", family.toString(), "--output", output.toString(),
        "--conflicts", dir.resolve("conflicts.csv").toString())).as(err.toString()).isZero();

    assertThat(err.toString()).containsSubsequence(
        "resolved 1 record into 1 person; 0 refused links" + System.lineSeparator(),
        "resolved 2 records into 2 people; 1 refused link (in ");
  }

  @Test
  void shouldGiveTheSameAnswerFromJsonLines() throws IOException {
    Path input = Files.writeString(dir.resolve("abc.jsonl"), """
        {"source":"tmall","recordId":"A-1","identifiers":{"phone":["138 0013 8000"],"device_id":["%s"]}}
        {"source":"jd","recordId":"B-1","identifiers":{"email":["Li.Lei@Example.com"],"device_id":["%s"]}}
        {"source":"wechat","recordId":"C-1","identifiers":{"email":["li.lei@example.com"],"wechat_openid":["wxapp1:oAbC123"]}}
        """.formatted(DEVICE, DEVICE));
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .as(err.toString()).isZero();

    List<List<String>> rows = csv(output);
    assertThat(rows).hasSize(4);
    assertThat(rows.subList(1, 4)).extracting(row -> row.get(2)).containsOnly(rows.get(1).get(2));
  }

  @Test
  void shouldWriteEachRecordsFinalOneIdWhenALaterRecordMergesPeople() throws IOException {
    Path input = Files.writeString(dir.resolve("late-merge.csv"), """
        source,record_id,phone,email
        a,1,138 0013 8000,
        b,2,,li@example.com
        c,3,+86 138 0013 8000,LI@example.com
        """);
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .as(err.toString()).isZero();

    List<List<String>> rows = csv(output);
    assertThat(rows.subList(1, 4)).extracting(row -> row.get(2)).containsOnly(rows.get(1).get(2));
  }

  @Test
  void shouldLinkRecordsAcrossBatches() throws IOException {
    StringBuilder text = new StringBuilder("source,record_id,member_no,email\n");
    text.append("shop,0,M-0,shared@example.com\n");
    for (int i = 1; i <= RECORDS_OVER_SEVERAL_BATCHES; i++) {
      text.append("shop,").append(i).append(",M-").append(i).append(",\n");
    }
    text.append("app,last,,shared@example.com\n");
    Path input = Files.writeString(dir.resolve("big.csv"), text);
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .as(err.toString()).isZero();

    List<List<String>> rows = csv(output);
    assertThat(rows).hasSize(RECORDS_OVER_SEVERAL_BATCHES + 3);
    assertThat(rows.get(rows.size() - 1).get(2)).isEqualTo(rows.get(1).get(2));
    assertThat(rows.get(2).get(2)).isNotEqualTo(rows.get(1).get(2));
    // Written a block at a time, each block resolved while the one before it is written: still
    // one row per record, in input order, each with its own record's OneId.
    List<String> recordIds = new ArrayList<>();
    for (int i = 0; i <= RECORDS_OVER_SEVERAL_BATCHES; i++) {
      recordIds.add(String.valueOf(i));
    }
    recordIds.add("last");
    assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(1))
        .containsExactlyElementsOf(recordIds);
    assertThat(rows.subList(1, rows.size() - 1)).extracting(row -> row.get(2))
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldNameTheLineOfABadRecordFarIntoTheInputAndWriteNothing() throws IOException {
    StringBuilder text = new StringBuilder("source,record_id,member_no,email\n");
    for (int i = 1; i <= RECORDS_OVER_SEVERAL_BATCHES; i++) {
      text.append("shop,").append(i).append(",M-").append(i)
          .append(i == 30_000 ? ",li-at-example.com\n" : ",\n");
    }
    Path input = Files.writeString(dir.resolve("big.csv"), text);
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith(input + ":30001: ");
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldWriteARefusedLinkWithBothSidesTheIdentifierAndTheRule() throws IOException {
    Path input = Files.writeString(dir.resolve("family.csv"), """
        source,record_id,member_no,phone
        pos,P-1,M-1001,139 0000 1111
        app,P-2,M-2002,139 0000 1111
        """);
    Path output = dir.resolve("one-ids.csv");
    Path conflicts = dir.resolve("conflicts.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString(),
        "--conflicts", conflicts.toString())).as(err.toString()).isZero();

    List<List<String>> rows = csv(output);
    String first = rows.get(1).get(2);
    String second = rows.get(2).get(2);
    assertThat(first).isNotEqualTo(second);
    List<List<String>> refused = csv(conflicts);
    assertThat(refused.get(0)).containsExactly(
        "left_one_id", "right_one_id", "identifier_type", "identifier", "rule", "detail");
    assertThat(refused).hasSizeGreaterThan(1);
    List<String> conflict = refused.get(1);
    assertThat(List.of(conflict.get(0), conflict.get(1))).containsExactlyInAnyOrder(first, second);
    assertThat(conflict.subList(2, 5)).containsExactly("phone", "+8613900001111", "PROFILE_LIMIT");
    assertThat(conflict.get(5)).isNotBlank();
    assertThat(err.toString()).contains("refused link", "(in " + conflicts + ")");
  }

  @Test
  void shouldReportARefusedLinkOnStandardErrorWithoutAConflictsFile() throws IOException {
    Path input = Files.writeString(dir.resolve("family.csv"), """
        source,record_id,member_no,phone
        pos,P-1,M-1001,139 0000 1111
        app,P-2,M-2002,139 0000 1111
        """);

    assertThat(run("resolve", "--input", input.toString(), "--output",
        dir.resolve("one-ids.csv").toString())).as(err.toString()).isZero();

    assertThat(err.toString()).containsPattern(
        "refused link: oid-\\d+ and oid-\\d+ both hold phone=\\+8613900001111 but were not joined:"
            + " PROFILE_LIMIT \\(.+\\)");
  }

  @Test
  void shouldWriteOnlyTheRefusalsThatStandAtTheEndOfTheRun() throws IOException {
    // Each record has the component decided again, and refusals made part-way are overturned or
    // made again between other people. The tool wrote every Conflict event of the run: a row with
    // oid-1 on both sides ("both hold ... but were not joined") and the phone's refusal twice.
    Path config = Files.writeString(dir.resolve("identity.json"), """
        {"types": [
          {"name": "member_no", "builtin": true, "maxPerPerson": 2, "priority": 100},
          {"name": "phone", "builtin": true, "maxPerPerson": 2, "priority": 50},
          {"name": "email", "builtin": true}]}
        """);
    Path input = Files.writeString(dir.resolve("records.csv"), """
        source,record_id,member_no,phone,email
        s,r0,M3,13800138000,
        s,r1,M0,13800138001,
        s,r2,M0,,e1@x.com
        s,r3,M1,13800138002,
        s,r4,M2,,e2@x.com
        s,r5,M3,13800138000,e2@x.com
        s,r6,,13800138001,e2@x.com
        s,r7,M3,,e1@x.com
        """);
    Path output = dir.resolve("one-ids.csv");
    Path conflicts = dir.resolve("conflicts.csv");

    assertThat(run("resolve", "--input", input.toString(), "--config", config.toString(),
        "--output", output.toString(), "--conflicts", conflicts.toString()))
        .as(err.toString()).isZero();

    List<List<String>> rows = csv(output);
    String r1 = rows.get(2).get(2);
    String r6 = rows.get(7).get(2);
    assertThat(r6).isNotEqualTo(r1);
    List<List<String>> refused = csv(conflicts);
    assertThat(refused.subList(1, refused.size()))
        .allSatisfy(row -> assertThat(row.get(0)).isNotEqualTo(row.get(1)))
        .extracting(row -> row.get(3))
        .containsExactlyInAnyOrder("e2@x.com", "+8613800138001");
    assertThat(err.toString()).contains("; 2 refused links (in " + conflicts + ")");
  }

  @Test
  void shouldApplyTheTypesOfTheConfig() throws IOException {
    Path config = Files.writeString(dir.resolve("identity.json"), """
        {"types": [{"name": "loyalty_card", "normalizer": "upper_case"}]}
        """);
    Path input = Files.writeString(dir.resolve("cards.csv"), """
        source,record_id,loyalty_card
        store,1,c-9
        app,2,C-9
        """);
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--config", config.toString(),
        "--output", output.toString())).as(err.toString()).isZero();

    List<List<String>> rows = csv(output);
    assertThat(rows.get(2).get(2)).isEqualTo(rows.get(1).get(2));
  }

  private int run(String... args) {
    return Cdp.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private static List<List<String>> csv(Path file) throws IOException {
    try (CsvReader reader = new CsvReader(Files.newBufferedReader(file))) {
      List<List<String>> rows = new ArrayList<>();
      for (List<String> row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
      return rows;
    } catch (BadInputException e) {
      throw new AssertionError("the tool wrote CSV it cannot read back: " + e.getMessage(), e);
    }
  }
}
