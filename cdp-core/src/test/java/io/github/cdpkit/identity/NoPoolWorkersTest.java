package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bulk ingest when the common pool has no workers, as a host may configure it
 * ({@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=0}; this class runs alone in a
 * JVM started so, by a Surefire execution of its own). The calling thread then does all the work:
 * the resolver gives the pool no task, which it would keep queued for good.
 */
@Tag("no-pool-workers")
class NoPoolWorkersTest {

  // Several of ingestStream's batches (16,384 records) and many of its sections (4,096).
  private static final int RECORDS = 40_000;

  @Test
  void shouldRunInAJvmWhoseCommonPoolHasNoWorkers() {
    assertThat(System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism"))
        .isEqualTo("0");
    // Still 1: which is why the resolver reads the property instead.
    assertThat(ForkJoinPool.getCommonPoolParallelism()).isEqualTo(1);
  }

  @Test
  void shouldIngestInBulkAsOneByOne() {
    IdentityResolver oneByOne = IdentityResolver.builder().build();
    List<OneId> expected = new ArrayList<>();
    records().forEach(record -> expected.add(oneByOne.ingest(record).oneId()));

    IdentityResolver streamed = IdentityResolver.builder().build();
    List<OneId> fromStream = new ArrayList<>();
    streamed.ingestStream(records().iterator(), result -> fromStream.add(result.oneId()));
    IdentityResolver batched = IdentityResolver.builder().build();
    List<OneId> fromBatch = new ArrayList<>();
    batched.ingestAll(records()).forEach(result -> fromBatch.add(result.oneId()));

    assertThat(fromStream).isEqualTo(expected);
    assertThat(fromBatch).isEqualTo(expected);
    assertThat(streamed.stats()).isEqualTo(oneByOne.stats());
  }

  @Test
  void shouldLeaveNoTaskInThePool() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    int queuedBefore = ForkJoinPool.commonPool().getQueuedSubmissionCount();

    resolver.ingestStream(records().iterator(), result -> { });
    resolver.ingestAll(records().subList(0, 5_000));

    assertThat(ForkJoinPool.commonPool().getQueuedSubmissionCount())
        .as("tasks left in a pool that never runs them")
        .isEqualTo(queuedBefore);
  }

  @Test
  void shouldLeaveNoTaskInThePoolWhenAStreamFails() throws InterruptedException {
    int queuedBefore = ForkJoinPool.commonPool().getQueuedSubmissionCount();

    WeakReference<IdentityResolver> failed = failedAndDropped();

    assertThat(ForkJoinPool.commonPool().getQueuedSubmissionCount())
        .as("tasks left in a pool that never runs them")
        .isEqualTo(queuedBefore);
    assertCollected(failed);
  }

  @Test
  void shouldLetADroppedResolverGoAlthoughThePoolKeepsItsTasks() throws InterruptedException {
    assertCollected(ingestedAndDropped());
  }

  private static void assertCollected(WeakReference<IdentityResolver> dropped)
      throws InterruptedException {
    for (int attempt = 0; attempt < 20 && dropped.get() != null; attempt++) {
      System.gc();
      Thread.sleep(50);
    }
    assertThat(dropped.get()).as("the resolver, reachable from tasks the pool never runs").isNull();
  }

  private static WeakReference<IdentityResolver> ingestedAndDropped() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    resolver.ingestStream(records().iterator(), result -> { });
    resolver.ingestAll(records().subList(0, 5_000));
    return new WeakReference<>(resolver);
  }

  /** A stream whose consumer fails on the first result, while the next batch is being prepared. */
  private static WeakReference<IdentityResolver> failedAndDropped() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    RuntimeException refused = new IllegalStateException("consumer refused");
    assertThatThrownBy(() -> resolver.ingestStream(records().iterator(), result -> {
      throw refused;
    })).isSameAs(refused);
    return new WeakReference<>(resolver);
  }

  /** People of three records each, linked by a shared phone and e-mail in turn. */
  private static List<SourceRecord> records() {
    List<SourceRecord> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      int person = i / 3;
      SourceRecord.Builder record = SourceRecord.builder("shop", "r" + i);
      if (i % 3 != 2) {
        record.identifier("phone", "+86138" + String.format("%08d", person));
      }
      if (i % 3 != 0) {
        record.identifier("email", "p" + person + "@example.com");
      }
      records.add(record.build());
    }
    return records;
  }
}
