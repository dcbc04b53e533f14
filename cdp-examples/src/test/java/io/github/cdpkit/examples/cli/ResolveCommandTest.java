package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.examples.cli.ResolveCommand.InputFile;
import io.github.cdpkit.identity.IdentityResolverBuilder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How {@code cdp resolve} estimates the records of its input, to size the resolver up front. */
class ResolveCommandTest {

  private final Path dir;

  ResolveCommandTest(@TempDir Path dir) {
    this.dir = dir;
  }

  @Test
  void shouldCountTheRecordsOfASmallCsvWithoutItsHeader() throws IOException {
    Path csv = Files.writeString(dir.resolve("small.csv"), """
        source,record_id,phone
        pos,1,13800138000
        pos,2,13900139000
        pos,3,13700137000
        """);

    assertThat(ResolveCommand.estimateRecords(new InputFile(csv, InputFormat.CSV))).isEqualTo(3);
  }

  @Test
  void shouldCountALastLineWithoutALineBreak() throws IOException {
    Path csv = Files.writeString(dir.resolve("unterminated.csv"),
        "source,record_id,phone\npos,1,13800138000\npos,2,13900139000");
    Path jsonl = Files.writeString(dir.resolve("unterminated.jsonl"),
        "{\"source\":\"pos\",\"recordId\":\"1\",\"identifiers\":{}}");

    assertThat(ResolveCommand.estimateRecords(new InputFile(csv, InputFormat.CSV))).isEqualTo(2);
    assertThat(ResolveCommand.estimateRecords(new InputFile(jsonl, InputFormat.JSON_LINES)))
        .isEqualTo(1);
  }

  @Test
  void shouldEstimateNoRecordsForAnEmptyFileOrAHeaderAlone() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    Path header = Files.writeString(dir.resolve("header.csv"), "source,record_id,phone\n");

    assertThat(ResolveCommand.estimateRecords(new InputFile(empty, InputFormat.CSV))).isZero();
    assertThat(ResolveCommand.estimateRecords(new InputFile(header, InputFormat.CSV))).isZero();
  }

  @Test
  void shouldEstimateNoRecordsForAFileThatCannotBeRead() {
    Path missing = dir.resolve("missing.csv");

    assertThat(ResolveCommand.estimateRecords(new InputFile(missing, InputFormat.CSV))).isZero();
  }

  @Test
  void shouldEstimateALargeFileFromTheLinesOfItsFirstBytes() throws IOException {
    // Lines of 25 bytes; the sample ends part way through one, so the estimate is close, not exact.
    StringBuilder lines = new StringBuilder();
    int records = 100_000;
    for (int i = 0; i < records; i++) {
      lines.append(String.format(Locale.ROOT, "{\"recordId\":\"%09d\"}\n", i));
    }
    Path jsonl = Files.writeString(dir.resolve("large.jsonl"), lines);
    assertThat(Files.size(jsonl)).isGreaterThan(ResolveCommand.SAMPLE_BYTES);

    int estimate = ResolveCommand.estimateRecords(new InputFile(jsonl, InputFormat.JSON_LINES));

    assertThat(estimate).isBetween(records - records / 100, records + records / 100);
  }

  @Test
  void shouldCountTheLinesOfAFileOfExactlyTheSampleSize() throws IOException {
    // 4,095 lines of 16 bytes, then one of 16 bytes without its line break: 65,536 bytes.
    String line = "pos,1,1380013800";
    StringBuilder content = new StringBuilder("source,record_id,phone".substring(0, 15) + "\n");
    while (content.length() < ResolveCommand.SAMPLE_BYTES - line.length()) {
      content.append(line.substring(0, 15)).append('\n');
    }
    content.append(line);
    Path csv = Files.writeString(dir.resolve("exact.csv"), content);
    assertThat(Files.size(csv)).isEqualTo(ResolveCommand.SAMPLE_BYTES);

    assertThat(ResolveCommand.estimateRecords(new InputFile(csv, InputFormat.CSV)))
        .isEqualTo(ResolveCommand.SAMPLE_BYTES / 16 - 1);
  }

  @Test
  void shouldEstimateNoRecordsForADirectory() {
    assertThat(ResolveCommand.estimateRecords(new InputFile(dir, InputFormat.CSV))).isZero();
  }

  @Test
  @Timeout(10)
  void shouldEstimateNoRecordsForAPipeWithoutReadingIt() throws Exception {
    // Opening a pipe blocks until a writer comes, and reading it would take the records away.
    Path pipe = NamedPipes.make(dir, "pipe.csv");

    assertThat(ResolveCommand.estimateRecords(new InputFile(pipe, InputFormat.CSV))).isZero();
  }

  @Test
  void shouldEstimateAtMostWhatHalfTheHeapReserves() throws IOException {
    Path csv = Files.writeString(dir.resolve("many.csv"), "pos,1,13800138000\n".repeat(10_000));
    long heap = 200_000; // half of it reserves 1,000 records

    assertThat(ResolveCommand.estimateRecords(new InputFile(csv, InputFormat.CSV), heap))
        .isEqualTo(1_000);
  }

  @Test
  void shouldEstimateAtMostWhatTheResolverCanReserve() throws IOException {
    // Line breaks alone: a sparse file whose size promises more records than may be reserved.
    Path csv = dir.resolve("breaks.csv");
    Files.write(csv, "\n".repeat(ResolveCommand.SAMPLE_BYTES).getBytes(StandardCharsets.US_ASCII));
    try (RandomAccessFile file = new RandomAccessFile(csv.toFile(), "rw")) {
      file.setLength(2L * IdentityResolverBuilder.MAX_EXPECTED_RECORDS);
    }

    assertThat(ResolveCommand.estimateRecords(new InputFile(csv, InputFormat.CSV), Long.MAX_VALUE))
        .isEqualTo(IdentityResolverBuilder.MAX_EXPECTED_RECORDS);
  }
}
