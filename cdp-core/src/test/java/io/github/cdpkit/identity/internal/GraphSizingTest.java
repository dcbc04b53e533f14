package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A graph sized for a load of a known size holds it without growing; one sized smaller grows, past
 * its first page by whole pages.
 */
class GraphSizingTest {

  private static final int RECORDS = 3_000;
  // Past two pages of the paged arrays, and not on a page boundary.
  private static final int PAGED_RECORDS = 2 * Pages.PAGE + 1_000;

  @Test
  void shouldHoldTheExpectedRecordsWithoutGrowing() {
    GraphIdentityResolver sized = (GraphIdentityResolver) IdentityResolver.builder()
        .expectedRecords(RECORDS).build();

    sized.ingestAll(records(RECORDS));

    assertThat(sized.recordCapacity()).isEqualTo(RECORDS);
  }

  @Test
  void shouldGrowPastASmallerExpectedSize() {
    GraphIdentityResolver small = (GraphIdentityResolver) IdentityResolver.builder()
        .expectedRecords(RECORDS / 2).build();

    small.ingestAll(records(RECORDS));

    assertThat(small.recordCapacity()).isGreaterThan(RECORDS);
    assertThat(small.stats().records()).isEqualTo(RECORDS);
  }

  @Test
  void shouldAllocateEveryPageUpFrontWhenSizedPastOnePage() {
    GraphIdentityResolver sized = (GraphIdentityResolver) IdentityResolver.builder()
        .expectedRecords(PAGED_RECORDS).build();
    long before = sized.recordCapacity();

    sized.ingestAll(records(PAGED_RECORDS));

    assertThat(before).isEqualTo(3L * Pages.PAGE);
    assertThat(sized.recordCapacity()).isEqualTo(before);
  }

  @Test
  void shouldLeaveAtMostOnePageEmptyWhenGrownPastOnePage() {
    GraphIdentityResolver unsized = (GraphIdentityResolver) IdentityResolver.builder().build();

    unsized.ingestAll(records(PAGED_RECORDS));

    assertThat(unsized.recordCapacity()).isEqualTo(3L * Pages.PAGE);
    assertThat(unsized.stats().records()).isEqualTo(PAGED_RECORDS);
  }

  private static List<SourceRecord> records(int count) {
    List<SourceRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(SourceRecord.builder("shop", "r" + i)
          .identifier("email", "u" + (i / 2) + "@example.com").build());
    }
    return records;
  }
}
