package io.github.cdpkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard's verdict rests on its median; the benchmark runs themselves belong to CI. */
class GuardTest {

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
