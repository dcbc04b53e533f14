package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileFollowsIdentityTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final IdentityResolver resolver = IdentityResolver.builder().build();
  private final InMemoryProfileStore store = new InMemoryProfileStore();
  private final ProfileService profiles = ProfileService.builder(resolver)
      .store(store)
      .clock(Clock.fixed(T0, ZoneOffset.UTC))
      .grant(everything("tmall"))
      .grant(everything("pos"))
      .grant(everything("app"))
      .build();

  private static ChannelGrant everything(String channel) {
    return ChannelGrant.builder(channel).editsAllAttributes().readsIdentifiers()
        .seesEvents(EventScope.all()).records(EventKind.values()).managesConsent()
        .managesMemberships().build();
  }

  private OneId ingest(String channel, String id, String type, String value, String city) {
    return profiles.ingest(channel, SourceRecord.builder(channel, id).identifier(type, value)
        .attribute("city", city).observedAt(T0).build()).oneId();
  }

  private Profile profile(OneId oneId) {
    return profiles.get("pos", oneId, Detail.WITH_SOURCES).orElseThrow();
  }

  @Test
  void shouldMergeProfilesWhenARecordLinksTwoPeople() {
    OneId byPhone = ingest("tmall", "t-1", "phone", "13800138000", "Hangzhou");
    OneId byEmail = ingest("pos", "p-1", "email", "li@example.com", "Ningbo");
    profiles.recordEvent("pos", byEmail, TimelineEvent.builder("o-1", EventKind.ORDER, "pos", T0)
        .line("SKU-1", 2, Money.of("10.00", "CNY")).build());

    profiles.ingest("app", SourceRecord.builder("app", "a-1").identifier("phone", "13800138000")
        .identifier("email", "li@example.com").build());

    Profile merged = profile(byEmail);
    assertThat(merged.oneId()).isEqualTo(byPhone);
    assertThat(merged.records()).containsExactly(
        RecordKey.of("app", "a-1"), RecordKey.of("pos", "p-1"), RecordKey.of("tmall", "t-1"));
    assertThat(merged.attributes().get("city").sources()).extracting(SourcedValue::value)
        .containsExactlyInAnyOrder("Hangzhou", "Ningbo");
    assertThat(merged.timeline()).extracting(TimelineEvent::id).containsExactly("o-1");
    assertThat(profiles.query("pos", List.of(), PageRequest.first(10)).items())
        .extracting(Profile::oneId).containsExactly(byPhone);
  }

  @Test
  void shouldSplitProfilesBackWhenTheLinkingRecordIsRemoved() {
    OneId byPhone = ingest("tmall", "t-1", "phone", "13800138000", "Hangzhou");
    OneId byEmail = ingest("pos", "p-1", "email", "li@example.com", "Ningbo");
    profiles.ingest("app", SourceRecord.builder("app", "a-1").identifier("phone", "13800138000")
        .identifier("email", "li@example.com").attribute("nickname", "Lei").build());
    profiles.edit("pos", byPhone, Map.of("level", "gold"));

    resolver.removeRecord(RecordKey.of("app", "a-1"));

    Profile phoneSide = profile(byPhone);
    Profile emailSide = profile(byEmail);
    assertThat(phoneSide.records()).containsExactly(RecordKey.of("tmall", "t-1"));
    assertThat(phoneSide.attribute("city")).contains("Hangzhou");
    assertThat(emailSide.records()).containsExactly(RecordKey.of("pos", "p-1"));
    assertThat(emailSide.attribute("city")).contains("Ningbo");
    // the pos edit was kept against pos's own record, so it went with the e-mail side
    assertThat(emailSide.attribute("level")).contains("gold");
    assertThat(phoneSide.attributes()).doesNotContainKeys("level", "nickname");
    assertThat(store.get(RecordKey.of("app", "a-1"))).isEmpty();
    assertThat(profiles.query("pos", List.of(), PageRequest.first(10)).items())
        .extracting(Profile::oneId).containsExactly(byPhone, byEmail);
  }

  @Test
  void shouldDropARecordsContributionWhenTheResolverRemovesItWithoutSplittingThePerson() {
    OneId li = ingest("tmall", "t-1", "phone", "13800138000", "Hangzhou");
    ingest("pos", "p-1", "phone", "13800138000", "Ningbo");
    ingest("app", "a-1", "phone", "13800138000", "Suzhou");

    resolver.removeRecord(RecordKey.of("pos", "p-1")); // RecordRemoved: the other two stay linked

    // dropped on the event, before anyone reads the profile again
    assertThat(store.get(RecordKey.of("pos", "p-1"))).isEmpty();
    Profile rest = profile(li);
    assertThat(rest.records())
        .containsExactly(RecordKey.of("app", "a-1"), RecordKey.of("tmall", "t-1"));
    assertThat(rest.attributes().get("city").sources()).extracting(SourcedValue::value)
        .containsExactly("Suzhou", "Hangzhou");
    assertThat(store.get(RecordKey.of("pos", "p-1"))).isEmpty();
  }

  @Test
  void shouldEraseEveryTraceOfAProfileWhenThePersonIsErased() {
    OneId li = ingest("tmall", "t-1", "phone", "13800138000", "Hangzhou");
    ingest("pos", "p-1", "phone", "13800138000", "Ningbo");
    OneId other = ingest("pos", "p-2", "phone", "13900139000", "Hangzhou");
    profiles.consent("pos", li, Consent.MARKETING, true);
    profiles.join("pos", li, MemberLayer.BRAND, "brand-a");

    resolver.erase(li);

    assertThat(profiles.get("pos", li, Detail.CHOSEN)).isEmpty();
    assertThat(profiles.find("pos", Identifier.of("phone", "13800138000"), Detail.CHOSEN))
        .isEmpty();
    assertThat(profiles.query("pos", List.of(AttributeFilter.present("city")),
        PageRequest.first(10)).items()).extracting(Profile::oneId).containsExactly(other);
    List<RecordKey> left = new ArrayList<>();
    store.forEach(record -> left.add(record.key()));
    assertThat(left).containsExactly(RecordKey.of("pos", "p-2"));
  }

  @Test
  void shouldStoreNothingWhenTheRecordOfAnErasedPersonIsReplayed() {
    OneId li = ingest("tmall", "t-1", "phone", "13800138000", "Hangzhou");
    resolver.erase(li);

    var result = profiles.ingest("tmall", SourceRecord.builder("tmall", "t-9")
        .identifier("phone", "13800138000").attribute("city", "Suzhou").build());

    assertThat(result.outcome()).isEqualTo(IngestResult.Outcome.REFUSED_ERASED);
    assertThat(store.size()).isZero();
  }

  @Test
  void shouldComposeExistingRecordsWhenAServiceStartsOverAFilledStore() {
    OneId li = ingest("tmall", "t-1", "phone", "13800138000", "Hangzhou");

    ProfileService restarted = ProfileService.builder(resolver).store(store)
        .grant(everything("pos")).build();

    assertThat(restarted.get("pos", li, Detail.CHOSEN).orElseThrow().attribute("city"))
        .contains("Hangzhou");
  }

  /**
   * A limitation, pinned: a person erased while no service followed the resolver (the profile
   * service was down) is left out of the pool when it starts, but the store keeps their records'
   * contributions, since the resolver cannot tell an erased record from one it never knew.
   */
  @Test
  void shouldLeaveOutButNotDeleteWhatAPersonErasedWhileNoServiceFollowedContributed()
      throws IOException {
    OneId li = ingest("tmall", "t-1", "phone", "13800138000", "Hangzhou");
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    resolver.snapshot(snapshot);
    IdentityResolver restored =
        IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot.toByteArray()));
    restored.erase(li);

    ProfileService restarted = ProfileService.builder(restored).store(store)
        .grant(everything("pos")).build();

    assertThat(restarted.get("pos", li, Detail.CHOSEN)).isEmpty();
    assertThat(restarted.query("pos", List.of(), PageRequest.first(10)).items()).isEmpty();
    assertThat(store.get(RecordKey.of("tmall", "t-1"))).isPresent();
  }

  @Test
  void shouldFollowAMergeMadeByHandInTheResolver() {
    OneId a = ingest("tmall", "t-1", "phone", "13800138000", "Hangzhou");
    OneId b = ingest("pos", "p-1", "phone", "13900139000", "Ningbo");

    resolver.merge(a, b);

    Profile merged = profile(b);
    assertThat(merged.oneId()).isEqualTo(a);
    assertThat(merged.records()).containsExactly(
        RecordKey.of("pos", "p-1"), RecordKey.of("tmall", "t-1"));
    assertThat(merged.attributes().get("city").sources()).extracting(SourcedValue::channel)
        .containsExactly("pos", "tmall");
  }
}
