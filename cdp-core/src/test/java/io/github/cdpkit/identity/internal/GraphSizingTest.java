package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A graph sized for a load of a known size holds it without growing; one sized smaller grows. */
class GraphSizingTest {

  private static final int RECORDS = 3_000;

  @Test
  void shouldHoldTheExpectedRecordsWithoutGrowing() {
    GraphIdentityResolver sized = (GraphIdentityResolver) IdentityResolver.builder()
        .expectedRecords(RECORDS).build();

    sized.ingestAll(records());

    assertThat(sized.recordCapacity()).isEqualTo(RECORDS);
  }

  @Test
  void shouldGrowPastASmallerExpectedSize() {
    GraphIdentityResolver small = (GraphIdentityResolver) IdentityResolver.builder()
        .expectedRecords(RECORDS / 2).build();

    small.ingestAll(records());

    assertThat(small.recordCapacity()).isGreaterThan(RECORDS);
    assertThat(small.stats().records()).isEqualTo(RECORDS);
  }

  private static List<SourceRecord> records() {
    List<SourceRecord> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      records.add(SourceRecord.builder("shop", "r" + i)
          .identifier("email", "u" + (i / 2) + "@example.com").build());
    }
    return records;
  }
}
