package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.event.AccountsMerged;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Threads of their own: the common pool of a 2-core machine has a single worker. */
class ConcurrencyTest {

  private static final int THREADS = 4;

  private final TestClock clock = new TestClock("2025-01-01T00:00:00Z");
  private final LoyaltyService service = LoyaltyService.builder()
      .program(LoyaltyProgram.builder("p").build()).clock(clock).build();

  private static void runTogether(int threads, IntConsumer work) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        work.accept(thread);
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
  }

  /** The body of one thread. */
  @FunctionalInterface
  private interface IntConsumer {
    void accept(int thread);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldNeverOverspendWhenThreadsBurnFromOneAccountAtOnce() throws InterruptedException {
    AccountKey account = AccountKey.of("p", OneId.of(1));
    service.enroll(account);
    for (int i = 0; i < 100; i++) {
      service.earn("e" + i, account, Purchase.of("o" + i, Line.of("any", 1_000)));
    }
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();

    runTogether(THREADS, thread -> {
      for (int i = 0; i < 100; i++) {
        try {
          service.burn("b" + thread + "-" + i, account, 5, "race");
          succeeded.incrementAndGet();
        } catch (LoyaltyException e) {
          refused.incrementAndGet();
        }
      }
    });

    assertThat(succeeded.get()).isEqualTo(200);
    assertThat(refused.get()).isEqualTo(200);
    assertThat(service.balance(account)).isEqualTo(new Balance(0, 0, 0, 0));
    assertThat(service.statement(account).stream().mapToLong(LedgerEntry::points).sum()).isZero();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldNeitherDeadlockNorLosePointsWhenMergesCrossEarnsAndBurns()
      throws InterruptedException {
    List<AccountKey> accounts = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      accounts.add(AccountKey.of("p", OneId.of(i)));
      service.enroll(accounts.get(i - 1));
    }
    AtomicLong earned = new AtomicLong();
    AtomicLong burned = new AtomicLong();
    AtomicInteger merges = new AtomicInteger();

    runTogether(THREADS, thread -> {
      for (int i = 0; i < 200; i++) {
        AccountKey account = accounts.get((thread + i) % accounts.size());
        AccountKey other = accounts.get((thread + i + 1) % accounts.size());
        String key = thread + "-" + i;
        try {
          switch (i % 4) {
            case 0, 1 -> earned.addAndGet(service.earn(key, account,
                Purchase.of(key, Line.of("any", 10_000))).points());
            case 2 -> burned.addAndGet(-service.burn(key, account, 30, "race").points());
            default -> {
              service.merge(key, other, List.of(account));
              service.unmerge("undo-" + key, other, key);
              merges.incrementAndGet();
            }
          }
        } catch (LoyaltyException e) {
          // too few points, or an account merged away by another thread just now: nothing changed
        }
      }
    });

    assertThat(merges.get()).isPositive();
    assertThat(earned.get()).isPositive();
    long total = accounts.stream().mapToLong(account -> service.balance(account).total()).sum();
    assertThat(total).isEqualTo(earned.get() - burned.get());
    for (AccountKey account : accounts) {
      assertThat(service.balance(account).total()).isEqualTo(
          service.statement(account).stream().mapToLong(LedgerEntry::points).sum());
    }
  }

  /**
   * Merges that race on overlapping accounts (A into B against B into A, or A into B against B
   * into C): each either applies whole or is refused, so no points are lost or counted twice, no
   * account is merged away twice, and every point ends in an account that is still active (a
   * merge into an account merged away meanwhile is refused, so it holds nothing).
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldConservePointsWhenMergesOfOverlappingAccountsRace() throws InterruptedException {
    for (int seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      LoyaltyService racing = LoyaltyService.builder()
          .program(LoyaltyProgram.builder("p").build()).clock(clock).build();
      List<AccountKey> accounts = new ArrayList<>();
      long before = 0;
      for (int i = 1; i <= 4; i++) {
        AccountKey account = AccountKey.of("p", OneId.of(i));
        accounts.add(account);
        racing.enroll(account);
        racing.adjust("welcome", account, 100L * i, "welcome");
        before += 100L * i;
      }
      // a fifth account, not enrolled: only a merge that goes through may create it
      AccountKey fresh = AccountKey.of("p", OneId.of(5));
      int threads = 2 + random.nextInt(3);
      List<List<AccountKey>> plans = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<AccountKey> shuffled = new ArrayList<>(accounts);
        Collections.shuffle(shuffled, random);
        List<AccountKey> plan = new ArrayList<>(shuffled.subList(0, 2 + random.nextInt(2)));
        if (random.nextInt(3) == 0) {
          plan.add(0, fresh);
        }
        plans.add(plan);
      }
      ConcurrentLinkedQueue<AccountsMerged> merged = new ConcurrentLinkedQueue<>();

      runTogether(threads, thread -> {
        List<AccountKey> plan = plans.get(thread);
        try {
          merged.add(racing.merge("m" + thread, plan.get(0), plan.subList(1, plan.size())));
        } catch (LoyaltyException e) {
          // a source or the target was merged away by another thread: nothing changed
        }
      });

      long after = 0;
      Set<AccountKey> mergedAway = new HashSet<>();
      List<AccountKey> members = new ArrayList<>(accounts);
      if (racing.isMember(fresh)) {
        members.add(fresh);
      }
      for (AccountKey account : members) {
        Balance balance = racing.balance(account);
        after += balance.total();
        assertThat(balance.total()).as("seed %d %s", seed, account).isEqualTo(
            racing.statement(account).stream().mapToLong(LedgerEntry::points).sum());
        try {
          racing.burn("probe", account, Long.MAX_VALUE, "probe");
        } catch (LoyaltyException e) {
          if (e.reason() == LoyaltyException.Reason.ACCOUNT_MERGED) {
            mergedAway.add(account);
            assertThat(balance.total()).as("seed %d %s merged away", seed, account).isZero();
          }
        }
      }
      assertThat(after).as("seed %d", seed).isEqualTo(before);
      assertThat(merged).as("seed %d", seed).isNotEmpty();
      List<AccountKey> sources = new ArrayList<>();
      for (AccountsMerged merge : merged) {
        sources.addAll(merge.sources());
        assertThat(merge.pointsIn()).as("seed %d %s", seed, merge.key())
            .isEqualTo(merge.pointsOut().values().stream().mapToLong(Long::longValue).sum());
      }
      assertThat(new HashSet<>(sources)).as("seed %d: merged away once each", seed)
          .hasSize(sources.size()).isEqualTo(mergedAway);
      assertThat(racing.isMember(fresh)).as("seed %d: no empty target left by a refusal", seed)
          .isEqualTo(merged.stream().anyMatch(merge -> merge.target().equals(fresh)));
    }
  }
}
