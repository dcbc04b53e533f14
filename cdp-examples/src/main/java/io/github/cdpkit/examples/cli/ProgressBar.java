package io.github.cdpkit.examples.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error, redrawn in place with {@code \r}:
 *
 * <pre>
 * reading [##############                ]  47%  1,204,000 records
 * </pre>
 *
 * <p>It stays silent for the first second, so that small inputs print nothing, and then redraws at
 * most four times a second. Whether to show it at all is the caller's decision (see
 * {@link #interactive()}). Not thread-safe.
 */
final class ProgressBar {

  private static final long SILENT_NANOS = 1_000_000_000L;
  private static final long REDRAW_NANOS = 250_000_000L;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final LongSupplier nanoTime;
  private final long start;
  private long lastDraw;
  private boolean drawn;

  /**
   * Starts a bar for one phase of work.
   *
   * @param err where to draw
   * @param label what is being done, such as {@code reading}
   * @param total the amount of work, in the unit of {@link #update}'s {@code done}
   * @param nanoTime the clock, {@code System::nanoTime} outside tests
   */
  ProgressBar(PrintWriter err, String label, long total, LongSupplier nanoTime) {
    this.err = err;
    this.label = label;
    this.total = Math.max(total, 1);
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
  }

  /**
   * Returns whether the tool runs in an interactive terminal, where a bar redrawn with {@code \r}
   * reads well; it is off when the output is redirected or piped.
   *
   * @return {@code true} if a console is attached
   */
  @SuppressWarnings("SystemConsoleNull") // null up to Java 21; from 22 isTerminal() decides
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // From Java 22, System.console() is there even when redirected; isTerminal() tells.
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * Reports progress, redrawing the bar if it is time to.
   *
   * @param done how much of the total is done
   * @param records how many records are done
   */
  void update(long done, long records) {
    long now = nanoTime.getAsLong();
    if (now - start < SILENT_NANOS || (drawn && now - lastDraw < REDRAW_NANOS)) {
      return;
    }
    draw(Math.min(done, total), records);
    lastDraw = now;
    drawn = true;
  }

  /**
   * Ends the phase: if the bar was shown, draws it full and moves to the next line.
   *
   * @param records how many records were done
   */
  void finish(long records) {
    if (drawn) {
      draw(total, records);
      err.println();
      err.flush();
    }
  }

  private void draw(long done, long records) {
    int filled = (int) (done * WIDTH / total);
    int percent = (int) (done * 100 / total);
    err.printf(Locale.ROOT, "\r%s [%s%s] %3d%%  %,d records", label, "#".repeat(filled),
        " ".repeat(WIDTH - filled), percent, records);
    err.flush();
  }
}
