package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProfileConcurrencyTest {

  private static final int THREADS = 4;
  private static final int RECORDS_PER_THREAD = 300;

  private final IdentityResolver resolver = IdentityResolver.builder().build();
  private static final ChannelGrant CRM = ChannelGrant.builder("crm").editsAllAttributes().build();

  private final InMemoryProfileStore store = new InMemoryProfileStore();
  private final ProfileService profiles =
      ProfileService.builder(resolver).store(store).grant(CRM).build();

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

    List<RecordKey> seen = pagedRecords();
    assertThat(seen).hasSize(THREADS * RECORDS_PER_THREAD).doesNotHaveDuplicates();
  }

  /**
   * Threads edit, tag, record events and read through the pool while another merges, removes and
   * erases in the resolver: no call fails but as its javadoc says (a person erased or merged away
   * meanwhile is not in the pool), and at the end the store holds exactly the records the resolver
   * still knows, each profile exactly its person's records.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldEndConsistentWhenPoolCallsRaceMergesRemovalsAndErasures()
      throws InterruptedException {
    int people = 60;
    for (int i = 0; i < people; i++) {
      ingest(profiles, "c-" + i, Long.toString(13800000000L + i));
    }
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Random random = new Random(t);
      threads.add(new Thread(() -> {
        await(start);
        for (int i = 0; i < 400; i++) {
          OneId someone = OneId.of(1 + random.nextInt(people));
          try {
            switch (random.nextInt(4)) {
              case 0 -> profiles.edit("crm", someone, Map.of("city", "v" + i));
              case 1 -> profiles.get("crm", someone, Detail.WITH_SOURCES);
              case 2 -> profiles.query("crm", List.of(), new PageRequest(someone, 5));
              default -> ingest(profiles, "d-" + random.nextInt(people),
                  Long.toString(13800000000L + random.nextInt(people)));
            }
          } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageStartingWith("profile is not in the pool: ");
          } catch (RuntimeException | AssertionError e) {
            failures.add(e);
          }
        }
      }));
    }
    threads.add(new Thread(() -> {
      await(start);
      Random random = new Random(99);
      for (int i = 0; i < 150; i++) {
        OneId a = OneId.of(1 + random.nextInt(people));
        OneId b = OneId.of(1 + random.nextInt(people));
        try {
          switch (random.nextInt(3)) {
            case 0 -> resolver.merge(a, b);
            case 1 -> resolver.removeRecord(RecordKey.of("crm", "c-" + random.nextInt(people)));
            default -> resolver.erase(a);
          }
        } catch (IllegalArgumentException refused) {
          // unknown, erased or the same person: the resolver changes nothing
        }
      }
    }));
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(failures).isEmpty();
    List<RecordKey> stored = new ArrayList<>();
    store.forEach(held -> stored.add(held.key()));
    assertThat(stored).allSatisfy(key -> assertThat(resolver.resolve(key)).isPresent());
    for (int i = 0; i < people; i++) {
      for (RecordKey key : List.of(RecordKey.of("crm", "c-" + i), RecordKey.of("crm", "d-" + i))) {
        assertThat(store.get(key).isPresent()).as(key.toString())
            .isEqualTo(resolver.resolve(key).isPresent());
      }
    }
    List<RecordKey> seen = pagedRecords();
    assertThat(seen).containsExactlyInAnyOrderElementsOf(stored);
  }

  /**
   * Another thread merged two people in the resolver and its event has not reached the pool yet (a
   * listener ahead of the pool's still holds it): the merged person's profile holds both records,
   * as the resolver's answer has it, not the survivor's alone.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void shouldComposeTheMergedPersonWhoseEventHasNotReachedThePoolYet()
      throws InterruptedException {
    CountDownLatch merged = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IdentityResolver held = IdentityResolver.builder().listener(event -> {
      if (event instanceof Merged) {
        merged.countDown();
        await(release);
      }
    }).build();
    ProfileService pool = ProfileService.builder(held).grant(CRM).build();
    OneId li = ingest(pool, "c-1", "13800138000");
    OneId lei = ingest(pool, "c-2", "13900139000");
    Thread merger = new Thread(() -> held.merge(li, lei));
    merger.start();
    await(merged);

    try {
      Profile seen = pool.get("crm", lei, Detail.CHOSEN).orElseThrow();

      assertThat(seen.oneId()).isEqualTo(li);
      assertThat(seen.records()).containsExactly(RecordKey.of("crm", "c-1"), RecordKey.of("crm", "c-2"));
      assertThat(seen.attribute("n")).contains("c-2");
    } finally {
      release.countDown();
      merger.join();
    }
  }

  /**
   * Another thread merges the person into another while an edit is under way: the edit is kept
   * and returns the merged person's profile (it threw a NoSuchElementException, the edit made).
   */
  @Test
  void shouldReturnTheMergedProfileWhenAnotherThreadMergesThePersonDuringAnEdit() {
    MeddlingStore store = new MeddlingStore();
    ProfileService pool = ProfileService.builder(resolver).store(store).grant(CRM).build();
    OneId li = ingest(pool, "c-1", "13800138000");
    OneId lei = ingest(pool, "c-2", "13900139000");
    store.beforeNextPut(() -> resolver.merge(li, lei));

    Profile edited = pool.edit("crm", lei, Map.of("city", "Ningbo"));

    assertThat(edited.oneId()).isEqualTo(li);
    assertThat(edited.records()).hasSize(2);
    assertThat(edited.attribute("city")).contains("Ningbo");
  }

  /**
   * Another thread erases the person while an edit is under way: the edit answers as after the
   * erasure, that the person is not in the pool, and nothing of the person is left in the store.
   */
  @Test
  void shouldRefuseAndKeepNothingWhenAnotherThreadErasesThePersonDuringAnEdit() {
    MeddlingStore store = new MeddlingStore();
    ProfileService pool = ProfileService.builder(resolver).store(store).grant(CRM).build();
    OneId li = ingest(pool, "c-1", "13800138000");
    store.beforeNextPut(() -> resolver.erase(li));

    assertThatThrownBy(() -> pool.edit("crm", li, Map.of("city", "Ningbo")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("profile is not in the pool: " + li);

    assertThat(pool.get("crm", li, Detail.CHOSEN)).isEmpty();
    assertThat(store.size()).isZero();
  }

  /**
   * Pages through the whole pool as the CRM sees it, checking that each profile holds the records
   * the resolver gives its person, and returns every record seen, in page order.
   */
  private List<RecordKey> pagedRecords() {
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
    return seen;
  }

  private static OneId ingest(ProfileService pool, String id, String phone) {
    return pool.ingest("crm", SourceRecord.builder("crm", id).identifier("phone", phone)
        .attribute("n", id).build()).oneId();
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
