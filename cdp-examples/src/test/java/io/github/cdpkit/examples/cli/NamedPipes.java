package io.github.cdpkit.examples.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;

/** Named pipes for the tests that need a file whose opening blocks until a writer comes. */
final class NamedPipes {

  private NamedPipes() {}

  /**
   * Makes a named pipe in {@code dir}, or skips the test where {@code mkfifo} is not available.
   *
   * @param dir the directory
   * @param name the pipe's file name
   * @return the pipe's path
   */
  static Path make(Path dir, String name) throws IOException, InterruptedException {
    Path pipe = dir.resolve(name);
    Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
    return pipe;
  }
}
