package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys and namespaces that pass the readers' trim but that the library refuses. */
class ResolveRefusedKeyTest {

  private final Path dir;
  private final StringWriter err = new StringWriter();

  ResolveRefusedKeyTest(@TempDir Path dir) {
    this.dir = dir;
  }

  @Test
  void shouldNameTheFileAndLineWhenARecordIdIsAnIdeographicSpace() throws IOException {
    // U+3000 survives String.trim but is blank to RecordKey: a stack trace, no file:line.
    Path input = Files.writeString(dir.resolve("ids.csv"),
        "source,record_id,phone\napp,\u3000,13800138000\n");
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith(input + ":2: ").contains("recordId must not be blank")
        .doesNotContain("\tat ");
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldNameTheFileAndLineWhenANamespaceHoldsU0000() throws IOException {
    Path input = Files.writeString(dir.resolve("ids.jsonl"),
        "{\"source\":\"wx\",\"recordId\":\"1\",\"identifiers\":{\"wechat_openid\":[\"a\\u0000b:o1\"]}}\n");
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith(input + ":1: ").contains("must not hold U+0000")
        .doesNotContain("\tat ");
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldNameTheFileAndLineWhenASourceHoldsU0000() throws IOException {
    Path input = Files.writeString(dir.resolve("src.jsonl"),
        "{\"source\":\"a\\u0000b\",\"recordId\":\"1\"}\n");
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith(input + ":1: ").contains("source must not hold U+0000");
    assertThat(output).doesNotExist();
  }

  private int run(String... args) {
    return Cdp.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
        .execute(args);
  }
}
