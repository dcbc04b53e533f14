package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A points multiplier is refused when earning with it would write gigabytes of digits: at least 1
 * billion, or more than 18 decimals; zeros past the 18th decimal are dropped. Each place a
 * multiplier is given checks it alike.
 */
class MultiplierBoundsTest {

  private static final Instant FROM = Instant.parse("2025-06-01T00:00:00Z");

  /** Each place a multiplier is given, as a function from the multiplier given to the one kept. */
  static Stream<Arguments> places() {
    return Stream.of(
        Arguments.of("category", (UnaryOperator<BigDecimal>) multiplier ->
            LoyaltyProgram.builder("p").categoryMultiplier("tv", multiplier).build()
                .categoryMultipliers().get("tv")),
        Arguments.of("tier", (UnaryOperator<BigDecimal>) multiplier ->
            LoyaltyProgram.builder("p").tiers(TierLadder.of(TierLadder.Basis.SPEND,
                    TierLadder.Window.CALENDAR_YEAR, Tier.of("member", 0), Tier.of("gold", 1)))
                .tierMultiplier("gold", multiplier).build().tierMultipliers().get("gold")),
        Arguments.of("doubling event", (UnaryOperator<BigDecimal>) multiplier ->
            new DoublingEvent("618", FROM, FROM.plusSeconds(86_400), multiplier).multiplier()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("places")
  void shouldRefuseAMultiplierWhosePlainDigitsWouldNotEnd(String place,
      UnaryOperator<BigDecimal> give) {
    assertThatThrownBy(() -> give.apply(new BigDecimal("1e999999999")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must be under 1000000000: 1E+999999999");
    assertThatThrownBy(() -> give.apply(new BigDecimal("1000000000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must be under 1000000000: 1000000000");
    assertThatThrownBy(() -> give.apply(new BigDecimal("1e-999999999")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must have at most 18 decimals: 1E-999999999");
    assertThatThrownBy(() -> give.apply(new BigDecimal("0.0000000000000000015")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must have at most 18 decimals: 1.5E-18");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("places")
  void shouldTakeAMultiplierWithinTheBounds(String place, UnaryOperator<BigDecimal> give) {
    for (String multiplier : new String[] {"999999999.999999999999999999", "0.000000000000000001",
        "2.500000000000000000000000000000", "1E+8", "3"}) {
      assertThatCode(() -> give.apply(new BigDecimal(multiplier))).as(multiplier)
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("places")
  void shouldDropTheZerosPastTheEighteenthDecimal(String place, UnaryOperator<BigDecimal> give) {
    // Taken with all their zeros, which every earn wrote out again.
    assertThat(give.apply(BigDecimal.ONE.setScale(100))).isEqualTo(BigDecimal.ONE);
    assertThat(give.apply(new BigDecimal("2.500000000000000000000000000000")))
        .isEqualTo(new BigDecimal("2.5"));
    assertThat(give.apply(new BigDecimal("2.500000000000000000")))
        .isEqualTo(new BigDecimal("2.500000000000000000"));
  }

  @Test
  void shouldEarnWithAZeroMultiplierOfABillionDecimalsWithoutWritingThem() {
    // 0e-999999999, as a programme's JSON may give it, was taken as it is, and every earn of the
    // category failed: "ArithmeticException: BigInteger would overflow supported range".
    TestClock clock = new TestClock("2025-06-01T00:00:00Z");
    AccountKey account = AccountKey.of("p", OneId.of(1));
    LoyaltyService service = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("p").earnRate(1, 1)
            .categoryMultiplier("gift", new BigDecimal("0e-999999999")).build())
        .clock(clock).build();
    service.enroll(account);

    Receipt earned =
        service.earn("e1", account, Purchase.of("o1", Line.of("gift", 500), Line.of("tv", 300)));

    assertThat(earned.points()).isEqualTo(300);
    assertThat(earned.entries()).singleElement().extracting(LedgerEntry::source)
        .isEqualTo("earn:o1, category gift x0");
  }
}
