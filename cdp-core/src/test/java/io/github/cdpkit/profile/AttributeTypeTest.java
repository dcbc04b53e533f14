package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttributeTypeTest {

  @Test
  void shouldWriteANumberInPlainNotationOfAtMostAThousandCharacters() {
    assertThat(AttributeType.NUMBER.parse("1e999")).hasSize(1_000).startsWith("10");
    assertThat(AttributeType.NUMBER.parse("-1e998")).hasSize(1_000).startsWith("-10");
    assertThat(AttributeType.NUMBER.parse("1e-998")).hasSize(1_000).startsWith("0.00");
    assertThat(AttributeType.NUMBER.parse("0e999999999")).isEqualTo("0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e1000", "-1e999", "1e-999", "0.0e-999", "1e999999999", "1e2147483647",
      "-1e-2147483647"})
  void shouldRejectANumberLongerThanAThousandCharactersInPlainNotationBeforeWritingIt(
      String value) {
    // 1e2147483647 threw a NegativeArraySizeException out of the import, and 1e999999999 an
    // OutOfMemoryError, or wrote a gigabyte into the profile.
    assertThatThrownBy(() -> AttributeType.NUMBER.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("number longer than 1,000 characters in plain notation: '" + value + "'");
  }

  @Test
  void shouldRefuseANumberOfTooManyDigitsBeforeReadingThem() {
    // BigDecimal reads digits in time quadratic in their count: a million took 11 s, and twice as
    // many four times as long.
    String digits = "1." + "2".repeat(2_000_000);
    String leadingZeros = "-" + "0".repeat(2_000_000) + ".5e-3";

    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertThatThrownBy(() -> AttributeType.NUMBER.parse(digits))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("number longer than 1,000 characters in plain notation: '" + digits + "'");
      // zeros before the first other digit are not read as digits, and do not count
      assertThat(AttributeType.NUMBER.parse(leadingZeros)).isEqualTo("-0.0005");
    });
  }

  @Test
  void shouldWorkOutTheLengthOfThePlainNotationAsWritingItGivesIt() {
    SplittableRandom random = new SplittableRandom(20261124L);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder digits = new StringBuilder();
      for (int d = random.nextInt(1, 40); d > 0; d--) {
        digits.append(random.nextInt(random.nextInt(8) == 0 ? 1 : 10));
      }
      BigInteger unscaled = new BigInteger(digits.toString());
      BigDecimal number = new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(),
          random.nextInt(-60, 61));

      assertThat(AttributeType.plainLength(number)).as(number.toString())
          .isEqualTo(number.toPlainString().length());
      // the count made before reading a number never refuses one the plain length would take
      assertThat(AttributeType.significantDigits(number.toString())).as(number.toString())
          .isLessThanOrEqualTo(number.toPlainString().length());
    }
  }
}
