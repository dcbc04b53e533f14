package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/**
 * Exit codes and error reports of the command line. None of these reach the resolver engine: each
 * case fails on usage or input before the first batch is ingested.
 */
class CdpTest {

  private final Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  CdpTest(@TempDir Path dir) {
    this.dir = dir;
  }

  @Test
  void shouldPrintHelpAndExitZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: cdp", "demo", "resolve", "Exit codes");
    assertThat(run("resolve", "--help")).isZero();
    assertThat(out.toString()).contains("--input=FILE", "--output=FILE", "--conflicts=FILE",
        "--config=FILE");
  }

  @Test
  void shouldExitOneNamingTheFileWhenTheInputCannotBeReadAsResolveHelpSays() {
    assertThat(run("resolve", "--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("1 bad input (file:line: reason on standard error) or a file that cannot be read"
            + " or written (file: reason), with no output written, 2 bad usage.");
    Path missing = dir.resolve("missing.csv");

    assertThat(run("resolve", "--input", missing.toString(), "--output",
        dir.resolve("out.csv").toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualToIgnoringNewLines(missing + ": no such file or directory");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void shouldPrintTheVersionAndExitZero() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).matches("cdp \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
  }

  @Test
  void shouldExitTwoWithoutACommand() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required subcommand", "Usage: cdp");
  }

  @Test
  void shouldExitTwoOnAnUnknownCommandOrOption() {
    assertThat(run("resolv")).isEqualTo(2);
    assertThat(run("demo", "--fast")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--fast'");
  }

  @Test
  void shouldExitTwoWhenARequiredOptionIsMissing() {
    assertThat(run("resolve", "--input", dir.resolve("in.csv").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--output=FILE'");
  }

  @Test
  void shouldExitTwoWhenTheInputHasNoKnownExtension() {
    assertThat(run("resolve", "--input", "records.txt", "--output", "out.csv")).isEqualTo(2);
    assertThat(err.toString()).contains("'records.txt' has no known extension: use .csv for CSV,"
        + " or .jsonl, .ndjson or .json for JSON lines");
  }

  @Test
  void shouldExitTwoWhenAFileOptionIsEmpty() throws IOException {
    // Path.of("") is the working directory: --output, --conflicts and --config "" failed with
    // ": is a directory" (exit 1), and --input "" with "'' has no known extension".
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    String output = dir.resolve("out.csv").toString();

    assertThat(run("resolve", "--input", "", "--output", output)).isEqualTo(2);
    assertThat(run("resolve", "--input", input.toString(), "--output", "")).isEqualTo(2);
    assertThat(run("resolve", "--input", input.toString(), "--output", output,
        "--conflicts", "")).isEqualTo(2);
    assertThat(run("resolve", "--input", input.toString(), "--config=", "--output", output))
        .isEqualTo(2);
    assertThat(err.toString()).contains(
        "Invalid value for option '--input': the file name is empty",
        "Invalid value for option '--output': the file name is empty",
        "Invalid value for option '--conflicts': the file name is empty",
        "Invalid value for option '--config': the file name is empty");
    assertThat(dir).isDirectoryNotContaining("glob:**out.csv");
  }

  @Test
  void shouldRefuseABlankFileName() {
    // Path.of(" ") is a file named with a space: --output " " wrote one in the working directory.
    assertThatThrownBy(() -> new ResolveCommand.FileConverter().convert(" \t"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("the file name ' \t' is blank");
    assertThatThrownBy(() -> new ResolveCommand.InputFileConverter().convert(" "))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("the file name ' ' is blank");
  }

  @Test
  void shouldExitTwoWhenAFileOptionEndsInASlash() throws IOException {
    // Path.of drops the slash: --output results/ wrote a file named results.
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    String output = dir.resolve("results") + "/";

    assertThat(run("resolve", "--input", input.toString(), "--output", output)).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--output': '" + output
        + "' ends in '/', so it names a directory, not a file");
    assertThat(dir.resolve("results")).doesNotExist();
  }

  @Test
  void shouldExitTwoWhenTheOutputIsTheInput() throws IOException {
    // It ran, and replaced the records with their OneIds.
    String records = "source,record_id,phone\ntmall,A-1,138 0013 8000\n";
    Path input = Files.writeString(dir.resolve("records.csv"), records);

    assertThat(run("resolve", "--input", input.toString(), "--output",
        dir.resolve(".").resolve("records.csv").toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("--output and --input name the same file: ")
        .contains("Usage: cdp resolve");
    assertThat(input).hasContent(records);
  }

  @Test
  void shouldExitTwoWhenTheOutputOrTheConflictsAreTheConfig() throws IOException {
    // It ran, and replaced the identity configuration with the OneIds or the refused links.
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path config = Files.writeString(dir.resolve("identity.json"), "{\"genericThreshold\": 9}");
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--config", config.toString(),
        "--output", config.toString())).isEqualTo(2);
    assertThat(run("resolve", "--input", input.toString(), "--config", config.toString(),
        "--output", output.toString(), "--conflicts", config.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("--output and --config name the same file: " + config,
            "--conflicts and --config name the same file: " + config);
    assertThat(config).hasContent("{\"genericThreshold\": 9}");
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldExitTwoWhenTheConflictsAreTheOutput() throws IOException {
    // It failed on the temporary file's name (".out.csv.<pid>.tmp: already exists"), exit 1.
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString(),
        "--conflicts", output.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("--conflicts and --output name the same file: " + output);
    assertThat(output).doesNotExist();
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void shouldExitOneNamingFileLineAndReasonWithoutWritingOutput() throws IOException {
    Path input = Files.writeString(dir.resolve("records.csv"),
        "source,record_id,phone\ntmall,A-1,138 0013 8000\njd,B-1,138 0013 8000,extra\n");
    Path output = dir.resolve("out.csv");
    Path conflicts = dir.resolve("conflicts.csv");

    int exit = run("resolve", "--input", input.toString(), "--output", output.toString(),
        "--conflicts", conflicts.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(input + ":3: expected 3 cells as in the header, found 4" + System.lineSeparator());
    assertThat(output).doesNotExist();
    assertThat(conflicts).doesNotExist();
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void shouldLeaveAnEarlierOutputAloneOnBadInput() throws IOException {
    Path input = Files.writeString(dir.resolve("records.jsonl"), "{\"source\":\"a\"}\n");
    Path output = Files.writeString(dir.resolve("out.csv"), "earlier\n");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith(input + ":1: recordId is missing");
    assertThat(output).hasContent("earlier");
  }

  @Test
  void shouldExitOneOnAMalformedConfigNamingThePath() throws IOException {
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\n");
    Path config = Files.writeString(dir.resolve("identity.json"),
        "{\"types\": [{\"name\": \"phone\", \"builtin\": true, \"maxPerPerson\": 0}]}");
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--config", config.toString(),
        "--output", output.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(config + ": types[0].maxPerPerson must be a whole number"
        + " of at least 1 or \"unlimited\": 0" + System.lineSeparator());
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldExitOneNamingTheConfigLineAndColumnWhenItIsNotJson() throws IOException {
    // Jackson 2.16+ hides the source of a position it writes into its message: "... (start marker
    // at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1,
    // column: 11])".
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path config = Files.writeString(dir.resolve("identity.json"),
        "{\"types\": [\n  {\"name\": \"phone\", \"builtin\": true}\n");
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--config", config.toString(),
        "--output", output.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(config + ": identity config is not valid JSON: line 3,"
        + " column 1: Unexpected end-of-input: expected close marker for Array (start marker at"
        + " line 1, column 11)" + System.lineSeparator());
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldExitOneWhenTheInputDoesNotExist() {
    Path input = dir.resolve("missing.csv");
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).isEqualTo(input + ": no such file or directory"
        + System.lineSeparator());
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldExitOneWhenTheInputIsNotUtf8() throws IOException {
    Path input = Files.write(dir.resolve("records.csv"),
        new byte[] {'s', 'o', 'u', 'r', 'c', 'e', ',', 'r', 'e', 'c', 'o', 'r', 'd', '_', 'i', 'd',
            '\n', 'a', ',', (byte) 0xC3, (byte) 0x28, '\n'});
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith(input + ":2: the text is not valid UTF-8");
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldExitOneNamingTheFileWhenTheInputOrConfigIsADirectory() throws IOException {
    // "cannot read or write: java.io.IOException: Is a directory", naming no file.
    Path folder = Files.createDirectory(dir.resolve("records.csv"));
    Path input = Files.writeString(dir.resolve("ok.csv"), "source,record_id\napp,1\n");
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", folder.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(run("resolve", "--input", input.toString(), "--config", folder.toString(),
        "--output", output.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo((folder + ": is a directory" + System.lineSeparator())
        .repeat(2));
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldExitOneNamingTheConfigWhenItIsTooLargeToBeOneWithoutReadingIt() throws IOException {
    // The input given as the config by mistake was read whole: a large one ran out of memory.
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path config = dir.resolve("identity.json");
    try (RandomAccessFile file = new RandomAccessFile(config.toFile(), "rw")) {
      file.setLength(ResolveCommand.MAX_CONFIG_BYTES + 1); // sparse: no disk, and not read
    }
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--config", config.toString(),
        "--output", output.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(config + ": is 16,777,217 bytes; an identity"
        + " configuration takes at most 16,777,216" + System.lineSeparator());
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldExitOneNamingTheConfigWhenAPipeGivesMoreThanTheLimit() throws Exception {
    // The size limit applied to regular files alone: --config /dev/stdin, or a pipe, was read whole.
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path config = NamedPipes.make(dir, "identity.json");
    Thread writer = new Thread(() -> {
      try (OutputStream pipe = Files.newOutputStream(config)) {
        byte[] spaces = new byte[1 << 16];
        Arrays.fill(spaces, (byte) ' ');
        for (long left = ResolveCommand.MAX_CONFIG_BYTES + 1; left > 0; left -= spaces.length) {
          pipe.write(spaces, 0, (int) Math.min(left, spaces.length));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "config-pipe-writer");
    writer.setDaemon(true); // never left waiting for a reader should the run not open the pipe
    writer.start();
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--config", config.toString(),
        "--output", output.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(config + ": is more than 16,777,216 bytes; an identity"
        + " configuration takes at most 16,777,216" + System.lineSeparator());
    assertThat(output).doesNotExist();
  }

  @Test
  void shouldExitOneNamingTheConfigWhenItIsNotUtf8() throws IOException {
    // "cannot read or write: java.nio.charset.MalformedInputException: Input length = 1".
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path config = Files.write(dir.resolve("identity.json"),
        new byte[] {'{', '"', 't', 'y', 'p', 'e', 's', '"', ':', '[', '"', (byte) 0xC3, '"', ']'});
    Path output = dir.resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--config", config.toString(),
        "--output", output.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(config + ": the text is not valid UTF-8"
        + System.lineSeparator());
  }

  @Test
  void shouldExitOneNamingTheOutputWhenItsDirectoryDoesNotExist() throws IOException {
    // It named the temporary file: "<dir>/missing/.out.csv.<pid>.tmp: no such file or directory".
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path output = dir.resolve("missing").resolve("out.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).isEqualTo(output + ": no such directory: " + dir.resolve("missing")
        + System.lineSeparator());
  }

  @Test
  void shouldExitOneNamingTheOutputWhenItsDirectoryTakesNoNewFile() throws IOException {
    // It named the temporary file: "/proc/.out.csv.<pid>.tmp: no such file or directory", and for
    // a read-only file system "cannot read or write: java.nio.file.FileSystemException:
    // /sys/.out.csv.<pid>.tmp: Read-only file system". The kernel's own directories take no file,
    // not even from root.
    assumeTrue(Files.isDirectory(Path.of("/proc")) && Files.isDirectory(Path.of("/sys")),
        "no /proc and /sys here");
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");

    assertThat(run("resolve", "--input", input.toString(), "--output", "/proc/cdp-test.csv"))
        .isEqualTo(1);
    assertThat(err.toString()).isEqualTo("/proc/cdp-test.csv: no such file or directory"
        + System.lineSeparator());
    assertThat(run("resolve", "--input", input.toString(), "--output",
        dir.resolve("out.csv").toString(), "--conflicts", "/sys/cdp-test.csv")).isEqualTo(1);
    assertThat(err.toString()).matches("(?s).*\\R/sys/cdp-test\\.csv: [^\\r\\n]+\\R")
        .doesNotContain(".tmp", "java.");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void shouldWriteNeitherFileWhenTheOutputIsADirectory() throws IOException {
    // The conflicts were moved into place, then moving the output failed ("cannot read or write:
    // java.nio.file.FileSystemException: <dir>/.out.23.tmp -> out: Is a directory"), exit 1.
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path output = Files.createDirectory(dir.resolve("out"));
    Path conflicts = dir.resolve("conflicts.csv");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString(),
        "--conflicts", conflicts.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(output + ": is a directory" + System.lineSeparator());
    assertThat(conflicts).doesNotExist();
    assertThat(output).isEmptyDirectory();
  }

  @Test
  void shouldExitOneWhenStandardOutputCannotBeWritten() {
    // System.out swallows its write errors: cdp demo > /dev/full exited 0 with nothing written.
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream stderr = new PrintStream(errBytes, true, Charset.defaultCharset());

    assertThat(Cdp.run(failingStream(), stderr, "demo")).isEqualTo(1);
    assertThat(Cdp.run(failingStream(), stderr, "--help")).isEqualTo(1);
    assertThat(errBytes.toString(Charset.defaultCharset())).isEqualTo(("cdp: cannot write to"
        + " standard output (a full disk, or a pipe whose reader has gone): the output is"
        + " incomplete" + System.lineSeparator()).repeat(2));
  }

  @Test
  void shouldKeepTheExitCodeOfBadUsageWhenStandardOutputCannotBeWritten() {
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    assertThat(Cdp.run(failingStream(), new PrintStream(errBytes, true, Charset.defaultCharset()),
        "demo", "--fast")).isEqualTo(2);
    assertThat(errBytes.toString(Charset.defaultCharset())).contains("Unknown option: '--fast'");
  }

  @Test
  void shouldExitZeroWhenStandardOutputTakesTheReport() {
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    assertThat(Cdp.run(new PrintStream(outBytes, true, Charset.defaultCharset()),
        new PrintStream(errBytes, true, Charset.defaultCharset()), "demo")).isZero();
    assertThat(outBytes.toString(Charset.defaultCharset()))
        .startsWith("OneID: three channels, one person");
    assertThat(errBytes.toString(Charset.defaultCharset())).isEmpty();
  }

  /** Standard output on a full disk: every write fails, as on {@code /dev/full}. */
  private static PrintStream failingStream() {
    return new PrintStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("No space left on device");
      }
    }, true, Charset.defaultCharset());
  }

  private int run(String... args) {
    return Cdp.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }
}
