package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.spi.PointsConversion;
import java.math.BigDecimal;
import java.math.RoundingMode;
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

  /**
   * A programme whose gift cards earn no points (category multiplier 0), so the ledger's overflow
   * checks never see their amounts, while the tier window counts every minor unit of them.
   */
  private LoyaltyService giftCards(TierLadder.Basis basis, long earnPoints) {
    return LoyaltyService.builder()
        .program(LoyaltyProgram.builder("p").earnRate(earnPoints, 1)
            .categoryMultiplier("gift-card", BigDecimal.ZERO)
            .tiers(TierLadder.of(basis, TierLadder.Window.ROLLING_12_MONTHS,
                Tier.of("member", 0), Tier.of("gold", 1_000), Tier.of("platinum", 1_000_000)))
            .build())
        .clock(clock).build();
  }

  @Test
  void shouldCapTheTierWindowAtLongMaxValueWhenItsPurchasesSumPastIt() {
    for (TierLadder.Basis basis
        : List.of(TierLadder.Basis.SPEND, TierLadder.Basis.QUALIFYING_POINTS)) {
      clock.set("2025-06-01T00:00:00Z");
      LoyaltyService service = giftCards(basis, 1);
      service.enroll(A);
      service.earn("e1", A, Purchase.of("o1", Line.of("gift-card", Long.MAX_VALUE)));
      service.earn("e2", A, Purchase.of("o2", Line.of("gift-card", Long.MAX_VALUE)));

      // was -2: the sum wrapped around, and the evaluation below downgraded the member
      assertThat(service.tier(A).achieved()).as(basis.name()).isEqualTo(Long.MAX_VALUE);
      assertThat(service.balance(A).total()).isZero();
      // the evaluation a year on: its window [2025-06-01, 2026-06-01) still holds both orders
      clock.advance(Duration.ofDays(365));
      assertThat(service.evaluateTiers()).as(basis.name()).isEmpty();
      assertThat(service.tier(A).tier()).as(basis.name()).isEqualTo("platinum");
    }
  }

  @Test
  void shouldSubtractARefundFromTheExactSumWhenTheWindowWasCapped() {
    LoyaltyService service = giftCards(TierLadder.Basis.SPEND, 1);
    service.enroll(A);
    service.earn("e1", A, Purchase.of("o1", Line.of("gift-card", Long.MAX_VALUE)));
    service.earn("e2", A, Purchase.of("o2", Line.of("gift-card", Long.MAX_VALUE)));

    service.refund("r1", A, "o2", Long.MAX_VALUE);
    assertThat(service.tier(A).achieved()).isEqualTo(Long.MAX_VALUE);
    service.refund("r2", A, "o1", 1);
    assertThat(service.tier(A).achieved()).isEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void shouldRefuseAPurchaseAndChangeNothingWhenItsQualifyingPointsPassLongMaxValue() {
    LoyaltyService service = giftCards(TierLadder.Basis.QUALIFYING_POINTS, 2);
    service.enroll(A);
    service.earn("e1", A, Purchase.of("o1", Line.of("tv", 1_000)));   // 2,000 points: gold
    List<LedgerEntry> before = service.statement(A);
    TierProgress tierBefore = service.tier(A);

    // was an ArithmeticException ("Overflow") from deep inside the earn
    assertThatThrownBy(() -> service.earn("e2", A,
        Purchase.of("o2", Line.of("gift-card", Long.MAX_VALUE))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("qualifying points of order o2 in p/oid-1 do not fit a long: "
            + "18446744073709551614");
    assertThat(service.statement(A)).isEqualTo(before);
    assertThat(service.tier(A)).isEqualTo(tierBefore);
    assertThat(service.earn("e3", A, Purchase.of("o2", Line.of("tv", 1))).points())
        .as("the refused order was not recorded").isEqualTo(2);
  }

  @Test
  void shouldRefuseAMergeAndChangeNothingWhenConvertedPointsPassLongMaxValue() {
    // a gift card brings only tier-qualifying points, a TV points as well (converted first)
    for (String category : List.of("gift-card", "tv")) {
      LoyaltyService service = LoyaltyService.builder()
          .program(LoyaltyProgram.builder("tmall").currency("TM").earnRate(1, 1)
              .categoryMultiplier("gift-card", BigDecimal.ZERO).build())
          .program(LoyaltyProgram.builder("brand").currency("HP").build())
          .conversion(
              PointsConversion.sameCurrency().withRate("TM", "HP", 2, 1, RoundingMode.DOWN))
          .clock(clock).build();
      AccountKey inTmall = AccountKey.of("tmall", OneId.of(1));
      AccountKey inBrand = AccountKey.of("brand", OneId.of(1));
      service.enroll(inTmall);
      service.earn("e1", inTmall, Purchase.of("o1", Line.of(category, Long.MAX_VALUE)));
      List<LedgerEntry> before = service.statement(inTmall);

      // was an ArithmeticException ("Overflow") from the conversion
      assertThatThrownBy(() -> service.merge("m1", inBrand, List.of(inTmall)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage((category.equals("tv") ? "points" : "tier-qualifying points")
              + " 9223372036854775807 of tmall/oid-1 do not fit a long in HP (brand)");
      assertThat(service.isMember(inBrand)).isFalse();
      assertThat(service.statement(inTmall)).isEqualTo(before);
      assertThat(service.tier(inTmall).achieved()).isEqualTo(Long.MAX_VALUE);
      assertThat(service.refund("r1", inTmall, "o1", 1).account())
          .as("not merged away").isEqualTo(inTmall);
    }
  }

  @Test
  void shouldRefuseAPurchaseNamingItsAmountWhenItsLinesSumPastLongMaxValue() {
    // was an ArithmeticException ("long overflow") from amountMinor(), thrown by earn
    assertThatThrownBy(() -> Purchase.of("o1", Line.of("tv", Long.MAX_VALUE), Line.of("tv", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amountMinor of order o1 does not fit a long: lines "
            + "[Line[category=tv, amountMinor=9223372036854775807], "
            + "Line[category=tv, amountMinor=1]]");
  }
}
