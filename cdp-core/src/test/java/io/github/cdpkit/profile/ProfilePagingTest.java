package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.SourceRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfilePagingTest {

  private static final int POOL = 10_000;

  private final ProfileService profiles = ProfileService.builder(IdentityResolver.builder().build())
      .grant(ChannelGrant.builder("crm").editsAllAttributes().build())
      .build();

  private final Set<OneId> all = new HashSet<>();

  @BeforeAll
  void fillPool() {
    for (int i = 0; i < POOL; i++) {
      all.add(profiles.ingest("crm", SourceRecord.builder("crm", "c-" + i)
          .identifier("member_no", "M" + i)
          .attribute("age", Integer.toString(18 + i % 60))
          .attribute("city", i % 3 == 0 ? "Hangzhou" : "Ningbo")
          .attribute("birthday", LocalDate.of(1960, 1, 1).plusDays(i).toString())
          .build()).oneId());
    }
  }

  private List<OneId> walk(List<AttributeFilter> filters, int limit) {
    List<OneId> seen = new ArrayList<>();
    for (PageRequest request = PageRequest.first(limit); request != null; ) {
      Page<Profile> page = profiles.query("crm", filters, request);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
      page.items().forEach(profile -> seen.add(profile.oneId()));
      request = page.next();
    }
    return seen;
  }

  @Test
  void shouldYieldEveryProfileExactlyOnceInIdOrderWhenWalkingAllPages() {
    List<OneId> seen = walk(List.of(), 333);

    assertThat(seen).hasSize(POOL).doesNotHaveDuplicates().isSorted();
    assertThat(new HashSet<>(seen)).isEqualTo(all);
  }

  @Test
  void shouldYieldExactlyTheMatchingProfilesWhenWalkingFilteredPages() {
    List<AttributeFilter> filters = List.of(
        AttributeFilter.equalTo("city", "Hangzhou"),
        AttributeFilter.between("age", new BigDecimal("40"), new BigDecimal("60")));

    List<OneId> seen = walk(filters, 100);

    long expected = IntStream.range(0, POOL)
        .filter(i -> i % 3 == 0 && 18 + i % 60 >= 40 && 18 + i % 60 <= 60).count();
    assertThat(seen).hasSize((int) expected).doesNotHaveDuplicates().isSorted();
    assertThat(seen).allSatisfy(oneId -> {
      Profile profile = profiles.get("crm", oneId, Detail.CHOSEN).orElseThrow();
      assertThat(profile.attribute("city")).contains("Hangzhou");
      assertThat(Integer.parseInt(profile.attribute("age").orElseThrow())).isBetween(40, 60);
    });
  }

  @Test
  void shouldMatchDatesInsAndPresenceWhenFiltering() {
    List<AttributeFilter> filters = List.of(
        AttributeFilter.between("birthday", LocalDate.of(1960, 1, 1), LocalDate.of(1960, 1, 10)),
        AttributeFilter.in("city", Set.of("Ningbo", "Suzhou")),
        AttributeFilter.present("age"));

    assertThat(walk(filters, 4)).hasSize(6);
    assertThat(walk(List.of(AttributeFilter.present("nickname")), 10)).isEmpty();
  }

  @Test
  void shouldReturnAnEmptyLastPageWhenStartingAfterTheLastProfile() {
    Page<Profile> page = profiles.query("crm", List.of(), new PageRequest(
        all.stream().max(OneId::compareTo).orElseThrow(), 10));

    assertThat(page.items()).isEmpty();
    assertThat(page.hasNext()).isFalse();
  }

  @Test
  void shouldRejectALimitOutOfRange() {
    assertThatThrownBy(() -> PageRequest.first(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be between 1 and 10000: 0");
    assertThatThrownBy(() -> AttributeFilter.between("age", BigDecimal.TEN, BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("range is empty: 10 is after 1");
  }
}
