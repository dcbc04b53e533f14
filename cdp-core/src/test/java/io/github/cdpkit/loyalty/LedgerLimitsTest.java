package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerLimitsTest {

  private final TestClock clock = new TestClock("2025-06-01T00:00:00Z");
  private static final AccountKey A = AccountKey.of("p", OneId.of(1));
  private static final AccountKey B = AccountKey.of("p", OneId.of(2));
  private static final AccountKey C = AccountKey.of("p", OneId.of(3));

  private LoyaltyService service(RefundPolicy policy) {
    return LoyaltyService.builder()
        .program(LoyaltyProgram.builder("p").refundPolicy(policy)
            .tiers(TierLadder.of(TierLadder.Basis.QUALIFYING_POINTS,
                TierLadder.Window.ROLLING_12_MONTHS,
                Tier.of("member", 0), Tier.of("gold", 1_000_000)))
            .build())
        .clock(clock).build();
  }

  @Test
  void shouldRefuseRefundWhenRefundedTotalOverflows() {
    LoyaltyService service = service(RefundPolicy.UP_TO_BALANCE);
    service.enroll(A);
    service.earn("e1", A, Purchase.of("o1", Line.of("tv", 100_000)));   // 1000 points
    service.refund("r1", A, "o1", 1);
    List<LedgerEntry> before = service.statement(A);
    Balance balanceBefore = service.balance(A);

    assertThatThrownBy(() -> service.refund("r2", A, "o1", Long.MAX_VALUE))
        .isInstanceOf(LoyaltyException.class);
    assertThat(service.statement(A)).isEqualTo(before);
    assertThat(service.balance(A)).isEqualTo(balanceBefore);
  }

  @Test
  void shouldRefuseNegativeAdjustmentWhenItIsLongMinValue() {
    LoyaltyService service = service(RefundPolicy.PENDING_ONLY);
    service.enroll(A);
    service.adjust("a1", A, 100, "goodwill");
    List<LedgerEntry> before = service.statement(A);

    assertThatThrownBy(() -> service.adjust("a2", A, Long.MIN_VALUE, "oops"))
        .isInstanceOfAny(LoyaltyException.class, IllegalArgumentException.class);
    assertThat(service.statement(A)).isEqualTo(before);
    assertThat(service.balance(A).total()).isEqualTo(100);
  }

  @Test
  void shouldRefuseAdjustmentWhenTheBalanceWouldOverflow() {
    LoyaltyService service = service(RefundPolicy.PENDING_ONLY);
    service.enroll(A);
    service.adjust("a1", A, Long.MAX_VALUE, "huge");
    List<LedgerEntry> before = service.statement(A);

    assertThatThrownBy(() -> service.adjust("a2", A, 1, "one more"))
        .isInstanceOfAny(LoyaltyException.class, IllegalArgumentException.class,
            ArithmeticException.class);
    assertThat(service.statement(A)).isEqualTo(before);
    assertThat(service.balance(A).total()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldKeepTheTargetTierWhenAnAlreadyUndoneMergeIsUnmergedAgain() {
    LoyaltyService service = service(RefundPolicy.PENDING_ONLY);
    service.enroll(A);
    service.enroll(B);
    service.enroll(C);
    service.merge("m1", A, List.of(B));
    service.unmerge("u1", A, "m1");
    service.overrideTier("o1", C, "gold", clock.instant().plus(Duration.ofDays(30)), "vip");
    service.merge("m2", A, List.of(C));
    assertThat(service.tier(A).tier()).isEqualTo("gold");

    service.unmerge("u1-retry-after-timeout", A, "m1");   // restores nothing

    assertThat(service.tier(A).tier()).isEqualTo("gold");
  }
}
