package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EraseRaceTest {

  @Test
  void shouldNeverAnswerForAPersonOnceItsErasureReturned() throws Exception {
    int people = 300;
    IdentityResolver resolver = IdentityResolver.builder().build();
    OneId[] ids = new OneId[people];
    for (int i = 0; i < people; i++) {
      ids[i] = resolver.ingest(record("A", i)).oneId();
      resolver.ingest(record("B", i));
    }
    AtomicInteger erasedUpTo = new AtomicInteger();
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> others = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        others.add(threads.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (erasedUpTo.get() < people) {
            int upTo = erasedUpTo.get();
            if (upTo == 0) {
              continue;
            }
            int j = random.nextInt(upTo);
            if (resolver.resolve(Identifier.of("phone", phone(j))).isPresent()
                || resolver.resolve(RecordKey.of("B", "b" + j)).isPresent()
                || resolver.current(ids[j]).isPresent()
                || resolver.person(ids[j]).isPresent()) {
              wrong.add("person " + j + " answered after its erasure returned");
            }
          }
          return null;
        }));
      }
      // A writer that replays erased people and adds unrelated ones, one by one and in bulk.
      others.add(threads.submit(() -> {
        int n = 0;
        while (erasedUpTo.get() < people) {
          int upTo = erasedUpTo.get();
          if (upTo > 0) {
            int j = ThreadLocalRandom.current().nextInt(upTo);
            IngestResult replay = resolver.ingest(record("B", j));
            if (replay.outcome() != IngestResult.Outcome.REFUSED_ERASED) {
              wrong.add("replay of " + j + " accepted: " + replay);
            }
          }
          List<SourceRecord> unrelated = new ArrayList<>();
          for (int k = 0; k < 300; k++, n++) {
            unrelated.add(SourceRecord.builder("U", "u" + n)
                .identifier("email", "u" + (n / 2) + "@example.com").build());
          }
          resolver.ingestAll(unrelated);
        }
        return null;
      }));
      for (int i = 0; i < people; i++) {
        resolver.erase(ids[i]);
        erasedUpTo.set(i + 1);
      }
      for (Future<?> other : others) {
        other.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(wrong).isEmpty();
  }

  private static SourceRecord record(String source, int i) {
    return SourceRecord.builder(source, source.toLowerCase(java.util.Locale.ROOT) + i)
        .identifier("phone", phone(i))
        .identifier("email", "p" + i + "@example.com").build();
  }

  private static String phone(int i) {
    return String.format("+86138%08d", i);
  }
}
