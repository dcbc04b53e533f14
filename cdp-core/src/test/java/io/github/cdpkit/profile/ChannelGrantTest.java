package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ChannelGrantTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Identifier PHONE = Identifier.of("phone", "13800138000");

  private final IdentityResolver resolver = IdentityResolver.builder().build();
  private final ProfileService profiles = ProfileService.builder(resolver)
      .clock(Clock.fixed(T0, ZoneOffset.UTC))
      .grant(ChannelGrant.builder("crm").editsAllAttributes().readsIdentifiers()
          .seesEvents(EventScope.all()).managesConsent().managesMemberships().build())
      .grant(ChannelGrant.builder("dealer-7").reads("city").edits("nickname")
          .seesEvents(EventScope.atOutlet("dealer-7")).records(EventKind.ORDER).build())
      .grant(ChannelGrant.builder("dealer-8").edits("nickname")
          .seesEvents(EventScope.atOutlet("dealer-8")).records(EventKind.ORDER).build())
      .grant(ChannelGrant.builder("tmall").suppliedOnly().edits("city", "nickname")
          .seesEvents(EventScope.all()).records(EventKind.ORDER).build())
      .build();

  private OneId li;

  @BeforeEach
  void fillPool() {
    li = profiles.ingest("crm", SourceRecord.builder("crm", "c-1").identifier(PHONE)
        .attribute("city", "Hangzhou").attribute("income", "high").build()).oneId();
    profiles.ingest("tmall", SourceRecord.builder("tmall", "t-1").identifier(PHONE)
        .attribute("nickname", "lei_tm").build());
    profiles.ingest("crm", SourceRecord.builder("crm", "c-2").identifier("phone", "13900139000")
        .attribute("city", "Ningbo").build());
    profiles.recordEvent("dealer-7", li, order("o-7", "dealer-7"));
    profiles.recordEvent("dealer-8", li, order("o-8", "dealer-8"));
    profiles.recordEvent("tmall", li, TimelineEvent.builder("o-t", EventKind.ORDER, "tmall", T0)
        .amount(Money.of("99.00", "CNY")).build());
  }

  private static TimelineEvent order(String id, String dealer) {
    return TimelineEvent.builder(id, EventKind.ORDER, dealer, T0).outlet(dealer)
        .line("TV-55", 1, Money.of("3999.00", "CNY")).build();
  }

  /** Everything the pool holds, as a channel that sees everything sees it. */
  private List<Profile> everything() {
    return profiles.query("crm", List.of(), PageRequest.first(100)).items().stream()
        .map(profile -> profiles.get("crm", profile.oneId(), Detail.WITH_SOURCES).orElseThrow())
        .toList();
  }

  private void assertDeniedAndUnchanged(Executable call, String message) {
    List<Profile> before = everything();

    assertThatThrownBy(call::execute).isInstanceOf(ChannelAccessException.class)
        .hasMessage(message);

    assertThat(everything()).isEqualTo(before);
  }

  @Test
  void shouldRefuseEveryCallWhenTheChannelHasNoGrant() {
    String denied = "channel 'weibo' may not use the user pool: it has no grant";
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("grant", () -> profiles.grant("weibo"));
    calls.put("ingest", () -> profiles.ingest("weibo",
        SourceRecord.builder("weibo", "w-1").identifier(PHONE).build()));
    calls.put("find", () -> profiles.find("weibo", PHONE, Detail.CHOSEN));
    calls.put("get", () -> profiles.get("weibo", li, Detail.CHOSEN));
    calls.put("query", () -> profiles.query("weibo", List.of(), PageRequest.first(10)));
    calls.put("edit", () -> profiles.edit("weibo", li, Map.of("city", "Xi'an")));
    calls.put("recordEvent", () -> profiles.recordEvent("weibo", li, order("o-w", "weibo")));
    calls.put("consent", () -> profiles.consent("weibo", li, Consent.MARKETING, true));
    calls.put("join", () -> profiles.join("weibo", li, MemberLayer.BRAND, "brand-a"));

    calls.forEach((name, call) -> assertDeniedAndUnchanged(call, denied));
    assertThat(resolver.resolve(RecordKey.of("weibo", "w-1"))).isEmpty();
  }

  @Test
  void shouldRefuseIngestWhenTheRecordIsAnotherChannelsOrCarriesAnAttributeNotGranted() {
    assertDeniedAndUnchanged(() -> profiles.ingest("dealer-7",
            SourceRecord.builder("tmall", "t-2").identifier(PHONE).build()),
        "channel 'dealer-7' may not ingest record tmall/t-2 of another channel");
    assertDeniedAndUnchanged(() -> profiles.ingest("dealer-7",
            SourceRecord.builder("dealer-7", "d-1").identifier(PHONE)
                .attribute("nickname", "lei").attribute("city", "Xi'an").build()),
        "channel 'dealer-7' may not supply attribute 'city'");
    assertThat(resolver.resolve(RecordKey.of("dealer-7", "d-1"))).isEmpty();
  }

  @Test
  void shouldRefuseTheWholeEditWhenOneAttributeIsNotEditable() {
    Map<String, String> edit = new LinkedHashMap<>();
    edit.put("nickname", "Lei");
    edit.put("city", "Xi'an");

    assertDeniedAndUnchanged(() -> profiles.edit("dealer-7", li, edit),
        "channel 'dealer-7' may not edit attribute 'city' of profile " + li);
  }

  @Test
  void shouldRefuseAQueryWhenAFilterNamesAnAttributeTheChannelMayNotRead() {
    assertDeniedAndUnchanged(() -> profiles.query("dealer-7",
            List.of(AttributeFilter.equalTo("income", "high")), PageRequest.first(10)),
        "channel 'dealer-7' may not filter on attribute 'income'");
  }

  @Test
  void shouldRefuseEventsConsentsAndMembershipsOutsideTheGrant() {
    assertDeniedAndUnchanged(() -> profiles.recordEvent("dealer-7", li, order("o-x", "dealer-8")),
        "channel 'dealer-7' may not record event o-x of channel 'dealer-8' of profile " + li);
    assertDeniedAndUnchanged(() -> profiles.recordEvent("dealer-7", li,
            TimelineEvent.builder("r-1", EventKind.REVIEW, "dealer-7", T0).build()),
        "channel 'dealer-7' may not record REVIEW events of profile " + li);
    assertDeniedAndUnchanged(() -> profiles.consent("dealer-7", li, Consent.MARKETING, true),
        "channel 'dealer-7' may not record consent to marketing of profile " + li);
    assertDeniedAndUnchanged(() -> profiles.join("dealer-7", li, MemberLayer.DEALER, "dealer-7"),
        "channel 'dealer-7' may not record DEALER membership dealer-7 of profile " + li);
  }

  @Test
  void shouldShowOnlyReadableAttributesAndTheDealersOwnOrders() {
    Profile seen = profiles.get("dealer-7", li, Detail.WITH_SOURCES).orElseThrow();

    assertThat(seen.attributes()).containsOnlyKeys("city", "nickname");
    assertThat(seen.identifiers()).isEmpty();
    assertThat(seen.timeline()).extracting(TimelineEvent::id).containsExactly("o-7");
    assertThat(profiles.get("dealer-8", li, Detail.CHOSEN).orElseThrow().timeline())
        .extracting(TimelineEvent::id).containsExactly("o-8");
  }

  @Test
  void shouldShowAMarketplaceOnlyWhatItSupplied() {
    OneId ningbo = profiles.find("crm", Identifier.of("phone", "13900139000"), Detail.CHOSEN)
        .orElseThrow().oneId();

    Profile seen = profiles.get("tmall", li, Detail.WITH_SOURCES).orElseThrow();

    assertThat(seen.records()).containsExactly(RecordKey.of("tmall", "t-1"));
    assertThat(seen.attributes()).containsOnlyKeys("nickname");
    assertThat(seen.timeline()).extracting(TimelineEvent::id).containsExactly("o-t");
    assertThat(profiles.get("tmall", ningbo, Detail.CHOSEN)).isEmpty();
    assertThat(profiles.query("tmall", List.of(), PageRequest.first(10)).items())
        .extracting(Profile::oneId).containsExactly(li);
    assertDeniedAndUnchanged(() -> profiles.edit("tmall", ningbo, Map.of("city", "Xi'an")),
        "channel 'tmall' may not change a profile it supplied nothing to of profile " + ningbo);
  }

  @Test
  void shouldShowASuppliedOnlyChannelOnlyTheIdentifiersItsOwnRecordsCarry() {
    ProfileService pool = ProfileService.builder(IdentityResolver.builder().build())
        .grant(ChannelGrant.builder("pos").editsAllAttributes().readsIdentifiers().build())
        .grant(ChannelGrant.builder("jd").suppliedOnly().readsIdentifiers().build())
        .build();
    OneId person = pool.ingest("pos", SourceRecord.builder("pos", "p-1").identifier(PHONE)
        .identifier("email", "li@example.com").build()).oneId();
    pool.ingest("jd", SourceRecord.builder("jd", "j-1").identifier(PHONE)
        .identifier("device_id", "6F1C2A3B0D4E4F5A").build());

    assertThat(pool.get("jd", person, Detail.CHOSEN).orElseThrow().identifiers()).containsExactly(
        Identifier.of("phone", "+8613800138000"), Identifier.of("device_id", "6F1C2A3B0D4E4F5A"));
    assertThat(pool.get("pos", person, Detail.CHOSEN).orElseThrow().identifiers()).containsExactly(
        Identifier.of("phone", "+8613800138000"), Identifier.of("email", "li@example.com"),
        Identifier.of("device_id", "6F1C2A3B0D4E4F5A"));
  }

  @Test
  void shouldNotLetASuppliedOnlyChannelFindItsCustomerByAnIdentifierAnotherChannelSupplied() {
    ProfileService pool = ProfileService.builder(IdentityResolver.builder().build())
        .grant(ChannelGrant.builder("pos").editsAllAttributes().build())
        .grant(ChannelGrant.builder("jd").suppliedOnly().build())
        .build();
    OneId person = pool.ingest("pos", SourceRecord.builder("pos", "p-1").identifier(PHONE)
        .identifier("email", "li@example.com").build()).oneId();
    pool.ingest("jd", SourceRecord.builder("jd", "j-1").identifier(PHONE).build());

    assertThat(pool.find("jd", Identifier.of("email", "li@example.com"), Detail.CHOSEN)).isEmpty();
    assertThat(pool.find("jd", Identifier.of("phone", "+86 138 0013 8000"), Detail.CHOSEN))
        .map(Profile::oneId).contains(person);
    assertThat(pool.find("pos", Identifier.of("email", "li@example.com"), Detail.CHOSEN))
        .map(Profile::oneId).contains(person);
  }

  @Test
  void shouldKeepTheChannelsEditOnItsOwnRecord() {
    profiles.edit("tmall", li, Map.of("nickname", "lei_2"));

    Profile seen = profiles.get("crm", li, Detail.WITH_SOURCES).orElseThrow();
    assertThat(seen.attributes().get("nickname").sources())
        .extracting(SourcedValue::record, SourcedValue::value)
        .containsExactly(tuple(RecordKey.of("tmall", "t-1"), "lei_2"));
  }

  @Test
  void shouldFlagAProfileThatWithdrewMarketingConsentForEveryChannel() {
    assertThat(profiles.get("crm", li, Detail.CHOSEN).orElseThrow().marketingAllowed()).isFalse();

    profiles.consent("crm", li, Consent.MARKETING, true);
    Consumer<Boolean> allowedFor = expected -> List.of("crm", "dealer-7", "tmall").forEach(
        channel -> assertThat(profiles.get(channel, li, Detail.CHOSEN).orElseThrow()
            .marketingAllowed()).as(channel).isEqualTo(expected));
    allowedFor.accept(true);

    profiles.consent("crm", li, Consent.MARKETING, false);
    allowedFor.accept(false);
  }

  @Test
  void shouldTellAProspectFromAMember() {
    assertThat(profiles.get("crm", li, Detail.CHOSEN).orElseThrow().prospect()).isTrue();

    Profile member = profiles.join("crm", li, MemberLayer.BRAND, "brand-a");

    assertThat(member.prospect()).isFalse();
    assertThat(member.memberships()).extracting(Membership::layer, Membership::unit)
        .containsExactly(tuple(MemberLayer.BRAND, "brand-a"));
  }
}
