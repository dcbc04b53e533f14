package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.InvalidIdentifierException;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import io.github.cdpkit.profile.spi.ProfileRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear exception and leaves the pool as it was. */
class ProfileServiceInputTest {

  private final IdentityResolver resolver = IdentityResolver.builder().build();
  private final InMemoryProfileStore store = new InMemoryProfileStore();
  private final ProfileService profiles = ProfileService.builder(resolver)
      .store(store)
      .grant(ChannelGrant.builder("crm").editsAllAttributes().managesConsent()
          .managesMemberships().managesTags().build())
      .build();

  private final OneId li = profiles.ingest("crm", SourceRecord.builder("crm", "c-1")
      .identifier("phone", "13800138000").attribute("city", "Hangzhou").build()).oneId();

  private void assertUnchanged(Profile before) {
    assertThat(profiles.get("crm", li, Detail.WITH_SOURCES)).contains(before);
    assertThat(store.size()).isEqualTo(1);
  }

  private Profile now() {
    return profiles.get("crm", li, Detail.WITH_SOURCES).orElseThrow();
  }

  @Test
  void shouldStoreNothingWhenTheRecordCarriesAnInvalidIdentifier() {
    Profile before = now();

    assertThatThrownBy(() -> profiles.ingest("crm", SourceRecord.builder("crm", "c-2")
            .identifier("phone", "12345").attribute("city", "Ningbo").build()))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageStartingWith("invalid identifier phone=12345 (phone-format): ");

    assertUnchanged(before);
    assertThat(resolver.resolve(RecordKey.of("crm", "c-2"))).isEmpty();
  }

  @Test
  void shouldRefuseANullAttributeNameAndLeaveTheProfileReadable() {
    Profile before = now();
    Map<String, String> edit = new HashMap<>();
    edit.put(null, "Ningbo");

    assertThatThrownBy(() -> profiles.edit("crm", li, edit))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("attribute name");

    assertUnchanged(before);
    assertThat(profiles.query("crm", List.of(), PageRequest.first(5)).items()).hasSize(1);
  }

  @Test
  void shouldRefuseEveryNullArgumentNamingItAndChangeNothing() {
    Profile before = now();
    Set<String> nullTag = new HashSet<>();
    nullTag.add(null);
    List<AttributeFilter> nullFilter = new ArrayList<>();
    nullFilter.add(null);
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("channel", () -> profiles.get(null, li, Detail.CHOSEN));
    calls.put("record", () -> profiles.ingest("crm", null));
    calls.put("identifier", () -> profiles.find("crm", null, Detail.CHOSEN));
    calls.put("detail", () -> profiles.get("crm", li, null));
    calls.put("filters", () -> profiles.query("crm", null, PageRequest.first(5)));
    calls.put("filter", () -> profiles.query("crm", nullFilter, PageRequest.first(5)));
    calls.put("page", () -> profiles.query("crm", List.of(), null));
    calls.put("attributes", () -> profiles.edit("crm", li, null));
    calls.put("oneId", () -> profiles.edit("crm", null, Map.of("city", "Ningbo")));
    calls.put("event", () -> profiles.recordEvent("crm", li, null));
    calls.put("purpose", () -> profiles.consent("crm", li, null, true));
    calls.put("layer", () -> profiles.join("crm", li, null, "s-1"));
    calls.put("unit", () -> profiles.join("crm", li, MemberLayer.STORE, null));
    calls.put("add", () -> profiles.tag("crm", li, null, Set.of()));
    calls.put("remove", () -> profiles.tag("crm", li, Set.of("vip"), null));
    calls.put("tag", () -> profiles.tag("crm", li, nullTag, Set.of()));
    calls.put("grant", () -> ProfileService.builder(resolver).grant(null));

    calls.forEach((argument, call) -> assertThatThrownBy(call).as(argument)
        .isInstanceOf(NullPointerException.class).hasMessage(argument));

    assertUnchanged(before);
  }

  @Test
  void shouldRefuseAContributionWithANullAttributeName() {
    RecordKey key = RecordKey.of("crm", "c-1");
    Map<String, SourcedValue> attributes = new HashMap<>();
    attributes.put(null, new SourcedValue("crm", key, "Ningbo", Instant.EPOCH));

    assertThatThrownBy(() -> new ProfileRecord(key, attributes, List.of(), List.of(), List.of(),
        Map.of())).isInstanceOf(NullPointerException.class).hasMessage("attribute name");
  }

  @Test
  void shouldRefuseChangesToAPersonOutsideThePool() {
    OneId stranger = OneId.of(99);

    assertThatThrownBy(() -> profiles.edit("crm", stranger, Map.of("city", "Ningbo")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("profile is not in the pool: oid-99");
    assertThatThrownBy(() -> profiles.join("crm", stranger, MemberLayer.STORE, "s-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("profile is not in the pool: oid-99");
    assertThat(profiles.get("crm", stranger, Detail.CHOSEN)).isEmpty();
  }

  @Test
  void shouldRefuseABlankPurposeOrUnitAndChangeNothing() {
    Profile before = now();

    assertThatThrownBy(() -> profiles.consent("crm", li, " ", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("purpose must not be blank: ' '");
    assertThatThrownBy(() -> profiles.join("crm", li, MemberLayer.STORE, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unit must not be blank: ''");

    assertUnchanged(before);
  }

  @Test
  void shouldFollowAnAbsorbedIdToTheSurvivorsProfile() {
    OneId other = profiles.ingest("crm", SourceRecord.builder("crm", "c-2")
        .identifier("email", "li@example.com").build()).oneId();
    profiles.ingest("crm", SourceRecord.builder("crm", "c-3").identifier("phone", "13800138000")
        .identifier("email", "li@example.com").build());

    Profile edited = profiles.edit("crm", other, Map.of("nickname", "Lei"));

    assertThat(edited.oneId()).isEqualTo(li);
    assertThat(profiles.get("crm", other, Detail.CHOSEN).orElseThrow().attribute("nickname"))
        .contains("Lei");
  }

  @Test
  void shouldReplaceAnEventRecordedAgainWithTheSameId() {
    ProfileService withEvents = ProfileService.builder(resolver)
        .grant(ChannelGrant.builder("crm").editsAllAttributes().seesEvents(EventScope.own())
            .records(EventKind.ORDER).build())
        .build();
    Instant at = Instant.parse("2025-05-01T10:00:00Z");
    withEvents.ingest("crm", SourceRecord.builder("crm", "c-1")
        .identifier("phone", "13800138000").build());

    withEvents.recordEvent("crm", li, TimelineEvent.builder("o-1", EventKind.ORDER, "crm", at)
        .line("TEA", 1, Money.of("30", "CNY")).build());
    Profile after = withEvents.recordEvent("crm", li,
        TimelineEvent.builder("o-1", EventKind.ORDER, "crm", at)
            .line("TEA", 2, Money.of("30", "CNY")).line("CUP", 1, Money.of("12.50", "CNY"))
            .build());

    assertThat(after.timeline()).singleElement().satisfies(order -> {
      assertThat(order.amount()).isEqualTo(Money.of("72.50", "CNY"));
      assertThat(order.lines()).hasSize(2);
    });
    assertThat(withEvents.query("crm", List.of(), PageRequest.first(5)).items()).hasSize(1);
  }

  @Test
  void shouldKeepMoneyExactAndRefuseWhatItCannotHold() {
    assertThat(Money.of("129.90", "CNY").minorUnits()).isEqualTo(12990);
    assertThat(Money.of("500", "JPY").times(3)).hasToString("JPY 1500");
    assertThatThrownBy(() -> Money.of("1.234", "CNY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amount has more decimals than CNY allows (2): 1.234");
    assertThatThrownBy(() -> Money.of("1.00", "CNY").plus(Money.of("1.00", "USD")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot add USD 1.00 to CNY 1.00: currencies differ");
    assertThatThrownBy(() -> new OrderLine("TEA", 0, Money.of("1", "CNY")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quantity must be at least 1: 0");
  }
}
