package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.spi.PointsConversion;
import java.math.BigDecimal;
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

  @Test
  void shouldRefuseAndChangeNothingWhenAMergedOrdersPointsDoNotFitALongOnceConverted() {
    // 3 HP per TM, and a TV earns twice its base points: the merge converts the TV's qualifying
    // points and the few points left in its lot, never the points it earned
    LoyaltyService service = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("tmall").currency("TM").earnRate(1, 1)
            .categoryMultiplier("tv", BigDecimal.valueOf(2))
            .refundPolicy(RefundPolicy.UP_TO_BALANCE).build())
        .program(LoyaltyProgram.builder("brand").currency("HP")
            .refundPolicy(RefundPolicy.UP_TO_BALANCE).build())
        .conversion(PointsConversion.sameCurrency().withRate("TM", "HP", 3, 1, RoundingMode.DOWN))
        .clock(clock).build();
    long paid = 3 * (Long.MAX_VALUE / 12);   // about a quarter of it, and a third is exact
    service.enroll(IN_TMALL);
    service.earn("e1", IN_TMALL, Purchase.of("o1", Line.of("tv", paid)));   // 2 * paid TM
    service.burn("b1", IN_TMALL, 2 * paid - 10, "spent before the merge");
    service.merge("m1", IN_BRAND, List.of(IN_TMALL));                        // 10 TM: 30 HP
    List<LedgerEntry> before = service.statement(IN_BRAND);
    TierProgress tierBefore = service.tier(IN_BRAND);

    // was an ArithmeticException ("Overflow") from the conversion: 6 * paid HP are due
    assertThatThrownBy(() -> service.refund("r1", IN_BRAND, "o1", paid))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refunded points 4611686018427387900 of order o1 in brand/oid-1 do not fit a "
            + "long in HP (brand)");
    assertThat(service.statement(IN_BRAND)).isEqualTo(before);
    assertThat(service.tier(IN_BRAND)).isEqualTo(tierBefore);
    // a third of the order converts to 2 * paid HP, which fits: the 30 HP are taken back
    assertThat(service.refund("r2", IN_BRAND, "o1", paid / 3).forgiven())
        .isEqualTo(2 * paid - 30);
    assertThat(service.balance(IN_BRAND).total()).isZero();
  }
}
