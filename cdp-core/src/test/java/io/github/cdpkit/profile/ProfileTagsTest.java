package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileTagsTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final IdentityResolver resolver = IdentityResolver.builder().build();
  private final InMemoryProfileStore store = new InMemoryProfileStore();
  private final ProfileService profiles = ProfileService.builder(resolver)
      .store(store)
      .clock(Clock.fixed(T0, ZoneOffset.UTC))
      .grant(ChannelGrant.builder("crm").editsAllAttributes().managesTags().build())
      .grant(ChannelGrant.builder("app").editsAllAttributes().managesTags().build())
      .grant(ChannelGrant.builder("pos").editsAllAttributes().managesConsent().build())
      .grant(ChannelGrant.builder("tmall").suppliedOnly().edits("city").managesTags().build())
      .build();

  private OneId ingest(String channel, String id, String type, String value) {
    return profiles.ingest(channel, SourceRecord.builder(channel, id).identifier(type, value)
        .attribute("city", "Hangzhou").observedAt(T0).build()).oneId();
  }

  private Set<String> tags(String channel, OneId oneId) {
    return profiles.get(channel, oneId, Detail.CHOSEN).orElseThrow().tags();
  }

  @Test
  void shouldSetAndRemoveTagsWhenTheChannelManagesTags() {
    OneId li = ingest("crm", "c-1", "phone", "13800138000");

    Profile tagged = profiles.tag("crm", li, Set.of("vip", "has_child", "high_spender"), Set.of());
    Profile untagged = profiles.tag("crm", li, Set.of("mother"), Set.of("vip", "never_set"));

    assertThat(tagged.tags()).containsExactly("has_child", "high_spender", "vip");
    assertThat(untagged.tags()).containsExactly("has_child", "high_spender", "mother");
    assertThat(tags("pos", li)).containsExactly("has_child", "high_spender", "mother");
    assertThat(store.get(RecordKey.of("crm", "c-1")).orElseThrow().tags())
        .containsEntry("mother", "crm").doesNotContainKey("vip");
  }

  @Test
  void shouldRefuseAndChangeNothingWhenTheChannelMayNotManageTags() {
    OneId li = ingest("pos", "p-1", "phone", "13800138000");
    profiles.tag("crm", li, Set.of("vip"), Set.of());

    assertThatThrownBy(() -> profiles.tag("pos", li, Set.of("churned"), Set.of("vip")))
        .isInstanceOf(ChannelAccessException.class)
        .hasMessageContaining("'pos'").hasMessageContaining("manage tags");

    assertThat(tags("crm", li)).containsExactly("vip");
  }

  @Test
  void shouldRejectABlankTagAndChangeNothingWhenTagging() {
    OneId li = ingest("crm", "c-1", "phone", "13800138000");
    profiles.tag("crm", li, Set.of("vip"), Set.of());

    assertThatThrownBy(() -> profiles.tag("crm", li, Set.of("mother", " "), Set.of("vip")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
    assertThatThrownBy(() -> profiles.tag("crm", li, Set.of("mother"), Set.of("vip", "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("''");
    assertThatThrownBy(() -> profiles.tag("crm", li, Set.of("vip"), Set.of("vip")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'vip'");

    assertThat(tags("crm", li)).containsExactly("vip");
  }

  @Test
  void shouldRejectTaggingWhenThePersonIsNotInThePool() {
    OneId li = ingest("crm", "c-1", "phone", "13800138000");
    resolver.erase(li);

    assertThatThrownBy(() -> profiles.tag("crm", li, Set.of("vip"), Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the pool");
    assertThat(store.size()).isZero();
  }

  @Test
  void shouldShowASuppliedOnlyChannelOnlyTheTagsItSetWhenOthersTagged() {
    OneId li = ingest("crm", "c-1", "phone", "13800138000");
    ingest("tmall", "t-1", "phone", "13800138000");
    profiles.tag("crm", li, Set.of("vip"), Set.of());

    profiles.tag("tmall", li, Set.of("tmall_buyer"), Set.of("vip"));

    // tmall may not remove what it cannot see; every other channel sees both tags
    assertThat(tags("tmall", li)).containsExactly("tmall_buyer");
    assertThat(tags("pos", li)).containsExactly("tmall_buyer", "vip");
  }

  @Test
  void shouldCarryTagsThroughMergeSplitAndEraseWhenIdentityChanges() {
    OneId byPhone = ingest("crm", "c-1", "phone", "13800138000");
    OneId byEmail = ingest("app", "a-1", "email", "li@example.com");
    profiles.tag("crm", byPhone, Set.of("vip"), Set.of());
    profiles.tag("app", byEmail, Set.of("has_child"), Set.of());

    profiles.ingest("pos", SourceRecord.builder("pos", "p-1").identifier("phone", "13800138000")
        .identifier("email", "li@example.com").build());
    Set<String> merged = tags("pos", byEmail);

    resolver.removeRecord(RecordKey.of("pos", "p-1"));
    Set<String> phoneSide = tags("pos", byPhone);
    Set<String> emailSide = tags("pos", byEmail);

    resolver.erase(byPhone);

    assertThat(merged).containsExactly("has_child", "vip");
    assertThat(phoneSide).containsExactly("vip");
    assertThat(emailSide).containsExactly("has_child");
    assertThat(profiles.get("pos", byPhone, Detail.CHOSEN)).isEmpty();
    assertThat(store.get(RecordKey.of("crm", "c-1"))).isEmpty();
    assertThat(tags("pos", byEmail)).containsExactly("has_child");
  }

  @Test
  void shouldRemoveATagFromEveryRecordWhenUntaggedAfterAMerge() {
    OneId byPhone = ingest("crm", "c-1", "phone", "13800138000");
    OneId byEmail = ingest("app", "a-1", "email", "li@example.com");
    profiles.tag("crm", byPhone, Set.of("vip"), Set.of());
    profiles.tag("app", byEmail, Set.of("vip", "has_child"), Set.of());
    resolver.merge(byPhone, byEmail);

    Profile untagged = profiles.tag("app", byEmail, Set.of(), Set.of("vip"));

    assertThat(untagged.tags()).containsExactly("has_child");
    assertThat(store.get(RecordKey.of("crm", "c-1")).orElseThrow().tags()).isEmpty();
  }

  @Test
  void shouldQueryAndPageAsBeforeWhenProfilesAreTagged() {
    List<OneId> all = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      all.add(ingest("crm", "c-" + i, "member_no", "M" + i));
    }
    for (int i = 0; i < all.size(); i += 3) {
      profiles.tag("crm", all.get(i), Set.of("vip"), Set.of());
    }
    profiles.edit("crm", all.get(4), Map.of("city", "Ningbo"));

    List<OneId> seen = new ArrayList<>();
    for (PageRequest request = PageRequest.first(7); request != null; ) {
      Page<Profile> page = profiles.query("crm", List.of(), request);
      page.items().forEach(profile -> seen.add(profile.oneId()));
      request = page.next();
    }
    List<OneId> inNingbo = profiles.query("crm",
        List.of(AttributeFilter.equalTo("city", "Ningbo")), PageRequest.first(10)).items()
        .stream().map(Profile::oneId).toList();

    assertThat(seen).containsExactlyElementsOf(all.stream().sorted().toList());
    assertThat(inNingbo).containsExactly(all.get(4));
  }
}
