package io.github.cdpkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard's verdict from its forks' figures; the benchmark runs themselves belong to CI. */
class GuardTest {

  private static final List<Double> FAST = List.of(520.0, 530.0, 540.0, 550.0, 560.0);
  private static final List<Double> SLOW_FORK = List.of(700.0, 710.0, 720.0, 730.0, 740.0);
  private static final List<Double> JGRAPHT = List.of(1900.0, 2000.0, 2100.0, 2200.0, 2300.0);

  @Test
  void shouldPassWhenTheMedianOfAllOurIterationsIsFastEnoughDespiteTwoSlowForks() {
    Guard.Verdict verdict = Guard.judge(
        List.of(SLOW_FORK, FAST, SLOW_FORK, FAST, FAST), Collections.nCopies(5, JGRAPHT), 3);

    assertThat(verdict.pass()).isTrue();
    assertThat(verdict.lines()).hasSize(6).startsWith(
        "fork 1: cdpkit 720 ms (median of 5), jgrapht 2100 ms (median of 5)");
    // Ours: the 13th of 25 iterations is 560 ms, 1,785,714 records a second; JGraphT's 2,100 ms.
    assertThat(verdict.lines().get(5)).isEqualTo("cdpkit 1,785,714 rec/s vs jgrapht 476,190 rec/s"
        + " = 3.75x (need >= 3x) at 1,000,000 records (medians of the measured iterations of 5"
        + " forks a side, taking turns)");
  }

  @Test
  void shouldFailWhenOursIsNotFastEnough() {
    Guard.Verdict verdict = Guard.judge(List.of(SLOW_FORK), List.of(JGRAPHT), 3);

    assertThat(verdict.pass()).isFalse();
    assertThat(verdict.lines().get(1)).contains("= 2.92x (need >= 3x)");
  }

  @Test
  void shouldFailWhenAForkDidNotMeasureEveryIterationHoweverFastTheOthers() {
    Guard.Verdict verdict = Guard.judge(
        List.of(FAST, List.of(100.0, 100.0), List.of()), List.of(JGRAPHT, JGRAPHT, JGRAPHT), 3);

    assertThat(verdict.pass()).isFalse();
    assertThat(verdict.lines()).containsExactly(
        "fork 1: cdpkit 540 ms (median of 5), jgrapht 2100 ms (median of 5)",
        "fork 2: cdpkit failed (measured 2 of 5 iterations), jgrapht 2100 ms (median of 5)",
        "fork 3: cdpkit failed (measured 0 of 5 iterations), jgrapht 2100 ms (median of 5)",
        "a fork did not measure every iteration (the benchmark failed, see above)");
  }

  @Test
  void shouldFailWhenNoForkRan() {
    assertThat(Guard.judge(List.of(), List.of(), 3).pass()).isFalse();
  }

  @Test
  void shouldTakeTheMiddleValueOfAnOddCountWhateverTheOrder() {
    assertThat(Guard.median(List.of(700.0, 520.0, 540.0, 1500.0, 530.0))).isEqualTo(540.0);
  }

  @Test
  void shouldAverageTheTwoMiddleValuesOfAnEvenCount() {
    assertThat(Guard.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Guard.median(List.of(9.0))).isEqualTo(9.0);
  }

  @Test
  void shouldRefuseNoValues() {
    assertThatThrownBy(() -> Guard.median(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the median of no values");
  }
}
