package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A person with several records: what one channel writes lands once, and erasure reaches all. */
class ProfileAcrossRecordsTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** A profile service over {@code resolver}, at T0, granting each channel everything. */
  private static ProfileServiceBuilder everythingFor(IdentityResolver resolver,
      String... channels) {
    ProfileServiceBuilder builder =
        ProfileService.builder(resolver).clock(Clock.fixed(T0, ZoneOffset.UTC));
    for (String channel : channels) {
      builder.grant(everything(channel));
    }
    return builder;
  }

  private static ChannelGrant everything(String channel) {
    return ChannelGrant.builder(channel).editsAllAttributes().readsIdentifiers()
        .seesEvents(EventScope.all()).records(EventKind.values()).managesConsent()
        .managesMemberships().managesTags().build();
  }

  @Test
  void shouldReplaceTheChannelsEventWhenRecordedAgainAfterTheChannelIngestsItsOwnRecord() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    ProfileService profiles = everythingFor(resolver, "pos", "crm").build();
    OneId li = profiles.ingest("pos", SourceRecord.builder("pos", "p-1")
        .identifier("phone", "13800138000").build()).oneId();
    profiles.recordEvent("crm", li,
        TimelineEvent.builder("o-1", EventKind.ORDER, "crm", T0).detail("v", "1").build());
    profiles.ingest("crm", SourceRecord.builder("crm", "c-1")
        .identifier("phone", "13800138000").build());

    Profile after = profiles.recordEvent("crm", li,
        TimelineEvent.builder("o-1", EventKind.ORDER, "crm", T0).detail("v", "2").build());

    assertThat(after.timeline()).extracting(e -> e.details().get("v")).containsExactly("2");
  }

  @Test
  void shouldReplaceTheChannelsEventWhenRecordedAgainAfterAMerge() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    ProfileService profiles = everythingFor(resolver, "pos", "tmall", "crm").build();
    OneId b = profiles.ingest("tmall", SourceRecord.builder("tmall", "t-1")
        .identifier("phone", "13900139000").build()).oneId();
    OneId a = profiles.ingest("pos", SourceRecord.builder("pos", "p-1")
        .identifier("phone", "13800138000").build()).oneId();
    profiles.recordEvent("crm", b,
        TimelineEvent.builder("o-1", EventKind.ORDER, "crm", T0).detail("v", "1").build());
    OneId merged = resolver.merge(a, b);

    Profile after = profiles.recordEvent("crm", merged,
        TimelineEvent.builder("o-1", EventKind.ORDER, "crm", T0).detail("v", "2").build());

    assertThat(after.timeline()).extracting(e -> e.details().get("v")).containsExactly("2");
  }

  @Test
  void shouldKeepTheTagOnItsRecordOnlyWhenAChannelSetsATagThePersonHasAlready() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    ProfileService profiles = everythingFor(resolver, "pos", "crm").build();
    OneId li = profiles.ingest("pos", SourceRecord.builder("pos", "p-1")
        .identifier("phone", "13800138000").build()).oneId();
    OneId other = profiles.ingest("crm", SourceRecord.builder("crm", "c-1")
        .identifier("phone", "13900139000").build()).oneId();
    profiles.tag("pos", li, Set.of("vip"), Set.of());
    OneId merged = resolver.merge(li, other);
    profiles.tag("crm", merged, Set.of("vip"), Set.of()); // the person has it: kept as it is

    resolver.removeRecord(RecordKey.of("pos", "p-1"));

    OneId crmPerson = resolver.resolve(RecordKey.of("crm", "c-1")).orElseThrow();
    assertThat(profiles.get("crm", crmPerson, Detail.CHOSEN).orElseThrow().tags()).isEmpty();
  }

  @Test
  void shouldLeaveNoContributionWhenThePersonIsErasedWhileTheirNewRecordIsIngested() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    MeddlingStore store = new MeddlingStore();
    ProfileService profiles = everythingFor(resolver, "pos", "tmall").store(store).build();
    OneId li = profiles.ingest("pos", SourceRecord.builder("pos", "p-1")
        .identifier("phone", "13800138000").attribute("city", "Hangzhou").build()).oneId();
    store.beforeNextPut(() -> resolver.erase(li)); // another thread erases the person right now

    profiles.ingest("tmall", SourceRecord.builder("tmall", "t-1")
        .identifier("phone", "13800138000").attribute("address", "1 West Lake Rd").build());

    assertThat(resolver.resolve(RecordKey.of("tmall", "t-1"))).isEmpty();
    assertThat(profiles.get("pos", li, Detail.CHOSEN)).isEmpty();
    assertThat(store.get(RecordKey.of("tmall", "t-1"))).isEmpty();
    assertThat(store.size()).isZero();
  }
}
