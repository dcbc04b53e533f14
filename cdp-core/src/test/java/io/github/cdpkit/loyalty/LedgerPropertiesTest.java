package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.spi.InMemoryLedgerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Long random sequences of operations, seeded, checked against invariants and a simple model. */
class LedgerPropertiesTest {

  private static final int SEQUENCES = 60;
  private static final int OPERATIONS = 80;
  private static final List<RefundPolicy> POLICIES = List.of(
      RefundPolicy.PENDING_ONLY, RefundPolicy.UP_TO_BALANCE, RefundPolicy.ALLOW_DEBT);

  /** The obviously correct model of one account's lots: a list, sorted on every burn. */
  private static final class ModelLot {
    final long order;
    final Instant expiresAt;
    final Instant activatesAt;
    long remaining;

    ModelLot(long order, long remaining, Instant expiresAt, Instant activatesAt) {
      this.order = order;
      this.remaining = remaining;
      this.expiresAt = expiresAt;
      this.activatesAt = activatesAt;
    }

    boolean isSpendableAt(Instant now) {
      return remaining > 0 && !activatesAt.isAfter(now) && expiresAt.isAfter(now);
    }
  }

  @Test
  void shouldMatchASimpleModelOfLotsWhenEarningBurningAndExpiringAtRandom() {
    for (int seed = 0; seed < SEQUENCES; seed++) {
      Random random = new Random(seed);
      TestClock clock = new TestClock("2025-01-01T00:00:00Z");
      LoyaltyService service = LoyaltyService.builder()
          .program(LoyaltyProgram.builder("p").expiry(Expiry.afterDays(30))
              .activationDelay(Duration.ofDays(3)).build())
          .clock(clock).build();
      AccountKey account = AccountKey.of("p", OneId.of(1));
      service.enroll(account);
      List<ModelLot> model = new ArrayList<>();
      for (int op = 0; op < OPERATIONS; op++) {
        String key = "k" + op;
        Instant now = clock.instant();
        switch (random.nextInt(5)) {
          case 0 -> {
            long yuan = 1L + random.nextInt(500);
            service.earn(key, account, Purchase.of("o" + op, Line.of("any", yuan * 100)));
            model.add(new ModelLot(op, yuan, now.plus(Duration.ofDays(30)),
                now.plus(Duration.ofDays(3))));
          }
          case 1 -> {
            long points = 1L + random.nextInt(300);
            long spendable = model.stream().filter(lot -> lot.isSpendableAt(now))
                .mapToLong(lot -> lot.remaining).sum();
            boolean refused = false;
            try {
              service.burn(key, account, points, "any");
            } catch (LoyaltyException e) {
              refused = true;
            }
            assertThat(refused).as("seed %d op %d", seed, op).isEqualTo(points > spendable);
            if (!refused) {
              burn(model, points, now);
            }
          }
          case 2 -> clock.advance(Duration.ofHours(1 + random.nextInt(24 * 6)));
          case 3 -> {
            long expired = service.expire();
            long due = model.stream().filter(lot -> !lot.expiresAt.isAfter(now))
                .mapToLong(lot -> lot.remaining).sum();
            model.removeIf(lot -> !lot.expiresAt.isAfter(now));
            assertThat(expired).as("seed %d op %d", seed, op).isEqualTo(due);
          }
          default -> {
            long points = 1L + random.nextInt(50);
            service.adjust(key, account, points, "any");
            model.add(new ModelLot(op, points, now.plus(Duration.ofDays(30)), now));
          }
        }
        Instant at = clock.instant();
        assertThat(service.balance(account)).as("seed %d op %d", seed, op).isEqualTo(new Balance(
            model.stream().mapToLong(lot -> lot.remaining).sum(),
            model.stream().filter(lot -> lot.isSpendableAt(at)).mapToLong(l -> l.remaining).sum(),
            model.stream().filter(lot -> lot.remaining > 0 && lot.activatesAt.isAfter(at)
                && lot.expiresAt.isAfter(at)).mapToLong(lot -> lot.remaining).sum(),
            0));
      }
    }
  }

  private static void burn(List<ModelLot> model, long points, Instant now) {
    long left = points;
    List<ModelLot> order = new ArrayList<>(model);
    order.sort(Comparator.comparing((ModelLot lot) -> lot.expiresAt)
        .thenComparingLong(lot -> lot.order));
    for (ModelLot lot : order) {
      if (lot.isSpendableAt(now)) {
        long part = Math.min(left, lot.remaining);
        lot.remaining -= part;
        left -= part;
      }
    }
    model.removeIf(lot -> lot.remaining == 0);
  }

  @Test
  void shouldKeepEveryBalanceTheSumOfItsEntriesWhenRandomOperationsIncludeRefundsAndMerges() {
    for (int seed = 0; seed < SEQUENCES; seed++) {
      Random random = new Random(1_000 + seed);
      TestClock clock = new TestClock("2025-01-01T00:00:00Z");
      RefundPolicy policy = POLICIES.get(seed % POLICIES.size());
      InMemoryLedgerStore store = new InMemoryLedgerStore();
      LoyaltyService service = LoyaltyService.builder()
          .program(LoyaltyProgram.builder("p").expiry(Expiry.afterDays(60))
              .activationDelay(Duration.ofDays(2)).refundPolicy(policy).build())
          .store(store).clock(clock).build();
      List<AccountKey> accounts = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        accounts.add(AccountKey.of("p", OneId.of(i)));
        service.enroll(accounts.get(i - 1));
      }
      List<String> orders = new ArrayList<>();
      List<Map.Entry<AccountKey, String>> merges = new ArrayList<>();
      for (int op = 0; op < OPERATIONS; op++) {
        String key = "k" + op;
        AccountKey account = accounts.get(random.nextInt(accounts.size()));
        List<List<LedgerEntry>> before = accounts.stream().map(service::statement).toList();
        try {
          switch (random.nextInt(8)) {
            case 0, 1 -> {
              service.earn(key, account, Purchase.of("o" + op,
                  Line.of("any", random.nextInt(40_000)), Line.of("more", random.nextInt(900))));
              orders.add("o" + op);
            }
            case 2 -> service.burn(key, account, 1 + random.nextInt(400), "any");
            case 3 -> service.refund(key, account,
                orders.isEmpty() ? "none" : orders.get(random.nextInt(orders.size())),
                1 + random.nextInt(30_000));
            case 4 -> {
              AccountKey other = accounts.get(random.nextInt(accounts.size()));
              service.merge(key, account, List.of(other));
              merges.add(Map.entry(account, key));
            }
            case 5 -> {
              if (!merges.isEmpty()) {
                Map.Entry<AccountKey, String> merge = merges.get(random.nextInt(merges.size()));
                service.unmerge(key, merge.getKey(), merge.getValue());
              }
            }
            case 6 -> {
              clock.advance(Duration.ofHours(1 + random.nextInt(24 * 10)));
              service.expire();
            }
            default -> service.adjust(key, account, random.nextInt(200) - 100, "any");
          }
        } catch (LoyaltyException | IllegalArgumentException e) {
          assertThat(accounts.stream().map(service::statement).toList())
              .as("seed %d op %d refused with %s", seed, op, e.getMessage()).isEqualTo(before);
        }
        for (AccountKey each : accounts) {
          long sum = service.statement(each).stream().mapToLong(LedgerEntry::points).sum();
          Balance balance = service.balance(each);
          assertThat(balance.total()).as("seed %d op %d %s", seed, op, each).isEqualTo(sum);
          assertThat(service.lots(each).stream().mapToLong(Lot::remaining).sum())
              .as("seed %d op %d %s lots", seed, op, each).isEqualTo(sum);
          assertThat(store.lots(each)).as("seed %d op %d %s lots from entries", seed, op, each)
              .isEqualTo(service.lots(each));
          assertThat(service.lots(each)).allSatisfy(lot ->
              assertThat(lot.id() < 0 ? -lot.remaining() : lot.remaining()).isPositive());
          assertThat(balance.debt()).isNotNegative();
          if (policy != RefundPolicy.ALLOW_DEBT) {
            assertThat(balance.debt()).isZero();
          }
        }
      }
    }
  }
}
