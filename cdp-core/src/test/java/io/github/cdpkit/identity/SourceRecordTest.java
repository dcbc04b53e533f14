package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceRecordTest {

  @Test
  void shouldKeepIdentifiersInTheGivenOrderAndAllAttributesWhenBuilt() {
    Instant seen = Instant.parse("2026-03-01T08:00:00Z");

    SourceRecord record = SourceRecord.builder("jd", "u-1001")
        .identifier("email", "Li.Lei@Example.com")
        .identifier(Identifier.of("wechat_openid", "wxapp1", "oAbC123"))
        .attribute("city", "Hangzhou")
        .attribute("tier", "gold")
        .observedAt(seen)
        .build();

    assertThat(record.key()).isEqualTo(RecordKey.of("jd", "u-1001"));
    assertThat(record.identifiers()).containsExactly(Identifier.of("email", "Li.Lei@Example.com"),
        Identifier.of("wechat_openid", "wxapp1", "oAbC123"));
    assertThat(record.attributes()).containsOnly(entry("city", "Hangzhou"), entry("tier", "gold"));
    assertThat(record.observedAt()).isEqualTo(seen);
  }

  @Test
  void shouldRefuseATimeObservedOutsideTheRangeOfEpochMillisecondsNamingTheRecord() {
    // The resolver keeps times as epoch milliseconds: Instant.MAX threw ArithmeticException at ingest.
    for (Instant outside : List.of(Instant.MAX, Instant.MIN,
        Instant.ofEpochMilli(Long.MAX_VALUE).plusNanos(1_000_000))) {
      assertThatThrownBy(() -> SourceRecord.builder("pos", "1").observedAt(outside).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("observedAt of pos/1 lies outside the range of epoch milliseconds: " + outside);
    }
    Instant last = Instant.ofEpochMilli(Long.MAX_VALUE);
    assertThat(SourceRecord.builder("pos", "1").observedAt(last).build().observedAt())
        .isEqualTo(last);
    assertThat(new SourceRecord(RecordKey.of("pos", "2"), List.of(), Map.of(),
        Instant.ofEpochMilli(Long.MIN_VALUE)).observedAt())
        .isEqualTo(Instant.ofEpochMilli(Long.MIN_VALUE));
  }

  @Test
  void shouldLeaveObservedAtNullWhenNotSet() {
    assertThat(SourceRecord.builder("pos", "1").build().observedAt()).isNull();
  }

  @Test
  void shouldReplaceTheEarlierValueWhenAnAttributeIsSetTwice() {
    SourceRecord record = SourceRecord.builder("pos", "1")
        .attribute("city", "Hangzhou").attribute("city", "Shanghai").build();

    assertThat(record.attributes()).containsExactly(entry("city", "Shanghai"));
  }

  @Test
  void shouldNotChangeWhenTheGivenCollectionsChangeAfterwards() {
    List<Identifier> identifiers = new ArrayList<>(List.of(Identifier.of("phone", "13800138000")));
    Map<String, String> attributes = new HashMap<>(Map.of("city", "Hangzhou"));
    SourceRecord record =
        new SourceRecord(RecordKey.of("app", "1"), identifiers, attributes, null);

    identifiers.add(Identifier.of("email", "li@example.com"));
    attributes.put("tier", "gold");

    assertThat(record.identifiers()).containsExactly(Identifier.of("phone", "13800138000"));
    assertThat(record.attributes()).containsOnlyKeys("city");
  }

  @Test
  void shouldNotChangeWhenTheBuilderIsUsedAfterBuilding() {
    SourceRecord.Builder builder = SourceRecord.builder("app", "1").identifier("phone", "1");
    SourceRecord record = builder.build();

    builder.identifier("phone", "2").attribute("city", "Hangzhou");

    assertThat(record.identifiers()).hasSize(1);
    assertThat(record.attributes()).isEmpty();
  }

  @Test
  void shouldRefuseChangesWhenTheCollectionsAreModified() {
    SourceRecord record = SourceRecord.builder("app", "1").identifier("phone", "1")
        .attribute("city", "Hangzhou").build();

    assertThatThrownBy(() -> record.identifiers().add(Identifier.of("phone", "2")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> record.attributes().put("tier", "gold"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRejectTheSourceWhenBlank() {
    assertThatThrownBy(() -> SourceRecord.builder("", "u-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source must not be blank: ''");
  }

  @Test
  void shouldNameTheNullArgumentWhenAnAttributeIsNull() {
    SourceRecord.Builder builder = SourceRecord.builder("app", "1");
    @SuppressWarnings("NullAway") // the null is the point of the test
    String missing = null;

    assertThatThrownBy(() -> builder.attribute("city", missing))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
  }

  @Test
  void shouldShowKeyIdentifiersAttributesAndTimeWhenPrinted() {
    SourceRecord record = SourceRecord.builder("jd", "u-1").identifier("phone", "13800138000")
        .attribute("city", "Hangzhou").observedAt(Instant.parse("2026-03-01T08:00:00Z")).build();

    assertThat(record).hasToString("SourceRecord[key=jd/u-1, identifiers=[phone=13800138000],"
        + " attributes={city=Hangzhou}, observedAt=2026-03-01T08:00:00Z]");
  }

  @Test
  @SuppressWarnings("NullAway") // the null is the point
  void shouldNameTheKeyWhenASourceRecordIsMadeWithANullKey() {
    // Was accepted; ingest then threw NullPointerException from the resolver's key building.
    assertThatThrownBy(() -> new SourceRecord(null, List.of(), Map.of(), null))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
  }
}
