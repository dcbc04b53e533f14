package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.spi.PointsConversion;
import io.github.cdpkit.loyalty.spi.TierMergePolicy;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of operations and merges, seeded, whose merges are then undone in random
 * orders: every order must leave every account as undoing the merges newest first does, its tier,
 * points and benefits alike.
 */
class UnmergeOrderPropertiesTest {

  private static final int SEQUENCES = 200;
  private static final int OPERATIONS = 40;
  private static final int ORDERS = 3;
  private static final int PEOPLE = 4;
  private static final List<TierMergePolicy> POLICIES = List.of(TierMergePolicy.highestWins(),
      TierMergePolicy.recompute(), TierMergePolicy.priorityProgram("tmall"));

  /** A merge made, by its key, with the accounts it joined. */
  private record Merge(String key, AccountKey target, List<AccountKey> sources) {}

  /** A service after a sequence of operations, and the merges among them, oldest first. */
  private record Scenario(LoyaltyService service, List<AccountKey> accounts, List<Merge> merges) {}

  /**
   * What can be read of an account: lots without their ids, which the unmerges' ledger entries
   * number in the order they run, and benefits by id, since an account receives them in that
   * order.
   */
  private record Snapshot(TierProgress tier, Balance balance, List<List<Object>> lots,
      List<Benefit> benefits) {}

  /** Replays sequence {@code seed}: the same operations, so the same state, every time. */
  private static Scenario scenario(int seed) {
    Random random = new Random(seed);
    TestClock clock = new TestClock("2025-01-01T00:00:00Z");
    LoyaltyService service = LoyaltyService.builder()
        .program(LoyaltyProperties.program("brand", "HP", 2_000, 8_000))
        .program(LoyaltyProperties.program("tmall", "TM", 1_000, 5_000))
        .conversion(PointsConversion.sameCurrency()
            .withRate("TM", "HP", 1, 2, RoundingMode.DOWN)
            .withRate("HP", "TM", 2, 1, RoundingMode.DOWN))
        .tierMergePolicy(POLICIES.get(seed % POLICIES.size()))
        .clock(clock).build();
    List<AccountKey> accounts = new ArrayList<>();
    for (String program : List.of("brand", "tmall")) {
      for (int person = 1; person <= PEOPLE; person++) {
        AccountKey account = AccountKey.of(program, OneId.of(person));
        service.enroll(account);
        accounts.add(account);
      }
    }
    List<String> orders = new ArrayList<>();
    List<Merge> merges = new ArrayList<>();
    for (int op = 0; op < OPERATIONS; op++) {
      String key = "k" + op;
      AccountKey account = accounts.get(random.nextInt(accounts.size()));
      try {
        switch (random.nextInt(10)) {
          case 0, 1 -> LoyaltyProperties.earn(service, random, key, "o" + op, account, orders);
          case 2 -> LoyaltyProperties.burn(service, random, key, account);
          case 3 -> LoyaltyProperties.grant(service, random, key, account);
          case 4 -> LoyaltyProperties.useOne(service, random, key, account);
          case 5 -> service.overrideTier(key, account, "gold",
              clock.instant().plus(Duration.ofDays(1 + random.nextInt(60))), "vip");
          case 6 -> LoyaltyProperties.refundOne(service, random, key, account, orders);
          case 7 -> {
            clock.advance(Duration.ofDays(1 + random.nextInt(60)));
            service.evaluateTiers();
            service.expire();
          }
          default -> {
            List<AccountKey> sources = new ArrayList<>();
            for (int n = 1 + random.nextInt(2); n > 0; n--) {
              AccountKey source = accounts.get(random.nextInt(accounts.size()));
              if (!source.equals(account) && !sources.contains(source)) {
                sources.add(source);
              }
            }
            if (!sources.isEmpty()) {
              service.merge(key, account, sources);
              merges.add(new Merge(key, account, List.copyOf(sources)));
            }
          }
        }
      } catch (LoyaltyException e) {
        // refused as the sequence happened to ask (merged away, unknown order, too few points):
        // the same in every replay
      }
    }
    return new Scenario(service, accounts, merges);
  }

  private static Map<AccountKey, Snapshot> snapshot(Scenario scenario) {
    LoyaltyService service = scenario.service();
    Map<AccountKey, Snapshot> snapshot = new LinkedHashMap<>();
    for (AccountKey account : scenario.accounts()) {
      snapshot.put(account, new Snapshot(service.tier(account), service.balance(account),
          service.lots(account).stream()
              .map(lot -> List.<Object>of(lot.remaining(), lot.expiresAt(), lot.activatesAt()))
              .toList(),
          service.benefits(account).stream()
              .sorted(Comparator.comparingLong(benefit -> benefitNumber(benefit.id())))
              .toList()));
    }
    return snapshot;
  }

  private static long benefitNumber(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }

  /**
   * Undoes every merge, picking each time one of those that can be undone: a merge into an account
   * that a merge not undone yet holds waits for that one.
   */
  private static void undoAll(Scenario scenario, Random random) {
    List<Merge> pending = new ArrayList<>(scenario.merges());
    int step = 0;
    while (!pending.isEmpty()) {
      List<Merge> ready = pending.stream()
          .filter(merge -> pending.stream().noneMatch(
              other -> other.sources().contains(merge.target())))
          .toList();
      Merge next = random == null
          ? pending.get(pending.size() - 1)
          : ready.get(random.nextInt(ready.size()));
      assertThat(ready).contains(next);
      scenario.service().unmerge("undo-" + step++, next.target(), next.key());
      pending.remove(next);
    }
  }

  @Test
  void shouldLeaveEveryAccountAsUndoingNewestFirstDoesWhenMergesAreUndoneInAnyOrder() {
    int merges = 0;
    int shuffled = 0;
    for (int seed = 0; seed < SEQUENCES; seed++) {
      Scenario newestFirst = scenario(seed);
      merges += newestFirst.merges().size();
      undoAll(newestFirst, null);
      Map<AccountKey, Snapshot> expected = snapshot(newestFirst);
      for (int order = 0; order < ORDERS; order++) {
        Scenario scenario = scenario(seed);
        Random random = new Random(seed * 31L + order);
        undoAll(scenario, random);
        if (scenario.merges().size() > 1) {
          shuffled++;
        }
        Map<AccountKey, Snapshot> actual = snapshot(scenario);
        for (AccountKey account : scenario.accounts()) {
          assertThat(actual.get(account)).as("seed %d, order %d, %s", seed, order, account)
              .isEqualTo(expected.get(account));
        }
      }
    }
    // the sequences merge often enough, and most leave an order to choose
    assertThat(merges).isGreaterThan(2 * SEQUENCES);
    assertThat(shuffled).isGreaterThan(ORDERS * SEQUENCES / 2);
  }
}
