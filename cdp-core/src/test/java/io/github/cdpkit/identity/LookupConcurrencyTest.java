package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LookupConcurrencyTest {

  // Threads of its own: the common pool may have a single worker, which the stuck ingest would hold.
  private final ExecutorService threads = Executors.newFixedThreadPool(3);

  @Test
  void shouldAnswerALookupWhileAnotherThreadIsStuckInItsIngestion() throws Exception {
    CountDownLatch listenerEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IdentityResolver resolver = IdentityResolver.builder().build();
    OneId known = resolver.ingest(SourceRecord.builder("A", "1")
        .identifier("phone", "13800138000").build()).oneId();
    resolver.addListener(event -> {
      listenerEntered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    resolver.ingest(SourceRecord.builder("B", "1").identifier("email", "b@example.com").build());
    // This ingest merges A and B; its thread then sits in the listener until released.
    CompletableFuture<IngestResult> stuck = CompletableFuture.supplyAsync(() ->
        resolver.ingest(SourceRecord.builder("C", "1").identifier("phone", "13800138000")
            .identifier("email", "b@example.com").build()), threads);
    assertThat(listenerEntered.await(10, TimeUnit.SECONDS)).isTrue();

    Optional<OneId> answer = CompletableFuture.supplyAsync(() ->
        resolver.resolve(Identifier.of("phone", "13800138000")), threads).get(5, TimeUnit.SECONDS);

    assertThat(answer).contains(known);
    release.countDown();
    assertThat(stuck.get(10, TimeUnit.SECONDS).oneId()).isEqualTo(known);
  }

  @Test
  void shouldAnswerALookupWhileAnUnrelatedIngestWaitsOnItsStore() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // A durable store whose write of one record is slow (found by a helper's hunt: the lookup
    // waited for the whole ingest, store write included).
    IdentityResolver resolver = IdentityResolver.builder()
        .store(storeStuckOn("SLOW", writing, release)).build();
    OneId known = resolver.ingest(SourceRecord.builder("A", "1")
        .identifier("phone", "13800138000").build()).oneId();
    CompletableFuture<IngestResult> unrelated = CompletableFuture.supplyAsync(() ->
        resolver.ingest(SourceRecord.builder("SLOW", "1")
            .identifier("email", "other@example.com").build()), threads);
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

    try {
      Optional<OneId> answer = CompletableFuture.supplyAsync(() ->
          resolver.resolve(Identifier.of("phone", "13800138000")), threads)
          .get(5, TimeUnit.SECONDS);
      assertThat(answer).contains(known);
    } finally {
      release.countDown();
    }
    assertThat(unrelated.get(10, TimeUnit.SECONDS).outcome())
        .isEqualTo(IngestResult.Outcome.NEW_PERSON);
  }

  @Test
  void shouldAnswerMidwayThroughABulkSectionFromWhatTheStoreCommitted() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IdentityResolver resolver = IdentityResolver.builder()
        .store(storeStuckOn("STUCK", writing, release)).build();
    OneId known = resolver.ingest(SourceRecord.builder("A", "1")
        .identifier("phone", "13800138000").build()).oneId();
    // One section of 1,000 records, linked while a helper interns their keys ahead; the store
    // holds up the 500th.
    List<SourceRecord> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      batch.add(SourceRecord.builder(i == 499 ? "STUCK" : "B", Integer.toString(i))
          .identifier("email", "b" + i + "@example.com").build());
    }
    CompletableFuture<List<IngestResult>> bulk =
        CompletableFuture.supplyAsync(() -> resolver.ingestAll(batch), threads);
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Optional<OneId>> linkedNotCommitted = CompletableFuture.supplyAsync(() ->
        resolver.resolve(Identifier.of("email", "b0@example.com")), threads);

    try {
      List<Optional<OneId>> answers = CompletableFuture.supplyAsync(() -> {
        List<Optional<OneId>> seen = new ArrayList<>();
        seen.add(resolver.resolve(Identifier.of("phone", "13800138000")));
        for (int i = 500; i < 1_000; i++) {
          seen.add(resolver.resolve(Identifier.of("email", "b" + i + "@example.com")));
        }
        return seen;
      }, threads).get(5, TimeUnit.SECONDS);
      // What the store holds answers at once; records after the one held up, whose keys the
      // helper may have interned already, resolve to no one (not to whoever a key interned ahead
      // would point at).
      assertThat(answers.get(0)).contains(known);
      assertThat(answers.subList(1, answers.size())).allMatch(Optional::isEmpty);
      // A record linked but not committed: the store may yet roll it back, so its lookup waits.
      Thread.sleep(200);
      assertThat(linkedNotCommitted).isNotDone();
    } finally {
      release.countDown();
    }
    List<IngestResult> results = bulk.get(10, TimeUnit.SECONDS);
    assertThat(linkedNotCommitted.get(10, TimeUnit.SECONDS)).contains(results.get(0).oneId());
    for (int i = 0; i < 1_000; i++) {
      assertThat(resolver.resolve(Identifier.of("email", "b" + i + "@example.com")))
          .contains(results.get(i).oneId());
    }
  }

  @Test
  void shouldWaitForTheCommitOfAnIngestThatFoundAValueGenericAndSplitItsHolders()
      throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IdentityResolver resolver = IdentityResolver.builder().genericThreshold(2)
        .store(storeStuckOn("STUCK", writing, release)).build();
    resolver.ingest(SourceRecord.builder("A", "1").identifier("phone", "13800138000")
        .identifier("email", "a@example.com").build());
    resolver.ingest(SourceRecord.builder("B", "1").identifier("phone", "13800138000")
        .identifier("email", "b@example.com").build());
    // The third holder makes the phone generic: A/1 and B/1 fall apart, in an ingest whose store
    // write is held up.
    CompletableFuture<IngestResult> third = CompletableFuture.supplyAsync(() ->
        resolver.ingest(SourceRecord.builder("STUCK", "1").identifier("phone", "13800138000")
            .build()), threads);
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Optional<OneId>> phone = CompletableFuture.supplyAsync(() ->
        resolver.resolve(Identifier.of("phone", "13800138000")), threads);
    CompletableFuture<Optional<OneId>> splitOff = CompletableFuture.supplyAsync(() ->
        resolver.resolve(Identifier.of("email", "b@example.com")), threads);

    try {
      Thread.sleep(200);
      // Neither the generic value nor a part of the split has been committed.
      assertThat(phone).isNotDone();
      assertThat(splitOff).isNotDone();
    } finally {
      release.countDown();
    }
    third.get(10, TimeUnit.SECONDS);
    assertThat(phone.get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(splitOff.get(10, TimeUnit.SECONDS))
        .isNotEqualTo(resolver.resolve(Identifier.of("email", "a@example.com")));
  }

  @Test
  void shouldKeepTheInterruptOfALookupThatWaitedForAManualChange() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InMemoryIdentityStore memory = new InMemoryIdentityStore();
    // A merge is one change of the graph, its store writes included: lookups wait for it.
    IdentityResolver resolver = IdentityResolver.builder()
        .store(new ForwardingIdentityStore(() -> memory) {
          @Override
          public void putDecision(ManualDecision decision) {
            writing.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.putDecision(decision);
          }
        }).build();
    OneId a = resolver.ingest(SourceRecord.builder("A", "1")
        .identifier("phone", "13800138000").build()).oneId();
    OneId b = resolver.ingest(SourceRecord.builder("B", "1")
        .identifier("email", "b@example.com").build()).oneId();
    CompletableFuture<OneId> merge = CompletableFuture.supplyAsync(() -> resolver.merge(a, b),
        threads);
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> interruptKept = CompletableFuture.supplyAsync(() -> {
      Thread.currentThread().interrupt(); // a cancelled request, say
      Optional<OneId> answer = resolver.resolve(Identifier.of("email", "b@example.com"));
      return answer.equals(Optional.of(a)) && Thread.interrupted();
    }, threads);

    Thread.sleep(200);
    assertThat(interruptKept).isNotDone();
    release.countDown();

    assertThat(merge.get(10, TimeUnit.SECONDS)).isEqualTo(a);
    assertThat(interruptKept.get(10, TimeUnit.SECONDS)).isTrue();
  }

  /** A store that holds up the write of any record of {@code source} until released. */
  private static ForwardingIdentityStore storeStuckOn(String source, CountDownLatch writing,
      CountDownLatch release) {
    InMemoryIdentityStore memory = new InMemoryIdentityStore();
    return new ForwardingIdentityStore(() -> memory) {
      @Override
      public void putRecord(StoredRecord record) {
        if (record.key().source().equals(source)) {
          writing.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        super.putRecord(record);
      }
    };
  }

  @Test
  void shouldKeepAnsweringForPeopleNoWriteTouchesWhileWritesGrowAndSplitTheGraph()
      throws Exception {
    IdentityResolver resolver = IdentityResolver.builder().build();
    int stable = 300;
    OneId[] expected = new OneId[stable];
    for (int i = 0; i < stable; i++) {
      expected[i] = resolver.ingest(SourceRecord.builder("S", "s" + i)
          .identifier("phone", stablePhone(i))
          .identifier("email", "stable" + i + "@example.com").build()).oneId();
      resolver.ingest(SourceRecord.builder("T", "t" + i)
          .identifier("email", "stable" + i + "@example.com").build());
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Integer>> readers = new ArrayList<>();
    for (int reader = 0; reader < 2; reader++) {
      int offset = reader * 151;
      readers.add(CompletableFuture.supplyAsync(() -> {
        int lookups = 0;
        // Every lookup of the optimistic read path: by identifier as stored, and by record.
        for (int i = offset; writing.get(); i++, lookups++) {
          int k = i % stable;
          Optional<OneId> want = Optional.of(expected[k]);
          Optional<OneId> byPhone = resolver.resolve(Identifier.of("phone", stablePhone(k)));
          Optional<OneId> byEmail =
              resolver.resolve(Identifier.of("email", "stable" + k + "@example.com"));
          Optional<OneId> byRecord = resolver.resolve(RecordKey.of("T", "t" + k));
          if (!byPhone.equals(want) || !byEmail.equals(want) || !byRecord.equals(want)) {
            wrong.add(k + ": " + byPhone + " " + byEmail + " " + byRecord);
          }
        }
        return lookups;
      }, threads));
    }

    // Meanwhile the tables and arrays grow, guarded components form and records leave.
    for (int batch = 0; batch < 40; batch++) {
      List<SourceRecord> records = new ArrayList<>();
      for (int j = 0; j < 2_000; j++) {
        int n = batch * 2_000 + j;
        records.add(SourceRecord.builder("W", "w" + n)
            .identifier("email", "w" + (n / 3) + "@example.com")
            .identifier("member_no", "M" + (n / 7)).build());
      }
      resolver.ingestAll(records);
      for (int j = 0; j < 50; j++) {
        resolver.removeRecord(RecordKey.of("W", "w" + (batch * 2_000 + j * 13)));
      }
    }
    writing.set(false);

    for (CompletableFuture<Integer> reader : readers) {
      assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
    }
    assertThat(wrong).isEmpty();
  }

  private static String stablePhone(int i) {
    return String.format(Locale.ROOT, "+86139%08d", i);
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }
}
