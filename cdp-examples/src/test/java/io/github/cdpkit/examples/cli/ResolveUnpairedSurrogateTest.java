package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Half a surrogate pair, which JSON lines can write as an escape and UTF-8 cannot: the output or
 * the conflicts file failed to be written, with "cannot read or write:
 * java.nio.charset.MalformedInputException: Input length = 1" and no file or line.
 */
class ResolveUnpairedSurrogateTest {

  private final Path dir;
  private final StringWriter err = new StringWriter();

  ResolveUnpairedSurrogateTest(@TempDir Path dir) {
    this.dir = dir;
  }

  static Stream<Arguments> unpairedSurrogates() {
    return Stream.of(
        Arguments.of("{\"source\":\"app\",\"recordId\":\"1\\ud800\"}", "recordId holds \\ud800"),
        Arguments.of("{\"source\":\"\\udc00app\",\"recordId\":\"1\"}", "source holds \\udc00"),
        Arguments.of("{\"source\":\"app\",\"recordId\":\"1\",\"identifiers\":"
            + "{\"wechat_unionid\":[\"u\\ud83d\"]}}", "identifiers.wechat_unionid holds \\ud83d"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unpairedSurrogates")
  void shouldNameTheFileAndLineOfAnUnpairedSurrogate(String record, String reason)
      throws IOException {
    Path input = Files.writeString(dir.resolve("records.jsonl"),
        "{\"source\":\"app\",\"recordId\":\"0\"}\n" + record + "\n");
    Path output = dir.resolve("one-ids.csv");
    Path conflicts = dir.resolve("conflicts.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString(),
        "--conflicts", conflicts.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith(input + ":2: " + reason);
    assertThat(output).doesNotExist();
    assertThat(conflicts).doesNotExist();
  }

  @Test
  void shouldKeepASurrogatePairWhole() throws IOException {
    Path input = Files.writeString(dir.resolve("records.jsonl"),
        "{\"source\":\"app\",\"recordId\":\"\\ud83d\\ude00\",\"identifiers\":"
            + "{\"member_no\":[\"\\ud83d\\ude00\"]}}\n");
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .as(err.toString()).isZero();
    assertThat(output).content().startsWith("source,record_id,one_id\napp,\ud83d\ude00,oid-");
  }

  private int run(String... args) {
    return Cdp.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
        .execute(args);
  }
}
