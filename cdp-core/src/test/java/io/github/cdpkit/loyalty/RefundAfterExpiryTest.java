package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefundAfterExpiryTest {

  private static final AccountKey LI = AccountKey.of("p", OneId.of(1));

  private static Balance refundAfterExpiry(boolean runExpiryJobFirst) {
    TestClock clock = new TestClock("2025-06-01T00:00:00Z");
    LoyaltyService service = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("p").expiry(Expiry.afterDays(30))
            .refundPolicy(RefundPolicy.UP_TO_BALANCE).build())
        .clock(clock).build();
    service.enroll(LI);
    service.earn("e1", LI, Purchase.of("o1", Line.of("tv", 10_000)));   // 100, expires day 30
    clock.advance(Duration.ofDays(20));
    service.adjust("a1", LI, 100, "goodwill");                           // expires day 50
    clock.advance(Duration.ofDays(11));                                  // o1's points expired
    if (runExpiryJobFirst) {
      service.expire();
    }
    service.refund("r1", LI, "o1", 10_000);
    service.expire();
    return service.balance(LI);
  }

  @Test
  void shouldRefundTheSameWayWhetherOrNotTheExpiryJobHasRunWhenTheOrdersPointsExpired() {
    assertThat(refundAfterExpiry(false)).isEqualTo(refundAfterExpiry(true));
  }
}
