package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.event.Conflict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of resolution over many seeded random record sets, checked against a plain reference
 * implementation or against the resolver itself under another order, thread count or history.
 */
class ResolutionPropertiesTest {

  static List<Long> seeds() {
    List<Long> seeds = new ArrayList<>();
    for (long seed = 1; seed <= 150; seed++) {
      seeds.add(seed);
    }
    return seeds;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldEqualConnectedComponentsOfAReferenceWhenNoGuardFires(long seed) {
    List<SourceRecord> records = RandomRecords.generate(seed, 120, 60, true);
    IdentityResolver resolver = IdentityResolver.builder().types(RandomRecords.unguarded())
        .genericThreshold(10_000).build();

    resolver.ingestAll(records);

    assertThat(Partitions.of(resolver, records)).isEqualTo(referenceComponents(records));
  }

  @ParameterizedTest(name = "expected {0}")
  @ValueSource(ints = {0, 7, 1_500, 3_000, 100_000})
  void shouldGiveTheSamePeopleWhateverSizeTheGraphStartsAt(int expectedRecords) {
    // Over 1,024 records, so that a graph sized for fewer grows while the records arrive.
    List<SourceRecord> records = RandomRecords.generate(5, 3_000, 1_200, true);
    IdentityResolver sizedByDefault = IdentityResolver.builder().genericThreshold(6).build();
    IdentityResolver sized = IdentityResolver.builder().genericThreshold(6)
        .expectedRecords(expectedRecords).build();

    List<IngestResult> expected = sizedByDefault.ingestAll(records);
    List<IngestResult> actual = sized.ingestAll(records);

    assertThat(actual).isEqualTo(expected);
    assertThat(sized.stats()).isEqualTo(sizedByDefault.stats());
    for (SourceRecord record : records) {
      assertThat(sized.resolve(record.key())).isEqualTo(sizedByDefault.resolve(record.key()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {-1, IdentityResolverBuilder.MAX_EXPECTED_RECORDS + 1, Integer.MAX_VALUE})
  void shouldRefuseAnExpectedSizeOutOfRange(int expectedRecords) {
    assertThatThrownBy(() -> IdentityResolver.builder().expectedRecords(expectedRecords))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedRecords must be from 0 to 67108864: " + expectedRecords);
  }

  @Test
  void shouldNameTheNullArgumentOfEachBuilderOption() {
    IdentityResolverBuilder builder = IdentityResolver.builder();

    assertThatThrownBy(() -> builder.types(null)).hasMessage("types");
    assertThatThrownBy(() -> builder.store(null)).hasMessage("store");
    assertThatThrownBy(() -> builder.clock(null)).hasMessage("clock");
    assertThatThrownBy(() -> builder.listener(null)).hasMessage("listener");
    // It read the length of the null array: "Cannot read the array length because "salt" is null".
    assertThatThrownBy(() -> builder.erasureSalt(null))
        .isInstanceOf(NullPointerException.class).hasMessage("salt");
    assertThatThrownBy(() -> builder.restore(null))
        .isInstanceOf(NullPointerException.class).hasMessage("in");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldGiveThePartitionWhateverTheOrderWithGuardsFiring(long seed) {
    List<SourceRecord> records = RandomRecords.generate(seed, 80, 40, true);
    IdentityResolver inOrder = IdentityResolver.builder().genericThreshold(6).build();
    records.forEach(inOrder::ingest);
    Set<Set<RecordKey>> expected = Partitions.of(inOrder, records);

    for (int shuffle = 0; shuffle < 3; shuffle++) {
      List<SourceRecord> shuffled = new ArrayList<>(records);
      Collections.shuffle(shuffled, new Random(seed * 31 + shuffle));
      IdentityResolver other = IdentityResolver.builder().genericThreshold(6).build();
      other.ingestAll(shuffled);
      assertThat(Partitions.of(other, records)).as("shuffle %d", shuffle).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldGiveWhatARebuildFromTheStoreGives(long seed) throws IOException {
    List<SourceRecord> records = RandomRecords.generate(seed, 80, 40, true);
    IdentityResolver incremental = IdentityResolver.builder().genericThreshold(6).build();
    records.forEach(incremental::ingest);

    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    incremental.snapshot(snapshot);
    IdentityResolver rebuilt = IdentityResolver.builder().genericThreshold(6)
        .restore(new ByteArrayInputStream(snapshot.toByteArray()));

    for (SourceRecord record : records) {
      assertThat(rebuilt.resolve(record.key())).isEqualTo(incremental.resolve(record.key()));
    }
    assertThat(rebuilt.stats()).isEqualTo(incremental.stats());
    assertThat(rebuilt.pendingConflicts()).isEqualTo(incremental.pendingConflicts());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRestoreThePartitionWhenARemovedRecordIsIngestedAgain(long seed) {
    List<SourceRecord> records = RandomRecords.generate(seed, 60, 30, true);
    IdentityResolver resolver = IdentityResolver.builder().genericThreshold(6).build();
    resolver.ingestAll(records);
    Set<Set<RecordKey>> before = Partitions.of(resolver, records);
    SourceRecord removed = records.get(new Random(seed).nextInt(records.size()));

    resolver.removeRecord(removed.key());
    List<SourceRecord> remaining = new ArrayList<>(records);
    remaining.remove(removed);
    IdentityResolver without = IdentityResolver.builder().genericThreshold(6).build();
    without.ingestAll(remaining);
    assertThat(Partitions.of(resolver, remaining)).isEqualTo(Partitions.of(without, remaining));

    resolver.ingest(removed);
    assertThat(Partitions.of(resolver, records)).isEqualTo(before);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("concurrencySeeds")
  void shouldGiveTheSerialPartitionWhenEightThreadsIngestAtOnce(long seed) throws Exception {
    List<SourceRecord> records = RandomRecords.generate(seed, 2_000, 700, true);
    IdentityResolver serial = IdentityResolver.builder().build();
    records.forEach(serial::ingest);

    IdentityResolver concurrent = IdentityResolver.builder().build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        int offset = thread;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = offset; i < records.size(); i += 8) {
            concurrent.ingest(records.get(i));
            concurrent.resolve(records.get(i / 2).key());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(Partitions.of(concurrent, records)).isEqualTo(Partitions.of(serial, records));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldQueueConflictsOnlyBetweenTwoCurrentPeopleWhateverOperatorsDo(long seed) {
    // A stream of its own: the records are drawn from one seeded with the seed itself.
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<SourceRecord> records =
        RandomRecords.generate(seed, 150 + random.nextInt(250), 40 + random.nextInt(120), true);
    IdentityResolver resolver =
        IdentityResolver.builder().genericThreshold(3 + random.nextInt(8)).build();
    List<Conflict> reported = new ArrayList<>();
    resolver.addListener(event -> {
      if (event instanceof Conflict conflict) {
        reported.add(conflict);
      }
    });
    List<OneId[]> neverMerged = new ArrayList<>();

    for (int i = 0; i < records.size(); i++) {
      resolver.ingest(records.get(i));
      if (random.nextInt(12) != 0) {
        continue;
      }
      // The people of two records ingested so far, unless removed since.
      Optional<OneId> a = resolver.resolve(records.get(random.nextInt(i + 1)).key());
      Optional<OneId> b = resolver.resolve(records.get(random.nextInt(i + 1)).key());
      int action = random.nextInt(4);
      if (action == 0 || a.isEmpty() || b.isEmpty() || a.equals(b)) {
        resolver.removeRecord(records.get(i).key());
      } else if (action == 1) {
        resolver.neverMerge(a.get(), b.get());
        neverMerged.add(new OneId[] {a.get(), b.get()});
      } else if (action == 2 || neverMerged.isEmpty()) {
        mergeUnlessNeverToMerge(resolver, a.get(), b.get());
      } else {
        OneId[] pair = neverMerged.get(random.nextInt(neverMerged.size()));
        mergeUnlessNeverToMerge(resolver, pair[0], pair[1]);
      }
    }

    assertThat(reported).isNotEmpty().allSatisfy(
        conflict -> assertThat(conflict.left()).isNotEqualTo(conflict.right()));
    List<Conflict> pending = resolver.pendingConflicts();
    assertThat(pending).allSatisfy(conflict -> {
      assertThat(conflict.left()).isNotEqualTo(conflict.right());
      assertThat(resolver.current(conflict.left())).contains(conflict.left());
      assertThat(resolver.current(conflict.right())).contains(conflict.right());
    });
    // Dismissing finds exactly the pending ones by their numbers, in any order, each once.
    List<Conflict> everyReported = new ArrayList<>(reported);
    Collections.shuffle(everyReported, new Random(seed));
    for (Conflict conflict : everyReported) {
      assertThat(resolver.dismiss(conflict.sequence())).as("dismiss %s", conflict)
          .isEqualTo(pending.contains(conflict));
      assertThat(resolver.dismiss(conflict.sequence())).isFalse();
    }
    assertThat(resolver.pendingConflicts()).isEmpty();
    assertThat(resolver.stats().pendingConflicts()).isZero();
  }

  /** Merges two people, unless an operator declared them never to merge (or one is gone). */
  private static void mergeUnlessNeverToMerge(IdentityResolver resolver, OneId a, OneId b) {
    Optional<OneId> left = resolver.current(a);
    Optional<OneId> right = resolver.current(b);
    if (left.isEmpty() || right.isEmpty()) {
      return;
    }
    try {
      resolver.merge(left.get(), right.get());
    } catch (IllegalStateException refused) {
      assertThat(refused).hasMessageContaining("declared never to merge");
    }
  }

  static List<Long> concurrencySeeds() {
    return List.of(11L, 12L, 13L, 14L, 15L);
  }

  /** Connected components by a plain map-based union-find over normalised values. */
  private static Set<Set<RecordKey>> referenceComponents(List<SourceRecord> records) {
    Map<RecordKey, RecordKey> parent = new HashMap<>();
    Map<String, RecordKey> firstHolder = new HashMap<>();
    for (SourceRecord record : records) {
      parent.put(record.key(), record.key());
      for (Identifier identifier : record.identifiers()) {
        String value = identifier.type() + "=" + normalise(identifier);
        RecordKey first = firstHolder.putIfAbsent(value, record.key());
        if (first != null) {
          parent.put(root(parent, record.key()), root(parent, first));
        }
      }
    }
    Map<RecordKey, Set<RecordKey>> groups = new HashMap<>();
    for (SourceRecord record : records) {
      groups.computeIfAbsent(root(parent, record.key()), k -> new HashSet<>()).add(record.key());
    }
    return new HashSet<>(groups.values());
  }

  private static String normalise(Identifier identifier) {
    String value = identifier.value().trim();
    return switch (identifier.type()) {
      case "phone" -> "+86" + value;
      case "email" -> value.toLowerCase(java.util.Locale.ROOT);
      default -> value.toUpperCase(java.util.Locale.ROOT);
    };
  }

  private static RecordKey root(Map<RecordKey, RecordKey> parent, RecordKey key) {
    while (!parent.get(key).equals(key)) {
      key = parent.get(key);
    }
    return key;
  }
}
