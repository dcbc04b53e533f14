package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MergeOrderConcurrencyTest {

  @Test
  @Timeout(60)
  void shouldConservePointsWhenThreadsEarnBurnAndMergeInOppositeOrders() throws Exception {
    for (int round = 0; round < 30; round++) {
      LoyaltyService service = LoyaltyService.builder()
          .program(LoyaltyProgram.builder("p").build()).build();
      List<AccountKey> keys = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        keys.add(AccountKey.of("p", OneId.of(i)));
        service.enroll(keys.get(i - 1));
        service.adjust("seed", keys.get(i - 1), 1_000, "seed");
      }
      AtomicLong net = new AtomicLong(4_000);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            AccountKey a = keys.get((thread + i) % 4);
            AccountKey b = keys.get((thread + i + 1) % 4);
            String k = "t" + thread + "-" + i;
            try {
              switch (i % 4) {
                case 0 -> net.addAndGet(service.earn(k, a,
                    Purchase.of(k, Line.of("x", 1_000))).points());
                case 1 -> net.addAndGet(service.burn(k, a, 3, "x").points());
                case 2 -> service.merge(k, thread % 2 == 0 ? a : b,
                    List.of(thread % 2 == 0 ? b : a));
                default -> {
                  AccountsUnmergedProbe.unmergeAny(service, a);
                }
              }
            } catch (LoyaltyException | IllegalArgumentException e) {
              // refused
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      long total = keys.stream().mapToLong(k -> service.balance(k).total()).sum();
      assertThat(total).as("round " + round).isEqualTo(net.get());
    }
  }

  /** Unmerges nothing in particular: the service offers no listing, so this is a no-op hook. */
  static final class AccountsUnmergedProbe {
    static void unmergeAny(LoyaltyService service, AccountKey a) {
      service.balance(a);
    }
  }
}
