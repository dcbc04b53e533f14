package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProfileConcurrencyTest {

  private static final int THREADS = 4;
  private static final int RECORDS_PER_THREAD = 300;

  private final IdentityResolver resolver = IdentityResolver.builder().build();
  private final ProfileService profiles = ProfileService.builder(resolver)
      .grant(ChannelGrant.builder("crm").editsAllAttributes().build())
      .build();

  /**
   * Threads ingest records that link across threads (shared phones), while another
   * thread merges people by hand in the resolver itself, whose events reach the pool on that
   * thread: no call waits forever, and every profile ends up holding exactly its person's records.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldEndWithEveryProfileHoldingItsPersonsRecordsWhenIngestAndMergesRace()
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      threads.add(new Thread(() -> {
        await(start);
        for (int i = 0; i < RECORDS_PER_THREAD; i++) {
          int n = thread * RECORDS_PER_THREAD + i;
          profiles.ingest("crm", SourceRecord.builder("crm", "r-" + n)
              // record n of one thread shares its phone with record n of every other thread
              .identifier("phone", Long.toString(13800000001L + i))
              .attribute("n", Integer.toString(n)).build());
        }
      }));
    }
    threads.add(new Thread(() -> {
      await(start);
      for (int i = 0; i < 50; i++) {
        var a = resolver.resolve(RecordKey.of("crm", "r-" + i));
        int last = THREADS * RECORDS_PER_THREAD - 1;
        var b = resolver.resolve(RecordKey.of("crm", "r-" + (last - i)));
        if (a.isPresent() && b.isPresent() && !a.get().equals(b.get())) {
          resolver.merge(a.get(), b.get());
        }
      }
    }));
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    List<RecordKey> seen = new ArrayList<>();
    for (PageRequest request = PageRequest.first(50); request != null; ) {
      Page<Profile> page = profiles.query("crm", List.of(), request);
      for (Profile profile : page.items()) {
        assertThat(profile.records())
            .isEqualTo(resolver.person(profile.oneId()).orElseThrow().records());
        seen.addAll(profile.records());
      }
      request = page.next();
    }
    assertThat(seen).hasSize(THREADS * RECORDS_PER_THREAD).doesNotHaveDuplicates();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
