package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.event.IdentityEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link IdentityResolver#ingestAll} interns on a helper thread while it links on the caller's: it
 * must give exactly what ingesting the same records one at a time gives, results, ids and events
 * alike, with guards firing, values turning generic and records coming back with more identifiers.
 */
class BulkIngestTest {

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 12);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldGiveWhatIngestingOneByOneGivesWhenIngestingInBulk(long seed) {
    List<SourceRecord> records = new ArrayList<>(RandomRecords.generate(seed, 6_000, 2_500, true));
    SplittableRandom random = new SplittableRandom(seed);
    // Some records again, with one more identifier: known records that change.
    for (int i = 0; i < 600; i++) {
      SourceRecord again = records.get(random.nextInt(records.size()));
      SourceRecord.Builder builder =
          SourceRecord.builder(again.key().source(), again.key().recordId());
      again.identifiers().forEach(builder::identifier);
      builder.identifier("email", "again" + random.nextInt(3_000) + "@example.com");
      records.add(random.nextInt(records.size()), builder.build());
    }
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);
    IdentityResolver oneByOne = IdentityResolver.builder().genericThreshold(8).clock(clock).build();
    IdentityResolver bulk = IdentityResolver.builder().genericThreshold(8).clock(clock).build();

    List<IngestResult> expected = records.stream().map(oneByOne::ingest).toList();
    List<IngestResult> actual = new ArrayList<>();
    for (int from = 0; from < records.size(); from += 5_000) {
      actual.addAll(bulk.ingestAll(records.subList(from, Math.min(records.size(), from + 5_000))));
    }

    assertThat(actual).isEqualTo(expected);
    assertThat(bulk.stats()).isEqualTo(oneByOne.stats());
    List<IdentityEvent> events = bulk.history(0);
    assertThat(events).isEqualTo(oneByOne.history(0));
    assertThat(events).isNotEmpty();
  }
}
