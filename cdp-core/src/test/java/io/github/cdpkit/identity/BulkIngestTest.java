package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link IdentityResolver#ingestAll} and {@link IdentityResolver#ingestStream} normalise on the
 * common pool and intern on a helper thread while they link on the caller's: they must give exactly
 * what ingesting the same records one at a time gives, results, ids and events alike, with guards
 * firing, values turning generic and records coming back with more identifiers.
 */
class BulkIngestTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 6);
  }

  /** Dense sets (guards, generic values) in one batch; sparse ones over several batches. */
  static Stream<Arguments> streams() {
    return Stream.of(
        Arguments.of(1L, 6_000, 2_500),
        Arguments.of(3L, 45_000, 45_000), Arguments.of(4L, 45_000, 30_000));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldGiveWhatIngestingOneByOneGivesWhenIngestingInBulk(long seed) {
    assertSameAsOneByOne(records(seed, 6_000, 2_500), (bulk, records) -> {
      List<IngestResult> results = new ArrayList<>();
      for (int from = 0; from < records.size(); from += 5_000) {
        results.addAll(
            bulk.ingestAll(records.subList(from, Math.min(records.size(), from + 5_000))));
      }
      return results;
    });
  }

  @ParameterizedTest(name = "seed {0}, {1} records, pool {2}")
  @MethodSource("streams")
  void shouldGiveWhatIngestingOneByOneGivesWhenIngestingAStream(long seed, int count, int pool) {
    assertSameAsOneByOne(records(seed, count, pool), (bulk, records) -> {
      List<IngestResult> results = new ArrayList<>();
      long ingested = bulk.ingestStream(records.iterator(), results::add);
      assertThat(ingested).isEqualTo(records.size());
      return results;
    });
  }

  @Test
  void shouldIngestEveryRecordBeforeAnInvalidOneAndNoneAfterWhenIngestingAStream() {
    List<SourceRecord> records = records(5, 30_000, 30_000);
    int invalidAt = 21_000;
    SourceRecord invalid = SourceRecord.builder("pos", "bad")
        .identifier("phone", "13800138000")
        .identifier("no_such_type", "x")
        .build();
    List<SourceRecord> stream = new ArrayList<>(records.subList(0, invalidAt));
    stream.add(invalid);
    stream.addAll(records.subList(invalidAt, records.size()));
    IdentityResolver expected = IdentityResolver.builder().genericThreshold(8).clock(CLOCK).build();
    List<IngestResult> expectedResults =
        records.subList(0, invalidAt).stream().map(expected::ingest).toList();
    IdentityResolver resolver = IdentityResolver.builder().genericThreshold(8).clock(CLOCK).build();
    List<IngestResult> results = new ArrayList<>();

    assertThatThrownBy(() -> resolver.ingestStream(stream.iterator(), results::add))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining("no_such_type");
    assertThat(results).isEqualTo(expectedResults);
    assertThat(resolver.stats()).isEqualTo(expected.stats());
    assertThat(resolver.resolve(invalid.key())).isEmpty();
    assertThat(resolver.resolve(records.get(invalidAt).key())).isEmpty();
    assertThat(resolver.resolve(records.get(invalidAt - 1).key())).isPresent();
  }

  @Test
  void shouldIngestTheRecordsBeforeANullOneWhenIngestingAStream() {
    List<SourceRecord> before = records(6, 300, 100);
    List<SourceRecord> stream = new ArrayList<>(before);
    stream.add(null);
    stream.add(SourceRecord.builder("pos", "after").identifier("phone", "13800138000").build());
    IdentityResolver resolver = IdentityResolver.builder().build();
    List<IngestResult> results = new ArrayList<>();

    assertThatThrownBy(() -> resolver.ingestStream(stream.iterator(), results::add))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("record");
    assertThat(results).hasSize(before.size());
    assertThat(resolver.resolve(RecordKey.of("pos", "after"))).isEmpty();
  }

  @Test
  void shouldIngestEveryRecordTheIteratorReturnedWhenItThrows() {
    List<SourceRecord> records = records(7, 20_000, 20_000);
    Iterator<SourceRecord> source = records.iterator();
    IllegalStateException broken = new IllegalStateException("line 20001 cannot be parsed");
    Iterator<SourceRecord> failing = new Iterator<>() {
      private int read;

      @Override
      public boolean hasNext() {
        if (read == 20_000) {
          throw broken;
        }
        return source.hasNext();
      }

      @Override
      public SourceRecord next() {
        read++;
        return source.next();
      }
    };
    IdentityResolver resolver = IdentityResolver.builder().genericThreshold(8).clock(CLOCK).build();
    List<IngestResult> results = new ArrayList<>();

    assertThatThrownBy(() -> resolver.ingestStream(failing, results::add)).isSameAs(broken);

    assertThat(results).hasSize(20_000);
    assertThat(resolver.stats().records()).isEqualTo(
        records.subList(0, 20_000).stream().map(SourceRecord::key).distinct().count());
  }

  @Test
  void shouldHandOverTheResultsOfABatchWhenTheConsumerThrowsAndKeepItsRecords() {
    List<SourceRecord> records = records(8, 300, 300);
    IdentityResolver resolver = IdentityResolver.builder().build();
    List<IngestResult> results = new ArrayList<>();
    IllegalStateException full = new IllegalStateException("sink full");

    assertThatThrownBy(() -> resolver.ingestStream(records.iterator(), result -> {
      if (results.size() == 100) {
        throw full;
      }
      results.add(result);
    })).isSameAs(full);

    assertThat(results).hasSize(100);
    assertThat(resolver.resolve(records.get(records.size() - 1).key())).isPresent();
  }

  @Test
  void shouldGiveWhatIngestingOneByOneGivesWhenOperatorsDecisionsAreOnRecord() {
    List<SourceRecord> records = records(9, 3_000, 1_500);
    IdentityResolver oneByOne = IdentityResolver.builder().genericThreshold(8).clock(CLOCK).build();
    IdentityResolver bulk = IdentityResolver.builder().genericThreshold(8).clock(CLOCK).build();
    for (IdentityResolver resolver : List.of(oneByOne, bulk)) {
      records.subList(0, 1_000).forEach(resolver::ingest);
      OneId first = resolver.resolve(records.get(0).key()).orElseThrow();
      OneId other = resolver.resolve(records.get(999).key()).orElseThrow();
      if (!first.equals(other)) {
        resolver.merge(first, other);
      }
    }
    List<SourceRecord> rest = records.subList(1_000, records.size());

    // With decisions on record, a section runs serially: the same answers all the same.
    assertThat(bulk.ingestAll(rest)).isEqualTo(rest.stream().map(oneByOne::ingest).toList());
    assertThat(bulk.stats()).isEqualTo(oneByOne.stats());
    assertThat(bulk.history(0)).isEqualTo(oneByOne.history(0));
  }

  @Test
  void shouldStartOverTheStoreWhereItWasLeftWhenItFailsPartWayThroughASection() {
    List<SourceRecord> records = records(10, 2_000, 1_000);
    // The write-through of a record seen here for the first time, the last step of linking it.
    int failAt = 300;
    while (records.subList(0, failAt).stream().map(SourceRecord::key)
        .anyMatch(records.get(failAt).key()::equals)) {
      failAt++;
    }
    RecordKey failing = records.get(failAt).key();
    InMemoryIdentityStore kept = new InMemoryIdentityStore();
    IdentityStore store = (IdentityStore) Proxy.newProxyInstance(
        IdentityStore.class.getClassLoader(), new Class<?>[] {IdentityStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("putRecord")
              && ((StoredRecord) args[0]).key().equals(failing)) {
            throw new IllegalStateException("disk full");
          }
          try {
            return method.invoke(kept, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    IdentityResolver resolver = IdentityResolver.builder().store(store).clock(CLOCK).build();
    IdentityResolver reference = IdentityResolver.builder().clock(CLOCK).build();

    assertThatThrownBy(() -> resolver.ingestAll(records)).hasMessage("disk full");

    // The resolver is out of step with its store; one built over the store again knows every
    // record written before the failure (this store does not roll back), and none after it.
    assertThatThrownBy(resolver::stats).isInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("disk full");
    IdentityResolver restarted = IdentityResolver.builder().store(kept).clock(CLOCK).build();
    records.subList(0, failAt).forEach(reference::ingest);
    assertThat(restarted.stats()).isEqualTo(reference.stats());
    assertThat(restarted.resolve(records.get(failAt).key())).isEmpty();
    // Ingesting the rest links them as if the failure had not happened.
    for (SourceRecord record : records.subList(failAt, records.size())) {
      assertThat(restarted.ingest(record)).isEqualTo(reference.ingest(record));
    }
    assertThat(restarted.stats()).isEqualTo(reference.stats());
  }

  @Test
  void shouldIngestNothingWhenTheStreamIsEmpty() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    List<IngestResult> results = new ArrayList<>();

    assertThat(resolver.ingestStream(Collections.emptyIterator(), results::add)).isZero();
    assertThat(results).isEmpty();
    assertThat(resolver.stats().records()).isZero();
  }

  @Test
  void shouldRejectNullArgumentsWhenIngestingAStream() {
    IdentityResolver resolver = IdentityResolver.builder().build();

    assertThatThrownBy(() -> resolver.ingestStream(null, result -> { }))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("records");
    assertThatThrownBy(() -> resolver.ingestStream(Collections.emptyIterator(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("results");
  }

  /** Seeded records, then some of them again with one more identifier: known records that change. */
  private static List<SourceRecord> records(long seed, int count, int poolSize) {
    List<SourceRecord> records =
        new ArrayList<>(RandomRecords.generate(seed, count, poolSize, true));
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count / 10; i++) {
      SourceRecord again = records.get(random.nextInt(records.size()));
      SourceRecord.Builder builder =
          SourceRecord.builder(again.key().source(), again.key().recordId());
      again.identifiers().forEach(builder::identifier);
      builder.identifier("email", "again" + random.nextInt(poolSize) + "@example.com");
      records.add(random.nextInt(records.size()), builder.build());
    }
    return records;
  }

  private static void assertSameAsOneByOne(List<SourceRecord> records,
      BiFunction<IdentityResolver, List<SourceRecord>, List<IngestResult>> ingestInBulk) {
    IdentityResolver oneByOne = IdentityResolver.builder().genericThreshold(8).clock(CLOCK).build();
    IdentityResolver bulk = IdentityResolver.builder().genericThreshold(8).clock(CLOCK).build();

    List<IngestResult> expected = records.stream().map(oneByOne::ingest).toList();
    List<IngestResult> actual = ingestInBulk.apply(bulk, records);

    assertThat(actual).isEqualTo(expected);
    assertThat(bulk.stats()).isEqualTo(oneByOne.stats());
    List<IdentityEvent> events = bulk.history(0);
    assertThat(events).isEqualTo(oneByOne.history(0));
    assertThat(events).isNotEmpty();
  }
}
