package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.spi.InMemoryLedgerStore;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A service built over a store that already holds entries, as after a restart. */
class ReloadTest {

  private static final AccountKey LI = AccountKey.of("shop", OneId.of(1));
  private static final AccountKey WANG = AccountKey.of("shop", OneId.of(2));
  private static final AccountKey ZHAO = AccountKey.of("shop", OneId.of(3));

  private final TestClock clock = new TestClock("2025-03-01T00:00:00Z");
  private final LedgerStore store = new InMemoryLedgerStore();

  private LoyaltyService service() {
    return LoyaltyService.builder()
        .program(LoyaltyProgram.builder("shop").expiry(Expiry.afterDays(30))
            .activationDelay(Duration.ofDays(7)).refundPolicy(RefundPolicy.ALLOW_DEBT).build())
        .store(store).clock(clock).build();
  }

  @Test
  void shouldSeeTheSameBalancesLotsAndStatementsWhenANewServiceUsesTheSameStore() {
    LoyaltyService before = service();
    for (AccountKey account : List.of(LI, WANG, ZHAO)) {
      before.enroll(account);
    }
    before.earn("e1", LI, Purchase.of("o1", Line.of("tv", 10_000)));
    before.adjust("a1", LI, 40, "goodwill");
    clock.advance(Duration.ofDays(8));
    before.burn("b1", LI, 120, "coupon");
    before.earn("e2", LI, Purchase.of("o2", Line.of("tv", 5_000)));
    // 100 due, all spent: o2's 50 pending points, the 20 goodwill points left, and 30 owed
    before.refund("r1", LI, "o1", 10_000);
    before.adjust("a2", WANG, 70, "welcome");
    before.adjust("a3", ZHAO, 5, "welcome");
    before.merge("m1", WANG, List.of(ZHAO));
    clock.advance(Duration.ofDays(25));
    before.expire();

    LoyaltyService after = service();

    for (AccountKey account : List.of(LI, WANG, ZHAO)) {
      assertThat(after.isMember(account)).isTrue();
      assertThat(after.balance(account)).as("%s", account).isEqualTo(before.balance(account));
      assertThat(after.lots(account)).as("%s", account).isEqualTo(before.lots(account));
      assertThat(after.statement(account)).as("%s", account).isEqualTo(before.statement(account));
      assertThat(after.expiringBefore(account, clock.instant().plus(Duration.ofDays(30))))
          .isEqualTo(before.expiringBefore(account, clock.instant().plus(Duration.ofDays(30))));
    }
    assertThat(after.balance(LI).debt()).isEqualTo(30);
    // the sequence continues after the stored entries, which the store checks
    long last = store.entries(WANG).get(store.entries(WANG).size() - 1).sequence();
    assertThat(after.burn("b2", WANG, 10, "coupon").entries())
        .allSatisfy(entry -> assertThat(entry.sequence()).isGreaterThan(last));
    assertThat(after.balance(WANG).total()).isEqualTo(before.balance(WANG).total() - 10);
  }

  @Test
  void shouldRefuseToBuildWhenTheStoreHoldsAnAccountOfAnUnregisteredProgram() {
    LoyaltyService earlier = service();
    earlier.enroll(LI);
    earlier.adjust("a1", LI, 1, "welcome");
    LoyaltyServiceBuilder other = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("club").build()).store(store).clock(clock);

    assertThatThrownBy(other::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ledger store holds account shop/oid-1 of a program that is not registered: "
            + "shop");
  }
}
