package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OneIdTest {

  @Test
  void shouldWriteOidPrefixAndValueWhenPrinted() {
    assertThat(OneId.of(42)).hasToString("oid-42");
  }

  @Test
  void shouldReadBackTheSameIdWhenParsingItsTextForm() {
    OneId id = OneId.of(Long.MAX_VALUE);

    assertThat(OneId.parse(id.toString())).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void shouldRejectTheValueWhenLessThanOne(long value) {
    assertThatThrownBy(() -> OneId.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OneId value must be at least 1: " + value);
  }

  @Test
  void shouldRejectTheTextWhenThePrefixIsMissing() {
    assertThatThrownBy(() -> OneId.parse("42"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OneId must start with 'oid-': 42");
  }

  @ParameterizedTest
  @ValueSource(strings = {"oid-+5", "oid-05"})
  void shouldRejectTheTextWhenItIsNotInCanonicalForm(String text) {
    assertThatThrownBy(() -> OneId.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OneId must be written as toString() writes it, without sign or leading zeros: "
            + text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"oid-", "oid-x", "oid-4 2", "oid-99999999999999999999"})
  void shouldRejectTheTextWhenItDoesNotEndInADecimalNumber(String text) {
    assertThatThrownBy(() -> OneId.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OneId must end in a decimal number: " + text)
        .hasCauseInstanceOf(NumberFormatException.class);
  }

  @Test
  void shouldRejectTheTextWhenTheNumberIsZero() {
    assertThatThrownBy(() -> OneId.parse("oid-0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OneId value must be at least 1: 0");
  }

  @Test
  void shouldOrderByValueWhenCompared() {
    assertThat(OneId.of(2)).isLessThan(OneId.of(10));
    assertThat(OneId.of(7)).isEqualByComparingTo(OneId.of(7));
  }
}
