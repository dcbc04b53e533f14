package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Keys and namespaces that pass the readers' trim but that the library refuses. */
class ResolveRefusedKeyTest {

  private final Path dir;
  private final StringWriter err = new StringWriter();

  ResolveRefusedKeyTest(@TempDir Path dir) {
    this.dir = dir;
  }

  // U+3000 survives String.trim but is blank to RecordKey; U+0000 passes the readers' checks but
  // not RecordKey's or Identifier's: each printed a stack trace, with no file and line.
  static Stream<Arguments> keysTheLibraryRefuses() {
    return Stream.of(
        Arguments.of("ids.csv", "source,record_id,phone\napp,\u3000,13800138000\n", 2,
            "recordId must not be blank"),
        Arguments.of("ids.jsonl", "{\"source\":\"wx\",\"recordId\":\"1\",\"identifiers\":"
            + "{\"wechat_openid\":[\"a\\u0000b:o1\"]}}\n", 1, "must not hold U+0000"),
        Arguments.of("src.jsonl", "{\"source\":\"a\\u0000b\",\"recordId\":\"1\"}\n", 1,
            "source must not hold U+0000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keysTheLibraryRefuses")
  void shouldNameTheFileAndLineWhenAKeyPassesTheReaderButNotTheLibrary(String file,
      String content, int line, String reason) throws IOException {
    Path input = Files.writeString(dir.resolve(file), content);
    Path output = dir.resolve("one-ids.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith(input + ":" + line + ": ").contains(reason)
        .doesNotContain("\tat ");
    assertThat(output).doesNotExist();
  }

  private int run(String... args) {
    return Cdp.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
        .execute(args);
  }
}
