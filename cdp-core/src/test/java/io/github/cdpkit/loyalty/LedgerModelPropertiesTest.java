package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.event.AccountsMerged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerModelPropertiesTest {

  private static final List<RefundPolicy> POLICIES = List.of(RefundPolicy.values());

  @Test
  void shouldConservePointsAcrossAllAccountsWhenRandomOperationsRun() {
    for (int seed = 0; seed < 150; seed++) {
      Random random = new Random(seed * 7919L);
      TestClock clock = new TestClock("2025-01-01T00:00:00Z");
      RefundPolicy policy = POLICIES.get(seed % POLICIES.size());
      LoyaltyService service = LoyaltyService.builder()
          .program(LoyaltyProgram.builder("p").currency("X").expiry(Expiry.afterDays(40))
              .activationDelay(Duration.ofDays(2)).refundPolicy(policy)
              .tiers(TierLadder.of(TierLadder.Basis.QUALIFYING_POINTS,
                  TierLadder.Window.ROLLING_12_MONTHS, Tier.of("m", 0), Tier.of("g", 500)))
              .build())
          .program(LoyaltyProgram.builder("q").currency("X").expiry(Expiry.afterDays(90))
              .refundPolicy(policy).build())
          .clock(clock).build();
      IdentityListener listener = service.identityListener();
      List<AccountKey> accounts = new ArrayList<>();
      for (String program : List.of("p", "q")) {
        for (int i = 1; i <= 3; i++) {
          accounts.add(AccountKey.of(program, OneId.of(i)));
          service.enroll(accounts.get(accounts.size() - 1));
        }
      }
      List<Map.Entry<AccountKey, String>> orders = new ArrayList<>();
      List<Map.Entry<AccountKey, String>> merges = new ArrayList<>();
      long expected = 0;
      long seq = 0;
      for (int op = 0; op < 120; op++) {
        String key = "k" + op;
        AccountKey account = accounts.get(random.nextInt(accounts.size()));
        String where = "seed " + seed + " op " + op;
        try {
          switch (random.nextInt(10)) {
            case 0, 1 -> {
              Receipt r = service.earn(key, account, Purchase.of("o" + op,
                  Line.of("any", random.nextInt(40_000))));
              expected += r.points();
              orders.add(Map.entry(account, "o" + op));
              // replay must change nothing
              assertThat(service.earn(key, account, Purchase.of("o" + op,
                  Line.of("any", 0))) == null).isFalse();
            }
            case 2 -> expected += service.burn(key, account, 1 + random.nextInt(300), "x")
                .points();
            case 3 -> {
              if (!orders.isEmpty()) {
                Map.Entry<AccountKey, String> o = orders.get(random.nextInt(orders.size()));
                expected += service.refund(key, o.getKey(), o.getValue(),
                    1 + random.nextInt(20_000)).points();
              }
            }
            case 4 -> {
              AccountKey other = accounts.get(random.nextInt(accounts.size()));
              service.merge(key, account, List.of(other));
              merges.add(Map.entry(account, key));
            }
            case 5 -> {
              if (!merges.isEmpty()) {
                Map.Entry<AccountKey, String> m = merges.get(random.nextInt(merges.size()));
                service.unmerge(key, m.getKey(), m.getValue());
              }
            }
            case 6 -> {
              clock.advance(Duration.ofHours(1 + random.nextInt(24 * 10)));
              expected -= service.expire();
              service.evaluateTiers();
            }
            case 7 -> {
              long s = ++seq;
              OneId a = OneId.of(1 + random.nextInt(3));
              OneId b = OneId.of(1 + random.nextInt(3));
              if (random.nextBoolean()) {
                listener.onEvent(new Merged(s, clock.instant(), a, List.of(b), false));
                listener.onEvent(new Merged(s, clock.instant(), a, List.of(b), false));
              } else {
                listener.onEvent(new Split(s, clock.instant(), a, List.of(a, b), "x"));
                listener.onEvent(new Split(s, clock.instant(), a, List.of(a, b), "x"));
              }
            }
            default -> expected += service.adjust(key, account,
                random.nextInt(200) - 100, "x").points();
          }
        } catch (LoyaltyException | IllegalArgumentException e) {
          // refused
        }
        long actual = 0;
        for (AccountKey each : accounts) {
          long sum = service.statement(each).stream().mapToLong(LedgerEntry::points).sum();
          assertThat(service.balance(each).total()).as(where + " " + each).isEqualTo(sum);
          assertThat(service.lots(each).stream().mapToLong(Lot::remaining).sum())
              .as(where + " lots " + each).isEqualTo(sum);
          actual += sum;
        }
        assertThat(actual).as(where + " conservation").isEqualTo(expected);
      }
    }
  }
}
