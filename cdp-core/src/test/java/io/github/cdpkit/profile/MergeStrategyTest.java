package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.profile.spi.MergeStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three channels give the same attributes at different times; each strategy picks its value. */
class MergeStrategyTest {

  private static final Instant JAN = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant FEB = Instant.parse("2025-02-01T00:00:00Z");
  private static final Instant MAR = Instant.parse("2025-03-01T00:00:00Z");

  private final ProfileService profiles = ProfileService.builder(IdentityResolver.builder().build())
      .strategy("address", MergeStrategy.bySourcePriority("pos", "app"))
      .strategy("registered_on", MergeStrategy.oldest())
      .strategy("interests", MergeStrategy.collectAll())
      .strategy("nickname", values -> List.of(
          values.get(values.size() - 1).value().toUpperCase(Locale.ROOT)))
      .grant(ChannelGrant.builder("tmall").editsAllAttributes().build())
      .grant(ChannelGrant.builder("pos").editsAllAttributes().build())
      .grant(ChannelGrant.builder("app").editsAllAttributes().build())
      .build();

  private OneId li;

  @BeforeEach
  void ingestThreeSources() {
    // the POS spoke first, the marketplace last
    li = ingest("pos", JAN, "1 West Lake Rd", "2024-05-01", "tea", "lei");
    ingest("app", FEB, "2 Canal St", "2024-07-09", "running", "leilei");
    ingest("tmall", MAR, "3 Market Sq", "2024-09-30", "tea", "lei_tm");
  }

  private OneId ingest(String channel, Instant at, String address, String registeredOn,
      String interest, String nickname) {
    return profiles.ingest(channel, SourceRecord.builder(channel, channel + "-1")
        .identifier("phone", "13800138000").attribute("address", address)
        .attribute("registered_on", registeredOn).attribute("interests", interest)
        .attribute("nickname", nickname).attribute("city", channel + "-city")
        .observedAt(at).build()).oneId();
  }

  private AttributeValue attribute(String name) {
    return profiles.get("pos", li, Detail.WITH_SOURCES).orElseThrow().attributes().get(name);
  }

  @Test
  void shouldShowTheMostRecentValueWhenTheAttributeHasNoStrategyOfItsOwn() {
    assertThat(attribute("city").values()).containsExactly("tmall-city");
  }

  @Test
  void shouldShowTheOldestValueWhenTheStrategyIsOldest() {
    assertThat(attribute("registered_on").values()).containsExactly("2024-05-01");
  }

  @Test
  void shouldShowTheHighestPriorityChannelsValueWhenItIsOlderThanTheOthers() {
    assertThat(attribute("address").values()).containsExactly("1 West Lake Rd");
  }

  @Test
  void shouldFallBackToListedChannelsBeforeUnlistedOnesWhenTheBestChannelHasNoValue() {
    List<SourcedValue> values = List.of(
        new SourcedValue("tmall", RecordKey.of("tmall", "1"), "a", MAR),
        new SourcedValue("app", RecordKey.of("app", "1"), "b", JAN),
        new SourcedValue("app", RecordKey.of("app", "2"), "c", FEB),
        new SourcedValue("jd", RecordKey.of("jd", "1"), "d", MAR));

    assertThat(MergeStrategy.bySourcePriority("pos", "app").choose(values)).containsExactly("c");
  }

  @Test
  void shouldCollectEveryDistinctValueOldestFirstWhenTheStrategyCollectsAll() {
    AttributeValue interests = attribute("interests");

    assertThat(interests.values()).containsExactly("tea", "running");
    assertThat(interests.value()).isEqualTo("tea");
  }

  @Test
  void shouldApplyACustomStrategyWhenOneIsGiven() {
    assertThat(attribute("nickname").values()).containsExactly("LEI_TM");
  }

  @Test
  void shouldShowEverySourcesValueWithChannelAndTimeWhenAsked() {
    assertThat(attribute("address").sources())
        .extracting(SourcedValue::channel, SourcedValue::value, SourcedValue::observedAt)
        .containsExactly(
            tuple("pos", "1 West Lake Rd", JAN),
            tuple("app", "2 Canal St", FEB),
            tuple("tmall", "3 Market Sq", MAR));
    assertThat(profiles.get("pos", li, Detail.CHOSEN).orElseThrow().attributes().get("address")
        .sources()).isEmpty();
  }

  @Test
  void shouldKeepTheNewerValueWhenARecordIsReplayedWithAnOlderOne() {
    profiles.ingest("tmall", SourceRecord.builder("tmall", "tmall-1")
        .identifier("phone", "13800138000").attribute("city", "stale").observedAt(JAN).build());

    assertThat(attribute("city").values()).containsExactly("tmall-city");
  }
}
