package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.event.Merged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class CachedLookupRaceTest {

  private static final Instant AT = Instant.parse("2026-11-22T00:00:00Z");

  @Test
  void shouldDropEveryAnswerOfAnAbsorbedIdAlthoughLookupsRacedWithEvictions() throws Exception {
    int values = 8;
    List<Identifier> emails = new ArrayList<>();
    for (int i = 0; i < values; i++) {
      emails.add(Identifier.of("email", "p" + i + "@example.com"));
    }
    long deadline = System.nanoTime() + 2_000_000_000L;
    int rounds = 0;
    int staleRounds = 0;
    while (System.nanoTime() < deadline) {
      rounds++;
      Map<Identifier, OneId> assignments = new ConcurrentHashMap<>();
      emails.forEach(email -> assignments.put(email, OneId.of(2)));
      CachedIdentityLookup lookup = CachedIdentityLookup.builder(
          identifier -> Optional.ofNullable(assignments.get(identifier))).maximumSize(4).build();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread thread = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int n = 0; n < 2_000; n++) {
            lookup.resolve(emails.get(random.nextInt(values)));
          }
        });
        thread.start();
        threads.add(thread);
      }
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      // Person 2 is merged into person 1: the source says so, then the event comes.
      emails.forEach(email -> assignments.put(email, OneId.of(1)));
      lookup.onEvent(new Merged(1, AT, OneId.of(1), List.of(OneId.of(2)), false));

      for (Identifier email : emails) {
        if (!lookup.resolve(email).equals(Optional.of(OneId.of(1)))) {
          staleRounds++;
          break;
        }
      }
    }
    assertThat(staleRounds).as("rounds with an answer of the absorbed id kept, of " + rounds)
        .isZero();
  }
}
