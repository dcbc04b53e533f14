package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A points multiplier is refused when earning with it would write gigabytes of digits: at least 1
 * billion, or more than 18 decimals. Each place a multiplier is given checks it alike.
 */
class MultiplierBoundsTest {

  private static final Instant FROM = Instant.parse("2025-06-01T00:00:00Z");

  static Stream<Arguments> places() {
    return Stream.of(
        Arguments.of("category", (Consumer<BigDecimal>) multiplier ->
            LoyaltyProgram.builder("p").categoryMultiplier("tv", multiplier)),
        Arguments.of("tier", (Consumer<BigDecimal>) multiplier ->
            LoyaltyProgram.builder("p").tierMultiplier("gold", multiplier)),
        Arguments.of("doubling event", (Consumer<BigDecimal>) multiplier ->
            new DoublingEvent("618", FROM, FROM.plusSeconds(86_400), multiplier)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("places")
  void shouldRefuseAMultiplierWhosePlainDigitsWouldNotEnd(String place,
      Consumer<BigDecimal> give) {
    assertThatThrownBy(() -> give.accept(new BigDecimal("1e999999999")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must be under 1000000000: 1E+999999999");
    assertThatThrownBy(() -> give.accept(new BigDecimal("1000000000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must be under 1000000000: 1000000000");
    assertThatThrownBy(() -> give.accept(new BigDecimal("1e-999999999")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must have at most 18 decimals: 1E-999999999");
    assertThatThrownBy(() -> give.accept(new BigDecimal("0.0000000000000000015")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must have at most 18 decimals: 1.5E-18");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("places")
  void shouldTakeAMultiplierWithinTheBounds(String place, Consumer<BigDecimal> give) {
    for (String multiplier : new String[] {"999999999.999999999999999999", "0.000000000000000001",
        "2.500000000000000000000000000000", "1E+8", "3"}) {
      assertThatCode(() -> give.accept(new BigDecimal(multiplier))).as(multiplier)
          .doesNotThrowAnyException();
    }
  }
}
