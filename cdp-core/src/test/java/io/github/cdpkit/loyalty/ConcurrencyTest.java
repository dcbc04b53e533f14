package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import java.util.ArrayList;
import java.util.List;
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
}
