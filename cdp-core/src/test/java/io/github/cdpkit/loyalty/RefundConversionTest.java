package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.spi.PointsConversion;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefundConversionTest {

  private final TestClock clock = new TestClock("2025-06-01T00:00:00Z");
  private static final AccountKey IN_TMALL = AccountKey.of("tmall", OneId.of(2));
  private static final AccountKey IN_BRAND = AccountKey.of("brand", OneId.of(1));

  private LoyaltyService service() {
    return LoyaltyService.builder()
        .program(LoyaltyProgram.builder("tmall").currency("TM")
            .refundPolicy(RefundPolicy.UP_TO_BALANCE).build())
        .program(LoyaltyProgram.builder("brand").currency("HP")
            .refundPolicy(RefundPolicy.UP_TO_BALANCE).build())
        .conversion(PointsConversion.sameCurrency().withRate("TM", "HP", 1, 2, RoundingMode.DOWN))
        .clock(clock).build();
  }

  @Test
  void shouldTakeBackAMergedOrdersPointsWhenItIsRefundedInParts() {
    LoyaltyService service = service();
    service.enroll(IN_TMALL);
    service.earn("e1", IN_TMALL, Purchase.of("o1", Line.of("tv", 600)));   // 6 TM
    service.merge("m1", IN_BRAND, List.of(IN_TMALL));                       // 3 HP
    assertThat(service.balance(IN_BRAND).total()).isEqualTo(3);

    service.refund("r1", IN_BRAND, "o1", 100);   // 1 TM due -> 0.5 HP
    service.refund("r2", IN_BRAND, "o1", 100);
    service.refund("r3", IN_BRAND, "o1", 100);
    service.refund("r4", IN_BRAND, "o1", 100);
    service.refund("r5", IN_BRAND, "o1", 100);
    service.refund("r6", IN_BRAND, "o1", 100);   // the whole order is refunded

    assertThat(service.balance(IN_BRAND).total()).isZero();   // as a single full refund gives
  }
}
