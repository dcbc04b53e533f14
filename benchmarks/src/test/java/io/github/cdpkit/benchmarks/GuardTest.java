package io.github.cdpkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard's verdict from its forks' figures; the benchmark runs themselves belong to CI. */
class GuardTest {

  // A fast fork with one slow iteration: its median is 540 ms, its mean 608.
  private static final List<Double> FAST = List.of(520.0, 530.0, 540.0, 550.0, 900.0);
  private static final List<Double> SLOW_FORK = List.of(750.0, 760.0, 770.0, 780.0, 790.0);
  private static final List<Double> JGRAPHT = List.of(1900.0, 2000.0, 2100.0, 2200.0, 2300.0);
  private static final List<Double> FAST_JGRAPHT = List.of(1500.0, 1550.0, 1600.0, 1650.0, 2700.0);

  @Test
  void shouldJudgeEachSideByItsFastestForkSoThatASlowStretchOfThreeForksDoesNotDecide() {
    Guard.Verdict verdict = Guard.judge(
        List.of(SLOW_FORK, FAST, SLOW_FORK, FAST, SLOW_FORK), Collections.nCopies(5, JGRAPHT), 3);

    assertThat(verdict.pass()).isTrue();
    assertThat(verdict.lines()).hasSize(7).startsWith(
        "fork 1: cdpkit 770 ms (median of 5), jgrapht 2100 ms (median of 5)",
        "fork 2: cdpkit 540 ms (median of 5), jgrapht 2100 ms (median of 5)");
    // The 13th of our 25 iterations is a slow fork's 760 ms: by that, 2.76x, above 2.25x.
    assertThat(verdict.lines().get(5)).isEqualTo("the medians of all measured iterations:"
        + " cdpkit 760 ms vs jgrapht 2100 ms = 2.76x (need >= 2.25x)");
    // The fastest fork's median is 540 ms, 1,851,852 records a second; JGraphT's 2,100 ms.
    assertThat(verdict.lines().get(6)).isEqualTo("cdpkit 1,851,852 rec/s vs jgrapht 476,190 rec/s"
        + " = 3.89x (need >= 3x) at 1,000,000 records (each side's fastest of 5 forks by the median"
        + " of its iterations, taking turns)");
  }

  @Test
  void shouldJudgeJGraphTByItsFastestForkToo() {
    Guard.Verdict verdict = Guard.judge(Collections.nCopies(5, FAST),
        List.of(JGRAPHT, JGRAPHT, FAST_JGRAPHT, JGRAPHT, JGRAPHT), 3);

    assertThat(verdict.pass()).isFalse();
    assertThat(verdict.lines().get(6)).contains("= 2.96x (need >= 3x)");
  }

  @Test
  void shouldFailWhenEveryForkOfOursIsSlow() {
    Guard.Verdict verdict = Guard.judge(Collections.nCopies(5, SLOW_FORK),
        Collections.nCopies(5, JGRAPHT), 3);

    assertThat(verdict.pass()).isFalse();
    assertThat(verdict.lines().get(6)).contains("= 2.73x (need >= 3x)");
  }

  @Test
  void shouldFailWhenTheMediansOfAllIterationsFallBelowThreeQuartersOfTheRatioHoweverFastOneFork() {
    List<Double> slower = List.of(1000.0, 1010.0, 1020.0, 1030.0, 1040.0);
    Guard.Verdict verdict = Guard.judge(List.of(FAST, slower, slower, slower, slower),
        Collections.nCopies(5, JGRAPHT), 3);

    assertThat(verdict.pass()).isFalse();
    assertThat(verdict.lines().get(5)).endsWith("= 2.08x (need >= 2.25x)");
    assertThat(verdict.lines().get(6)).contains("= 3.89x (need >= 3x)");
  }

  @Test
  void shouldTakeTheRatioToRequireFromTheCaller() {
    assertThat(Guard.judge(List.of(SLOW_FORK), List.of(JGRAPHT), 2.5).pass()).isTrue();
    assertThat(Guard.judge(List.of(FAST), List.of(JGRAPHT), 4).pass()).isFalse();
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
