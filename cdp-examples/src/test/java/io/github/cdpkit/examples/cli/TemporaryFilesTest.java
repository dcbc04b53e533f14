package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary files of a {@code cdp resolve} run, which its shutdown hook deletes while the run
 * may still be creating them.
 */
class TemporaryFilesTest {

  private final Path dir;

  TemporaryFilesTest(@TempDir Path dir) {
    this.dir = dir;
  }

  @Test
  void shouldDeleteTheFilesItCreatedAndNoOther() throws IOException {
    ResolveCommand.TemporaryFiles files = new ResolveCommand.TemporaryFiles();
    Path other = Files.writeString(dir.resolve("taken.tmp"), "another run's");
    files.create(dir.resolve("a.tmp"));
    files.create(dir.resolve("b.tmp"));

    assertThatThrownBy(() -> files.create(other)).isInstanceOf(FileAlreadyExistsException.class);
    files.delete();

    assertThat(filesIn(dir)).containsExactly(other);
  }

  @Test
  void shouldDeleteTheOtherFilesWhenOneCannotBeDeleted() throws IOException {
    ResolveCommand.TemporaryFiles files = new ResolveCommand.TemporaryFiles();
    Path stuck = dir.resolve("a.tmp");
    files.create(stuck);
    files.create(dir.resolve("b.tmp"));
    files.create(dir.resolve("c.tmp"));
    // a directory that is not empty cannot be deleted, whoever runs the test (root too)
    Files.delete(stuck);
    Files.createFile(Files.createDirectory(stuck).resolve("inside"));

    assertThatThrownBy(files::delete).isInstanceOf(DirectoryNotEmptyException.class)
        .hasMessage(stuck.toString());
    assertThat(filesIn(dir)).containsExactly(stuck);
  }

  @Test
  void shouldDeleteTheOtherFilesWhenOneCannotBeDeletedOnStop() throws IOException {
    ResolveCommand.TemporaryFiles files = new ResolveCommand.TemporaryFiles();
    Path stuck = dir.resolve("a.tmp");
    files.create(stuck);
    files.create(dir.resolve("b.tmp"));
    Files.delete(stuck);
    Files.createFile(Files.createDirectory(stuck).resolve("inside"));

    files.deleteQuietly();

    assertThat(filesIn(dir)).containsExactly(stuck);
  }

  @Test
  void shouldCreateNoFileOnceTheFilesWereDeleted() throws IOException {
    ResolveCommand.TemporaryFiles files = new ResolveCommand.TemporaryFiles();
    files.create(dir.resolve("a.tmp"));
    files.deleteQuietly();

    assertThatThrownBy(() -> files.create(dir.resolve("b.tmp")))
        .isInstanceOf(IOException.class)
        .hasMessage("stopped before " + dir.resolve("b.tmp") + " was created");
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void shouldLeaveNoFileWhenStoppedWhileTheRunCreatesThem() throws Exception {
    // The shutdown hook runs beside the run's own thread, which goes on until the JVM halts.
    for (int round = 0; round < 50; round++) {
      Path roundDir = Files.createDirectory(dir.resolve("round-" + round));
      ResolveCommand.TemporaryFiles files = new ResolveCommand.TemporaryFiles();
      CountDownLatch someCreated = new CountDownLatch(3);
      Thread run = new Thread(() -> {
        try {
          for (int i = 0; i < 200; i++) {
            files.create(roundDir.resolve(i + ".tmp"));
            someCreated.countDown();
          }
        } catch (IOException stopped) {
          // the hook has run
        }
      });
      run.start();
      someCreated.await();
      files.deleteQuietly();
      run.join();

      assertThat(filesIn(roundDir)).as("round %d", round).isEmpty();
    }
  }

  private static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> listed = Files.list(dir)) {
      return listed.toList();
    }
  }
}
