package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The temporary files {@code cdp resolve} writes beside its output before moving them in place. */
class ResolveTemporaryFileTest {

  private final Path dir;
  private final StringWriter err = new StringWriter();

  ResolveTemporaryFileTest(@TempDir Path dir) {
    this.dir = dir;
  }

  @Test
  void shouldRunWhenAnEarlierRunWithTheSameProcessIdLeftItsTemporaryFile() throws IOException {
    // A run killed outright leaves .one-ids.csv.<pid>.tmp; in a container the java process often
    // has the same id each run, and every later run failed: ".one-ids.csv.1.tmp: already exists".
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path output = dir.resolve("one-ids.csv");
    Path conflicts = dir.resolve("conflicts.csv");
    long pid = ProcessHandle.current().pid();
    Path stale = Files.writeString(dir.resolve(".one-ids.csv." + pid + ".tmp"), "stale");
    Files.writeString(dir.resolve(".conflicts.csv." + pid + ".tmp"), "stale");

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString(),
        "--conflicts", conflicts.toString())).as(err.toString()).isZero();

    assertThat(output).content().startsWith("source,record_id,one_id\napp,1,oid-");
    assertThat(conflicts).exists();
    assertThat(stale).hasContent("stale");
  }

  @Test
  @Timeout(60)
  void shouldTakeTheTemporaryFilesAwayWhenTheRunIsStopped() throws Exception {
    // The input is a named pipe no one writes to: the run creates its temporary files, then waits
    // in opening the pipe until it is stopped.
    Path pipe = NamedPipes.make(dir, "records.csv");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process run = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        Cdp.class.getName(), "resolve", "--input", pipe.toString(),
        "--output", dir.resolve("one-ids.csv").toString(),
        "--conflicts", dir.resolve("conflicts.csv").toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("run.log").toFile())
        .start();
    try {
      while (temporaryFiles().size() < 2) {
        assertThat(run.isAlive()).as("the run ended early: %s",
            Files.exists(dir.resolve("run.log")) ? Files.readString(dir.resolve("run.log")) : "")
            .isTrue();
        Thread.sleep(10);
      }

      run.destroy(); // SIGTERM, as kill sends it; Ctrl-C's SIGINT shuts the JVM down the same way
      run.waitFor();
    } finally {
      run.destroyForcibly();
    }

    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  @Timeout(60)
  void shouldWriteStraightIntoANamedPipeRatherThanReplaceIt() throws Exception {
    // The temporary file was moved onto the pipe, replacing it, and the pipe's reader waited for
    // good; --output /dev/stdout or /dev/null replaced the device the same way (as root).
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path pipe = NamedPipes.make(dir, "one-ids.csv");
    CompletableFuture<String> read = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        read.complete(Files.readString(pipe));
      } catch (IOException | RuntimeException e) {
        read.completeExceptionally(e);
      }
    }, "pipe-reader");
    reader.setDaemon(true); // a replaced pipe leaves it waiting for good: it must not keep the JVM
    reader.start();

    assertThat(run("resolve", "--input", input.toString(), "--output", pipe.toString()))
        .as(err.toString()).isZero();

    assertThat(Files.isRegularFile(pipe)).as("the pipe was replaced by a file").isFalse();
    assertThat(read.get(30, TimeUnit.SECONDS)).startsWith("source,record_id,one_id\napp,1,oid-");
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  @Timeout(60)
  void shouldNameTheOutputWhenWritingItFails() throws Exception {
    // A pipe whose reader has gone: the writes fail as on a full disk, and the report named no file
    // ("cannot read or write: java.io.IOException: Broken pipe").
    StringBuilder records = new StringBuilder("source,record_id\n");
    for (int i = 0; i < 20_000; i++) { // more than a pipe holds unread
      records.append("app,").append(i).append('\n');
    }
    Path input = Files.writeString(dir.resolve("records.csv"), records);
    Path pipe = NamedPipes.make(dir, "one-ids.csv");
    Thread reader = new Thread(() -> {
      try {
        Files.newInputStream(pipe).close(); // opens when the run does, and goes
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "pipe-reader");
    reader.setDaemon(true);
    reader.start();

    assertThat(run("resolve", "--input", input.toString(), "--output", pipe.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).isEqualTo(pipe + ": Broken pipe" + System.lineSeparator());
  }

  @Test
  void shouldWriteTheOutputAndTheConflictsToOneDevice() throws IOException {
    // Refused as bad usage: "--conflicts and --output name the same file", as when --output
    // /dev/stdout and --conflicts /dev/stderr are one terminal. Links in the test's directory
    // stand for those of /dev.
    Path device = Path.of("/dev/null");
    assumeTrue(Files.exists(device) && !Files.isRegularFile(device), "no /dev/null here");
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path stdout = Files.createSymbolicLink(dir.resolve("stdout"), device);
    Path stderr = Files.createSymbolicLink(dir.resolve("stderr"), device);
    try {
      assertThat(run("resolve", "--input", input.toString(), "--output", stdout.toString(),
          "--conflicts", stderr.toString())).as(err.toString()).isZero();

      assertThat(stdout).isSymbolicLink();
      assertThat(stderr).isSymbolicLink();
    } finally { // JUnit warns of links out of its directory that it finds there
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  @Test
  void shouldWriteThroughASymbolicLinkRatherThanReplaceIt() throws IOException {
    // The temporary file was moved onto the link, replacing it: the file it pointed at kept the
    // last run's output. So --output /dev/stdout replaced /dev/stdout, a link, when standard
    // output went to a file (as root; others got "/dev/.stdout.<pid>.tmp: permission denied").
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path linked = Files.writeString(dir.resolve("2026-11-24.csv"), "the last run's output\n");
    Path link = Files.createSymbolicLink(dir.resolve("latest.csv"), linked.getFileName());

    assertThat(run("resolve", "--input", input.toString(), "--output", link.toString()))
        .as(err.toString()).isZero();

    assertThat(link).isSymbolicLink();
    assertThat(linked).content().startsWith("source,record_id,one_id\napp,1,oid-");
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void shouldKeepThePermissionsOfTheFilesItReplaces() throws IOException {
    // They came back with the permissions of a new file: readable by all under the usual umask.
    Path input = Files.writeString(dir.resolve("records.csv"), "source,record_id\napp,1\n");
    Path output = Files.writeString(dir.resolve("one-ids.csv"), "earlier\n");
    Path conflicts = Files.writeString(dir.resolve("conflicts.csv"), "earlier\n");
    assumeTrue(Files.getFileAttributeView(output, PosixFileAttributeView.class) != null,
        "the file system has no POSIX permissions");
    Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(conflicts, PosixFilePermissions.fromString("rw-r-----"));

    assertThat(run("resolve", "--input", input.toString(), "--output", output.toString(),
        "--conflicts", conflicts.toString())).as(err.toString()).isZero();

    assertThat(output).content().startsWith("source,record_id,one_id\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conflicts)))
        .isEqualTo("rw-r-----");
  }

  @Test
  @Timeout(60)
  void shouldReplaceAnOutputItsOwnerMadeReadOnly() throws Exception {
    // The temporary file was created read-only like the output it replaces, so a user other than
    // root could not write it: the run failed once all the input was read ("one-ids.csv:
    // permission denied"), where it had replaced the file, as a move replaces any. Root writes a
    // read-only file all the same, so the test looks at the temporary file while the run waits for
    // its input, a named pipe.
    Path pipe = NamedPipes.make(dir, "records.csv");
    Path output = Files.writeString(dir.resolve("one-ids.csv"), "earlier\n");
    assumeTrue(Files.getFileAttributeView(output, PosixFileAttributeView.class) != null,
        "the file system has no POSIX permissions");
    Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("r--r-----"));
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread running = new Thread(() -> exit.complete(
        run("resolve", "--input", pipe.toString(), "--output", output.toString())), "resolve");
    running.setDaemon(true); // left waiting for the pipe if the test fails before it writes
    running.start();
    while (temporaryFiles().isEmpty()) {
      assertThat(exit).as(err.toString()).isNotDone();
      Thread.sleep(10);
    }

    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(temporaryFiles().get(0))))
        .as("written by its owner, then made read-only").isEqualTo("rw-r-----");
    Files.writeString(pipe, "source,record_id\napp,1\n");
    assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(output).content().startsWith("source,record_id,one_id\napp,1,oid-");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output)))
        .isEqualTo("r--r-----");
  }

  private List<Path> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  private int run(String... args) {
    return Cdp.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
        .execute(args);
  }
}
