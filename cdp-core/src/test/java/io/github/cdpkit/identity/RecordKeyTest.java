package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordKeyTest {

  @Test
  void shouldWriteSourceSlashRecordIdWhenPrinted() {
    assertThat(RecordKey.of("tmall", "u-1001")).hasToString("tmall/u-1001");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void shouldRejectTheSourceWhenBlank(String source) {
    assertThatThrownBy(() -> RecordKey.of(source, "u-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source must not be blank: '" + source + "'");
  }

  @Test
  void shouldRejectTheSourceWhenItHoldsTheKeySeparator() {
    assertThatThrownBy(() -> RecordKey.of("a\0b", "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source must not hold U+0000: 'a\\u0000b'");
    assertThat(RecordKey.of("a", "b\0c").recordId()).isEqualTo("b\0c");
  }

  @Test
  void shouldRejectTheRecordIdWhenBlank() {
    assertThatThrownBy(() -> RecordKey.of("jd", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recordId must not be blank: ' '");
  }

  @Test
  void shouldOrderBySourceThenRecordIdWhenCompared() {
    assertThat(RecordKey.of("jd", "9")).isLessThan(RecordKey.of("tmall", "1"));
    assertThat(RecordKey.of("jd", "1")).isLessThan(RecordKey.of("jd", "2"));
    assertThat(RecordKey.of("jd", "1")).isEqualByComparingTo(RecordKey.of("jd", "1"));
  }

  @Test
  void shouldBeEqualWhenBothPartsAreEqual() {
    assertThat(RecordKey.of("pos", "7")).isEqualTo(new RecordKey("pos", "7"))
        .hasSameHashCodeAs(new RecordKey("pos", "7"))
        .isNotEqualTo(RecordKey.of("pos", "8"));
  }

  @Test
  @SuppressWarnings("NullAway") // the null is the point
  void shouldNameThePartWhenARecordKeyIsMadeWithANullRecordId() {
    assertThatThrownBy(() -> RecordKey.of("app", null))
        .isInstanceOf(NullPointerException.class).hasMessage("recordId");
  }
}
