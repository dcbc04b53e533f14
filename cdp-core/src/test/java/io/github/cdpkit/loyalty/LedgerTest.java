package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final AccountKey LI = AccountKey.of("shop", OneId.of(1));

  private final TestClock clock = new TestClock("2025-03-01T02:00:00Z");

  private LoyaltyService service(LoyaltyProgram.Builder program) {
    LoyaltyService service = LoyaltyService.builder().program(program.build()).clock(clock).build();
    service.enroll(LI);
    return service;
  }

  private static LoyaltyProgram.Builder shop() {
    return LoyaltyProgram.builder("shop").zone(SHANGHAI).expiry(Expiry.afterDays(365));
  }

  private static Purchase order(String id, long yuan) {
    return Purchase.of(id, Line.of("general", yuan * 100));
  }

  @Test
  void shouldEarnOnePointPerYuanRoundedDownWhenPurchaseIsMade() {
    LoyaltyService service = service(shop());

    Receipt receipt = service.earn("k1", LI, Purchase.of("o1", Line.of("general", 12_399)));

    assertThat(receipt.points()).isEqualTo(123);
    assertThat(receipt.entries()).singleElement().satisfies(entry -> {
      assertThat(entry.type()).isEqualTo(EntryType.EARN);
      assertThat(entry.source()).isEqualTo("earn:o1");
      assertThat(entry.expiresAt()).isEqualTo(Instant.parse("2026-03-01T02:00:00Z"));
    });
    assertThat(service.balance(LI)).isEqualTo(new Balance(123, 123, 0, 0));
  }

  @Test
  void shouldMultiplyByCategoryTierAndLargestDoublingEventWhenEarning() {
    LoyaltyService service = service(shop()
        .categoryMultiplier("ecosystem", new BigDecimal("2"))
        .tierMultiplier("member", new BigDecimal("1.5"))
        .doubling(new DoublingEvent("618", Instant.parse("2025-03-01T00:00:00Z"),
            Instant.parse("2025-03-02T00:00:00Z"), new BigDecimal("2")))
        .doubling(new DoublingEvent("spring", Instant.parse("2025-02-01T00:00:00Z"),
            Instant.parse("2025-04-01T00:00:00Z"), new BigDecimal("1.2"))));

    // (100 yuan * 2 + 33.33 yuan) * 1.5 * 2 = 699.99 -> 699
    Receipt receipt = service.earn("k1", LI,
        Purchase.of("o1", Line.of("ecosystem", 10_000), Line.of("general", 3_333)));

    assertThat(receipt.points()).isEqualTo(699);
    assertThat(receipt.entries().get(0).source())
        .isEqualTo("earn:o1, category ecosystem x2, tier member x1.5, event 618 x2");
    assertThat(service.tier(LI).achieved()).isEqualTo(133);
  }

  @Test
  void shouldSpendTheLotsThatExpireFirstWhenBurning() {
    LoyaltyService service = service(shop());
    service.earn("k1", LI, order("o1", 100));
    clock.advance(Duration.ofDays(10));
    service.adjust("k2", LI, 50, "goodwill");
    clock.advance(Duration.ofDays(10));
    service.earn("k3", LI, order("o3", 30));

    Receipt burn = service.burn("k4", LI, 120, "coupon");

    assertThat(burn.entries()).extracting(LedgerEntry::points).containsExactly(-100L, -20L);
    assertThat(service.lots(LI)).extracting(Lot::remaining).containsExactly(30L, 30L);
    assertThat(burn.total()).isEqualTo(60);
  }

  @Test
  void shouldKeepPointsPendingUntilTheReturnWindowEndsWhenActivationDelayIsSet() {
    LoyaltyService service = service(shop().activationDelay(Duration.ofDays(7)));
    service.earn("k1", LI, order("o1", 100));

    assertThat(service.balance(LI)).isEqualTo(new Balance(100, 0, 100, 0));
    assertThatThrownBy(() -> service.burn("k2", LI, 1, "coupon"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("cannot take 1 points from shop/oid-1: 0 spendable");

    clock.advance(Duration.ofDays(7));
    assertThat(service.balance(LI)).isEqualTo(new Balance(100, 100, 0, 0));
    assertThat(service.burn("k2", LI, 100, "coupon").total()).isZero();
  }

  @Test
  void shouldExpireDueLotsOnceWhenTheJobRunsAgain() {
    LoyaltyService service = service(shop());
    service.earn("k1", LI, order("o1", 100));
    clock.advance(Duration.ofDays(100));
    service.earn("k2", LI, order("o2", 40));
    service.burn("k3", LI, 30, "coupon");

    clock.advance(Duration.ofDays(265));
    assertThat(service.balance(LI).spendable()).as("expired before the job runs").isEqualTo(40);
    assertThat(service.expire()).isEqualTo(70);
    assertThat(service.expire()).isZero();

    assertThat(service.balance(LI)).isEqualTo(new Balance(40, 40, 0, 0));
    assertThat(service.statement(LI)).last().satisfies(entry -> {
      assertThat(entry.type()).isEqualTo(EntryType.EXPIRE);
      assertThat(entry.points()).isEqualTo(-70);
      assertThat(entry.source()).isEqualTo("expiry:2026-03-01T02:00:00Z");
    });
  }

  @Test
  void shouldAnswerWhatExpiresBeforeADateWhenAsked() {
    LoyaltyService service = service(shop());
    service.earn("k1", LI, order("o1", 100));
    clock.advance(Duration.ofDays(30));
    service.earn("k2", LI, order("o2", 40));

    assertThat(service.expiringBefore(LI, Instant.parse("2026-03-01T02:00:00Z"))).isZero();
    assertThat(service.expiringBefore(LI, Instant.parse("2026-03-01T02:00:01Z"))).isEqualTo(100);
    assertThat(service.expiringBefore(LI, Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo(140);
  }

  @Test
  void shouldReturnTheFirstReceiptWhenTheSameKeyIsRepeated() {
    LoyaltyService service = service(shop());
    Receipt first = service.earn("k1", LI, order("o1", 100));
    Receipt burn = service.burn("k2", LI, 40, "coupon");

    assertThat(service.earn("k1", LI, order("o1", 100))).isEqualTo(first);
    assertThat(service.burn("k2", LI, 40, "coupon")).isEqualTo(burn);
    assertThat(service.balance(LI).total()).isEqualTo(60);
    assertThat(service.statement(LI)).hasSize(2);
  }

  @Test
  void shouldForgetAnIdempotencyKeyWhenItsRetentionWindowHasPassed() {
    LoyaltyService service = LoyaltyService.builder().program(shop().build()).clock(clock)
        .idempotencyRetention(Duration.ofDays(1)).build();
    service.enroll(LI);
    service.earn("k1", LI, order("o1", 100));
    Receipt first = service.burn("b1", LI, 10, "coupon");

    clock.advance(Duration.ofHours(23));
    assertThat(service.burn("b1", LI, 10, "coupon")).as("within the window").isEqualTo(first);
    assertThat(service.balance(LI).total()).isEqualTo(90);

    clock.advance(Duration.ofHours(2));
    Receipt later = service.burn("b1", LI, 20, "coupon");
    assertThat(later.entries()).extracting(LedgerEntry::points).containsExactly(-20L);
    assertThat(service.balance(LI).total()).isEqualTo(70);
    assertThatThrownBy(() -> service.earn("k1", LI, order("o1", 100)))
        .as("an order earns once even after its key is forgotten")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("order already earned points in shop/oid-1: o1");
  }

  @Test
  void shouldRefuseAnIdempotencyRetentionShorterThanASecond() {
    assertThatThrownBy(() -> LoyaltyService.builder().idempotencyRetention(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idempotency retention must be at least one second: PT0.999S");
  }

  @Test
  void shouldRefuseAKeyReusedForADifferentOperationAndChangeNothing() {
    LoyaltyService service = service(shop());
    service.earn("k1", LI, order("o1", 100));

    assertThatThrownBy(() -> service.burn("k1", LI, 40, "coupon"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessageStartingWith("idempotency key 'k1' was used for a different operation: first "
            + "[earn, Purchase[orderId=o1")
        .extracting(e -> ((LoyaltyException) e).reason())
        .isEqualTo(LoyaltyException.Reason.KEY_REUSED);
    assertThat(service.balance(LI).total()).isEqualTo(100);
  }

  @Test
  void shouldTakeBackPointsInProportionWhenOrderIsPartlyRefunded() {
    LoyaltyService service = service(shop());
    service.earn("k1", LI, Purchase.of("o1", Line.of("tv", 99_900), Line.of("cable", 100)));

    Receipt first = service.refund("r1", LI, "o1", 33_333);
    Receipt second = service.refund("r2", LI, "o1", 66_667);

    assertThat(first.points()).isEqualTo(-333);
    assertThat(second.points()).isEqualTo(-667);
    assertThat(second.entries()).singleElement().satisfies(entry -> {
      assertThat(entry.type()).isEqualTo(EntryType.REVERSE);
      assertThat(entry.source()).isEqualTo("refund:o1");
    });
    assertThat(service.balance(LI).total()).isZero();
    assertThat(service.tier(LI).achieved()).isZero();
  }

  /**
   * RefundPolicy's worked example: order o1's 100 points activate on day 7; on day 8 a 20-point
   * goodwill lot, a burn of 80 (all from o1, which expires first) and order o2's 30 points, pending
   * until day 15. The account holds o1 20 and goodwill 20 spendable, o2 30 pending.
   */
  private LoyaltyService spentOrder(RefundPolicy policy) {
    LoyaltyService service = service(shop().activationDelay(Duration.ofDays(7))
        .refundPolicy(policy));
    service.earn("k1", LI, order("o1", 100));
    clock.advance(Duration.ofDays(8));
    service.adjust("k2", LI, 20, "goodwill");
    service.burn("b", LI, 80, "coupon");
    service.earn("k3", LI, order("o2", 30));
    assertThat(service.balance(LI)).isEqualTo(new Balance(70, 40, 30, 0));
    return service;
  }

  @Test
  void shouldTakeTheShortfallOnlyFromPendingPointsWhenPolicyIsPendingOnly() {
    LoyaltyService service = spentOrder(RefundPolicy.PENDING_ONLY);

    Receipt refund = service.refund("r", LI, "o1", 10_000);

    // 100 due: 20 from o1's lot, then of the 80 spent only o2's 30 pending points; 50 forgiven
    assertThat(refund.entries()).extracting(LedgerEntry::points, LedgerEntry::source)
        .containsExactly(
            tuple(-20L, "refund:o1"),
            tuple(-30L, "refund:o1, spent part per PENDING_ONLY"));
    assertThat(refund.forgiven()).isEqualTo(50);
    assertThat(service.balance(LI)).isEqualTo(new Balance(20, 20, 0, 0));
  }

  @Test
  void shouldTakePartialRefundsOnlyFromPendingPointsWhenPolicyIsPendingOnly() {
    LoyaltyService service = spentOrder(RefundPolicy.PENDING_ONLY);

    // 60 due: 20 from o1, 30 from o2's pending lot, 10 forgiven
    Receipt first = service.refund("r1", LI, "o1", 6_000);
    // 40 more due, nothing pending left: all forgiven, the spendable goodwill untouched
    Receipt second = service.refund("r2", LI, "o1", 4_000);

    assertThat(first.points()).isEqualTo(-50);
    assertThat(first.forgiven()).isEqualTo(10);
    assertThat(second.points()).isZero();
    assertThat(second.forgiven()).isEqualTo(40);
    assertThat(service.balance(LI)).isEqualTo(new Balance(20, 20, 0, 0));
  }

  @Test
  void shouldTakeTheShortfallFromPendingThenSpendablePointsWhenPolicyIsUpToBalance() {
    LoyaltyService service = spentOrder(RefundPolicy.UP_TO_BALANCE);

    Receipt refund = service.refund("r", LI, "o1", 10_000);

    // 100 due: 20 from o1, 30 pending from o2, 20 goodwill; 30 forgiven
    assertThat(refund.entries()).extracting(LedgerEntry::points)
        .containsExactly(-20L, -30L, -20L);
    assertThat(refund.forgiven()).isEqualTo(30);
    assertThat(service.balance(LI)).isEqualTo(new Balance(0, 0, 0, 0));
  }

  @Test
  void shouldTakePartialRefundsUpToTheBalanceWhenPolicyIsUpToBalance() {
    LoyaltyService service = spentOrder(RefundPolicy.UP_TO_BALANCE);

    // 60 due: 20 from o1, 30 pending, 10 goodwill
    Receipt first = service.refund("r1", LI, "o1", 6_000);
    // 40 more due: the last 10 goodwill points, 30 forgiven
    Receipt second = service.refund("r2", LI, "o1", 4_000);

    assertThat(first.points()).isEqualTo(-60);
    assertThat(first.forgiven()).isZero();
    assertThat(service.balance(LI).total()).isZero();
    assertThat(second.points()).isEqualTo(-10);
    assertThat(second.forgiven()).isEqualTo(30);
    assertThat(service.balance(LI)).isEqualTo(new Balance(0, 0, 0, 0));
  }

  @Test
  void shouldRecordWhatTheBalanceCannotCoverAsDebtWhenPolicyAllowsDebt() {
    LoyaltyService service = spentOrder(RefundPolicy.ALLOW_DEBT);

    Receipt refund = service.refund("r", LI, "o1", 10_000);

    assertThat(refund.entries()).extracting(LedgerEntry::points, LedgerEntry::source)
        .containsExactly(
            tuple(-20L, "refund:o1"),
            tuple(-30L, "refund:o1, spent part per ALLOW_DEBT"),
            tuple(-20L, "refund:o1, spent part per ALLOW_DEBT"),
            tuple(-30L,
                "refund:o1, spent part per ALLOW_DEBT as debt"));
    assertThat(refund.forgiven()).isZero();
    assertThat(service.balance(LI)).isEqualTo(new Balance(-30, 0, 0, 30));
  }

  @Test
  void shouldTakePartialRefundsIntoDebtWhenPolicyAllowsDebt() {
    LoyaltyService service = spentOrder(RefundPolicy.ALLOW_DEBT);

    Receipt first = service.refund("r1", LI, "o1", 6_000);
    Receipt second = service.refund("r2", LI, "o1", 4_000);

    // 60 due: 20 from o1, 30 pending, 10 goodwill; then 40 due: the last 10 goodwill and 30 owed
    assertThat(first.points()).isEqualTo(-60);
    assertThat(second.points()).isEqualTo(-40);
    assertThat(service.balance(LI)).isEqualTo(new Balance(-30, 0, 0, 30));
    assertThat(second.forgiven()).isZero();
  }

  @Test
  void shouldRepayADebtFromAPendingLotAndOweItAgainWhenThatOrderIsRefunded() {
    LoyaltyService service = spentOrder(RefundPolicy.ALLOW_DEBT);
    List<LedgerEntry> owed = service.refund("r", LI, "o1", 10_000).entries();
    long debt = owed.get(owed.size() - 1).lot();

    Receipt earn = service.earn("k4", LI, order("o3", 50));

    // the pending 50 repay the 30 owed at once; 20 stay pending
    long lot = earn.entries().get(0).lot();
    assertThat(earn.entries()).extracting(LedgerEntry::type, LedgerEntry::points,
            LedgerEntry::lot, LedgerEntry::source)
        .containsExactly(
            tuple(EntryType.EARN, 50L, lot, "earn:o3"),
            tuple(EntryType.REPAY, -30L, lot,
                "repay-debt:o3, from lot " + lot + " to the debt"),
            tuple(EntryType.REPAY, 30L, debt,
                "repay-debt:o3, from lot " + lot));
    assertThat(service.balance(LI)).isEqualTo(new Balance(20, 0, 20, 0));
    assertThat(service.statement(LI).stream().mapToLong(LedgerEntry::points).sum()).isEqualTo(20);

    // refunding o3 in its window takes its 20 and owes again the 30 it repaid
    Receipt refund = service.refund("r3", LI, "o3", 5_000);
    assertThat(refund.points()).isEqualTo(-50);
    assertThat(service.balance(LI)).isEqualTo(new Balance(-30, 0, 0, 30));
  }

  @Test
  void shouldRepayADebtFirstWhenPointsAreAdjustedUp() {
    LoyaltyService service = spentOrder(RefundPolicy.ALLOW_DEBT);
    service.refund("r", LI, "o1", 10_000);

    Receipt adjust = service.adjust("k4", LI, 45, "goodwill");

    assertThat(adjust.entries()).extracting(LedgerEntry::type, LedgerEntry::points)
        .containsExactly(
            tuple(EntryType.ADJUST, 45L),
            tuple(EntryType.REPAY, -30L),
            tuple(EntryType.REPAY, 30L));
    assertThat(service.balance(LI)).isEqualTo(new Balance(15, 15, 0, 0));
  }

  @Test
  void shouldTakeTheRestFromOtherLotsUpToTheBalanceWhenPolicySaysSo() {
    LoyaltyService service = service(shop().refundPolicy(RefundPolicy.UP_TO_BALANCE));
    service.earn("k1", LI, order("o1", 100));
    service.burn("b", LI, 90, "coupon");
    service.earn("k2", LI, order("o2", 50));

    Receipt refund = service.refund("r", LI, "o1", 10_000);

    assertThat(refund.entries()).extracting(LedgerEntry::points).containsExactly(-10L, -50L);
    assertThat(refund.forgiven()).isEqualTo(40);
    assertThat(service.balance(LI).total()).isZero();
  }

  @Test
  void shouldRecordADebtRepaidByLaterEarningsWhenPolicyAllowsNegativeBalance() {
    LoyaltyService service = service(shop().refundPolicy(RefundPolicy.ALLOW_DEBT));
    service.earn("k1", LI, order("o1", 100));
    service.burn("b", LI, 90, "coupon");

    Receipt refund = service.refund("r", LI, "o1", 10_000);
    assertThat(refund.forgiven()).isZero();
    assertThat(service.balance(LI)).isEqualTo(new Balance(-90, 0, 0, 90));

    Receipt earn = service.earn("k2", LI, order("o2", 120));
    assertThat(earn.entries()).extracting(LedgerEntry::type, LedgerEntry::points).containsExactly(
        tuple(EntryType.EARN, 120L),
        tuple(EntryType.REPAY, -90L),
        tuple(EntryType.REPAY, 90L));
    assertThat(service.balance(LI)).isEqualTo(new Balance(30, 30, 0, 0));
  }

  @Test
  void shouldRejectBadInputAndChangeNothing() {
    LoyaltyService service = service(shop());
    service.earn("k1", LI, order("o1", 100));
    List<LedgerEntry> before = service.statement(LI);

    assertThatThrownBy(() -> service.burn("x1", LI, -5, "coupon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("points must be at least 1: -5");
    assertThatThrownBy(() -> service.burn("x2", LI, 101, "coupon"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("cannot take 101 points from shop/oid-1: 100 spendable");
    assertThatThrownBy(() -> service.burn("x3", AccountKey.of("nope", OneId.of(1)), 1, "c"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("unknown program: nope");
    assertThatThrownBy(() -> service.burn("x4", AccountKey.of("shop", OneId.of(9)), 1, "c"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("unknown account: shop/oid-9");
    assertThatThrownBy(() -> service.refund("x5", LI, "o1", 10_001))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("refund of 10001 exceeds order o1: paid 10000, refunded before 0");
    assertThatThrownBy(() -> service.refund("x6", LI, "o9", 1))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("unknown order in shop/oid-1: o9");
    assertThatThrownBy(() -> service.earn("x7", LI, order("o1", 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("order already earned points in shop/oid-1: o1");
    assertThatThrownBy(() -> service.adjust("x8", LI, 0, "nothing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("adjustment cannot be 0 points");
    assertThatThrownBy(() -> Line.of("tv", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amountMinor cannot be negative: -1");

    assertThat(service.statement(LI)).isEqualTo(before);
    assertThat(service.balance(LI)).isEqualTo(new Balance(100, 100, 0, 0));
    assertThat(service.burn("x2", LI, 100, "coupon").points())
        .as("a refused key stays free").isEqualTo(-100);
  }

  @Test
  void shouldComputeEveryExpiryModeInTheProgramsZone() {
    Instant lateNewYearsEve = Instant.parse("2025-12-31T17:00:00Z"); // 2026-01-01 01:00 Shanghai

    assertThat(Expiry.of(Expiry.Mode.END_OF_MONTH).expiresAt(lateNewYearsEve, SHANGHAI))
        .isEqualTo(Instant.parse("2026-01-31T16:00:00Z"));
    assertThat(Expiry.of(Expiry.Mode.END_OF_YEAR).expiresAt(lateNewYearsEve, SHANGHAI))
        .isEqualTo(Instant.parse("2026-12-31T16:00:00Z"));
    assertThat(Expiry.of(Expiry.Mode.END_OF_YEAR_AFTER_NEXT).expiresAt(lateNewYearsEve, SHANGHAI))
        .isEqualTo(Instant.parse("2028-12-31T16:00:00Z"));
    assertThat(Expiry.afterDays(365).expiresAt(lateNewYearsEve, SHANGHAI))
        .isEqualTo(Instant.parse("2026-12-31T17:00:00Z"));
    assertThat(Expiry.of(Expiry.Mode.NEVER).expiresAt(lateNewYearsEve, SHANGHAI))
        .isEqualTo(Instant.MAX);
    assertThatThrownBy(() -> Expiry.afterDays(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("days must be at least 1 for AFTER_DAYS and 0 otherwise: AFTER_DAYS 0");
  }
}
