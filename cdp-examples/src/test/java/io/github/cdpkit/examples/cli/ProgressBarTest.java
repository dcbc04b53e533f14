package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private final StringWriter text = new StringWriter();
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final ProgressBar bar =
      new ProgressBar(new PrintWriter(text), "reading", 200, nanos::get);

  @Test
  void shouldStaySilentForTheFirstSecond() {
    bar.update(50, 1_000);
    nanos.addAndGet(900_000_000L);
    bar.update(100, 2_000);
    bar.finish(2_000);

    assertThat(text.toString()).isEmpty();
  }

  @Test
  void shouldRedrawInPlaceAtMostFourTimesASecondAndEndFull() {
    nanos.addAndGet(1_000_000_000L);
    bar.update(50, 1_000);
    nanos.addAndGet(100_000_000L);
    bar.update(60, 1_200);
    nanos.addAndGet(150_000_000L);
    bar.update(100, 2_000);
    bar.finish(4_000);

    assertThat(text.toString()).isEqualTo(
        "\rreading [#######                       ]  25%  1,000 records"
            + "\rreading [###############               ]  50%  2,000 records"
            + "\rreading [##############################] 100%  4,000 records"
            + System.lineSeparator());
  }

  @Test
  void shouldNotGoBeyondFull() {
    nanos.addAndGet(2_000_000_000L);
    bar.update(500, 10);

    assertThat(text.toString()).contains("100%");
  }
}
