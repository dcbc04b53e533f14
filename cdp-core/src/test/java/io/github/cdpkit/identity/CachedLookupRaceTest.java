package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.ConflictRule;
import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.GenericValueDetected;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Split;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CachedLookupRaceTest {

  private static final Instant AT = Instant.parse("2026-11-22T00:00:00Z");
  private static final Identifier EMAIL = Identifier.of("email", "li@example.com");
  private static final RecordKey RECORD = RecordKey.of("A", "1");

  /** Each event that makes person 2's answer for {@link #EMAIL} stale, and the source's after it. */
  static Stream<Arguments> invalidatingEvents() {
    OneId first = OneId.of(1);
    OneId second = OneId.of(2);
    OneId third = OneId.of(3);
    return Stream.of(
        arguments(new Merged(1, AT, first, List.of(second), false), Optional.of(first)),
        arguments(new Split(1, AT, second, List.of(second, third), "test"), Optional.of(third)),
        arguments(new RecordRemoved(1, AT, RECORD, second), Optional.empty()),
        arguments(new Erased(1, AT, second, List.of(), 1, 1), Optional.empty()),
        arguments(new LinkRemoved(1, AT, RECORD, EMAIL, second), Optional.empty()),
        arguments(new GenericValueDetected(1, AT, EMAIL, 101, 100), Optional.empty()),
        // A record with a smaller key, of person 3, holds the e-mail too.
        arguments(new Conflict(1, AT, second, third, EMAIL, ConflictRule.PROFILE_LIMIT, "test"),
            Optional.of(third)));
  }

  /**
   * A loader reads person 2 from the source, the event comes and its callback returns, and only
   * then does the loader store what it read: a lookup that starts now, while the loader is paused
   * right after its store, must get the source's new answer. It got the stale one when the loader
   * stored first and checked for events after.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidatingEvents")
  void shouldNotHandALookupThatStartedAfterAnEventAnAnswerLoadedBeforeIt(IdentityEvent event,
      Optional<OneId> after) throws Exception {
    Map<Identifier, OneId> assignments = new ConcurrentHashMap<>(Map.of(EMAIL, OneId.of(2)));
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch handled = new CountDownLatch(1);
    CountDownLatch stored = new CountDownLatch(1);
    CountDownLatch read = new CountDownLatch(1);
    AtomicBoolean loaderLoaded = new AtomicBoolean();
    AtomicBoolean loaderStored = new AtomicBoolean();
    CachedIdentityLookup lookup = CachedIdentityLookup.builder(identifier -> {
      Optional<OneId> answer = Optional.ofNullable(assignments.get(identifier));
      if (loaderLoaded.compareAndSet(false, true)) { // the loader's call; later ones run through
        loading.countDown();
        await(handled);
      }
      return answer;
    }).afterStore(identifier -> {
      if (loaderStored.compareAndSet(false, true)) {
        stored.countDown();
        await(read);
      }
    }).build();
    FutureTask<Optional<OneId>> loader = new FutureTask<>(() -> {
      try {
        return lookup.resolve(EMAIL);
      } finally {
        stored.countDown(); // done with the cache, if it kept nothing and so never paused
      }
    });
    new Thread(loader, "loader").start();

    await(loading);
    after.ifPresentOrElse(person -> assignments.put(EMAIL, person),
        () -> assignments.remove(EMAIL));
    lookup.onEvent(event);
    handled.countDown();
    await(stored);
    Optional<OneId> startedAfter = lookup.resolve(EMAIL);
    read.countDown();

    assertThat(loader.get(10, TimeUnit.SECONDS)).as("the loader, which started before the event")
        .contains(OneId.of(2));
    assertThat(startedAfter).as("a lookup that started after the event's callback returned")
        .isEqualTo(after);
    assertThat(lookup.resolve(EMAIL)).isEqualTo(after);
  }

  /** Waits for a latch; a bound only against a hang, since every count down is certain to come. */
  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("a thread got to its latch").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

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
