package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Preparation}: every output in input order, and the first failure in input order. */
class PreparationTest {

  @ParameterizedTest(name = "{0} inputs")
  @ValueSource(ints = {0, 1, Preparation.CHUNK - 1, Preparation.CHUNK, Preparation.CHUNK + 1,
      20_000})
  void shouldGiveEveryOutputInInputOrderWhenNothingFails(int size) {
    List<Integer> inputs = IntStream.range(0, size).boxed().toList();

    Preparation.Outcome<String> outcome = Preparation.start(inputs, i -> "#" + i).await();

    assertThat(outcome.failure()).isNull();
    assertThat(outcome.prepared())
        .isEqualTo(IntStream.range(0, size).mapToObj(i -> "#" + i).toList());
  }

  @Test
  void shouldStopAtTheFirstFailureInInputOrderWhenSeveralFail() {
    List<Integer> inputs = IntStream.range(0, 10_000).boxed().toList();

    Preparation.Outcome<Integer> outcome = Preparation.start(inputs, i -> {
      if (i == 7_001 || i == 3_000 || i == 9_999) {
        throw new IllegalArgumentException("bad input " + i);
      }
      return i * 2;
    }).await();

    assertThat(outcome.prepared()).hasSize(3_000).startsWith(0, 2, 4).endsWith(5_998);
    assertThatThrownBy(outcome::throwIfFailed)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad input 3000");
  }

  @Test
  void shouldRethrowAnErrorAsItWasThrown() {
    List<Integer> inputs = IntStream.range(0, 1_000).boxed().toList();
    StackOverflowError error = new StackOverflowError("deep");

    Preparation.Outcome<Integer> outcome = Preparation.start(inputs, i -> {
      if (i == 600) {
        throw error;
      }
      return i;
    }).await();

    assertThatThrownBy(outcome::throwIfFailed).isSameAs(error);
  }

  @Test
  void shouldTreatANullOutputAsAFailure() {
    List<Integer> inputs = new ArrayList<>(List.of(1, 2, 3));

    Preparation.Outcome<Integer> outcome =
        Preparation.start(inputs, i -> i == 2 ? null : i).await();

    assertThat(outcome.prepared()).containsExactly(1);
    assertThatThrownBy(outcome::throwIfFailed)
        .isInstanceOf(NullPointerException.class)
        .hasMessage("prepared");
  }
}
