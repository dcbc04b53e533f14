package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.TierLadder.Basis;
import io.github.cdpkit.loyalty.TierLadder.Downgrade;
import io.github.cdpkit.loyalty.TierLadder.Window;
import io.github.cdpkit.loyalty.event.LoyaltyEvent;
import io.github.cdpkit.loyalty.event.TierChanged;
import io.github.cdpkit.loyalty.event.TierChanged.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TierTest {

  private static final AccountKey LI = AccountKey.of("club", OneId.of(1));
  private static final BenefitDefinition LOUNGE =
      new BenefitDefinition("lounge", "Airport lounge", 2, Period.ofYears(1), false);

  private final TestClock clock = new TestClock("2025-03-01T00:00:00Z");
  private final List<LoyaltyEvent> events = new ArrayList<>();

  private LoyaltyService service(TierLadder ladder) {
    LoyaltyService service = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("club").zone(ZoneId.of("Asia/Shanghai")).tiers(ladder)
            .benefit(LOUNGE).build())
        .clock(clock).listener(events::add).build();
    service.enroll(LI);
    return service;
  }

  private static TierLadder points(Window window) {
    return TierLadder.of(Basis.QUALIFYING_POINTS, window,
        Tier.of("member", 0), Tier.of("silver", 1_000), Tier.of("gold", 5_000, "lounge"));
  }

  private static Purchase yuan(String order, long yuan) {
    return Purchase.of(order, Line.of("general", yuan * 100));
  }

  private TierChanged change(String from, String to, Reason reason, String cause) {
    return new TierChanged(LI, clock.instant(), from, to, reason, cause);
  }

  @Test
  void shouldUpgradeAtOnceAndGrantTheTiersBenefitsWhenAThresholdIsReached() {
    LoyaltyService service = service(points(Window.ROLLING_12_MONTHS));

    service.earn("k1", LI, yuan("o1", 4_000));
    assertThat(events).containsExactly(change("member", "silver", Reason.UPGRADE, "k1"));
    service.earn("k2", LI, yuan("o2", 1_000));

    assertThat(events).last().isEqualTo(change("silver", "gold", Reason.UPGRADE, "k2"));
    assertThat(service.tier(LI)).isEqualTo(new TierProgress("gold", "gold", null, 5_000, 0, 0,
        Instant.parse("2026-03-01T00:00:00Z"), null));
    assertThat(service.benefits(LI)).singleElement()
        .satisfies(benefit -> assertThat(benefit.source()).isEqualTo("tier:gold"));
  }

  @Test
  void shouldCountOnlyTheCurrentWindowWhenOldActivityHasLeftIt() {
    LoyaltyService service = service(points(Window.ROLLING_12_MONTHS));
    service.earn("k1", LI, yuan("o1", 900));
    clock.set("2026-04-01T00:00:00Z");

    service.earn("k2", LI, yuan("o2", 200));
    assertThat(service.tier(LI).tier()).as("900 left the window").isEqualTo("member");
    service.earn("k3", LI, yuan("o3", 850));

    assertThat(events).containsExactly(change("member", "silver", Reason.UPGRADE, "k3"));
  }

  @Test
  void shouldSayWhatIsNeededToKeepTheTierAndReachTheNextWhenAsked() {
    LoyaltyService service = service(points(Window.CALENDAR_YEAR));
    service.earn("k1", LI, yuan("o1", 1_200));
    clock.set("2026-02-01T00:00:00Z");
    service.evaluateTiers();
    service.earn("k2", LI, yuan("o2", 300));

    assertThat(service.tier(LI)).isEqualTo(new TierProgress("silver", "silver", "gold", 300, 700,
        4_700, Instant.parse("2026-12-31T16:00:00Z"), null));
  }

  @Test
  void shouldDowngradeOneStepOnlyAtTheEvaluationDateWhenTheWindowMissedTheThreshold() {
    LoyaltyService service = service(points(Window.ROLLING_12_MONTHS));
    service.earn("k1", LI, yuan("o1", 6_000));
    events.clear();

    clock.set("2026-02-28T00:00:00Z");
    assertThat(service.evaluateTiers()).isEmpty();
    clock.set("2026-03-01T00:00:00Z");
    assertThat(service.evaluateTiers()).as("the order is still in the window that just ended")
        .isEmpty();
    clock.set("2027-03-02T00:00:00Z");
    assertThat(service.evaluateTiers()).containsExactly(
        change("gold", "silver", Reason.DOWNGRADE, "evaluation:2027-03-01T00:00:00Z"));
    assertThat(service.evaluateTiers()).as("re-run").isEmpty();
    clock.set("2028-03-01T00:00:00Z");
    assertThat(service.evaluateTiers()).containsExactly(
        change("silver", "member", Reason.DOWNGRADE, "evaluation:2028-03-01T00:00:00Z"));
  }

  @Test
  void shouldRecomputeTheTierAtTheEvaluationDateWhenLadderSaysSo() {
    LoyaltyService service = service(points(Window.CALENDAR_YEAR)
        .withDowngrade(Downgrade.RECOMPUTE, Period.ZERO));
    service.earn("k1", LI, yuan("o1", 6_000));
    clock.set("2026-03-01T00:00:00Z");
    service.evaluateTiers();
    events.clear();

    clock.set("2027-01-05T00:00:00Z");
    assertThat(service.evaluateTiers()).containsExactly(change("gold", "member",
        Reason.DOWNGRADE, "evaluation:2026-12-31T16:00:00Z"));
  }

  @Test
  void shouldKeepTheTierThroughTheGracePeriodAndLetTheMemberRequalifyWhenGraceIsSet() {
    LoyaltyService service = service(points(Window.MEMBERSHIP_ANNIVERSARY)
        .withDowngrade(Downgrade.ONE_STEP, Period.ofMonths(3)));
    service.earn("k1", LI, yuan("o1", 1_500));
    clock.set("2026-03-02T00:00:00Z");
    service.evaluateTiers();
    events.clear();

    clock.set("2027-03-02T00:00:00Z");
    assertThat(service.evaluateTiers()).as("in grace").isEmpty();
    assertThat(service.tier(LI).evaluationAt()).isEqualTo(Instant.parse("2027-06-01T00:00:00Z"));
    clock.set("2027-06-01T00:00:00Z");
    assertThat(service.evaluateTiers()).containsExactly(
        change("silver", "member", Reason.DOWNGRADE, "evaluation:2027-06-01T00:00:00Z"));

    service.earn("k2", LI, yuan("o2", 1_000));
    clock.set("2028-03-02T00:00:00Z");
    service.evaluateTiers();
    clock.set("2028-05-01T00:00:00Z");
    service.earn("k3", LI, yuan("o3", 900));
    clock.set("2028-06-02T00:00:00Z");
    assertThat(service.evaluateTiers()).as("requalified during the grace period").isEmpty();
    assertThat(service.tier(LI).tier()).isEqualTo("silver");
  }

  @Test
  void shouldShowTheOverrideUntilItEndsAndThenTheEarnedTier() {
    LoyaltyService service = service(points(Window.ROLLING_12_MONTHS));
    service.earn("k1", LI, yuan("o1", 1_000));
    events.clear();

    List<TierChanged> overridden = service.overrideTier("v1", LI, "gold",
        Instant.parse("2025-04-01T00:00:00Z"), "VIP launch guest");
    assertThat(overridden).containsExactly(change("silver", "gold", Reason.OVERRIDE,
        "VIP launch guest"));
    assertThat(service.overrideTier("v1", LI, "gold", Instant.parse("2025-04-01T00:00:00Z"),
        "VIP launch guest")).as("idempotent").isEqualTo(overridden);
    assertThat(service.tier(LI).tier()).isEqualTo("gold");
    assertThat(service.tier(LI).earned()).isEqualTo("silver");

    clock.set("2025-04-01T00:00:00Z");
    assertThat(service.tier(LI).tier()).isEqualTo("silver");
    assertThat(service.evaluateTiers()).containsExactly(change("gold", "silver",
        Reason.OVERRIDE_ENDED, "override-ended:2025-04-01T00:00:00Z"));
  }

  @Test
  void shouldGrantTheTiersBenefitsOnceWhenTheTierIsReachedByOverrideAndThenEarned() {
    LoyaltyService service = service(points(Window.ROLLING_12_MONTHS));

    service.overrideTier("v1", LI, "gold", Instant.parse("2025-04-01T00:00:00Z"), "VIP guest");

    Benefit lounge = service.benefits(LI).get(0);
    assertThat(service.benefits(LI)).extracting(Benefit::source, Benefit::remaining)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("tier:gold", 2));
    service.useBenefit("u1", LI, lounge.id());
    // earning gold during the override, or overriding again, grants nothing twice
    service.earn("k1", LI, yuan("o1", 5_000));
    service.overrideTier("v2", LI, "silver", Instant.parse("2025-04-01T00:00:00Z"), "demo");
    service.overrideTier("v3", LI, "gold", Instant.parse("2025-04-01T00:00:00Z"), "VIP guest");
    assertThat(service.tier(LI).earned()).isEqualTo("gold");
    assertThat(service.benefits(LI)).extracting(Benefit::id, Benefit::remaining)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(lounge.id(), 1));
  }

  @Test
  void shouldCountSpendOrOrdersWhenLadderIsBasedOnThem() {
    LoyaltyService bySpend = service(TierLadder.of(Basis.SPEND, Window.ROLLING_12_MONTHS,
        Tier.of("member", 0), Tier.of("vip", 1_000_000)));
    bySpend.earn("k1", LI, yuan("o1", 9_999));
    bySpend.earn("k2", LI, yuan("o2", 1));
    assertThat(bySpend.tier(LI).tier()).isEqualTo("vip");

    LoyaltyService byOrders = service(TierLadder.of(Basis.ORDER_COUNT, Window.ROLLING_12_MONTHS,
        Tier.of("member", 0), Tier.of("regular", 3)));
    byOrders.earn("k1", LI, yuan("o1", 1));
    byOrders.earn("k2", LI, yuan("o2", 1));
    byOrders.refund("r2", LI, "o2", 100);
    byOrders.earn("k3", LI, yuan("o3", 1));
    assertThat(byOrders.tier(LI).achieved()).as("a fully refunded order does not count")
        .isEqualTo(2);
    clock.advance(Duration.ofDays(1));
    byOrders.earn("k4", LI, yuan("o4", 1));
    assertThat(byOrders.tier(LI).tier()).isEqualTo("regular");
  }

  @Test
  void shouldRejectAnUnknownTierOrAPastEndAndChangeNothing() {
    LoyaltyService service = service(points(Window.ROLLING_12_MONTHS));

    assertThatThrownBy(() -> service.overrideTier("v1", LI, "diamond",
        Instant.parse("2026-01-01T00:00:00Z"), "why"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("unknown tier in program club: diamond");
    assertThatThrownBy(() -> service.overrideTier("v2", LI, "gold",
        Instant.parse("2025-03-01T00:00:00Z"), "why"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("override must end after now (2025-03-01T00:00:00Z): 2025-03-01T00:00:00Z");
    assertThatThrownBy(() -> TierLadder.of(Basis.SPEND, Window.CALENDAR_YEAR,
        Tier.of("member", 0), Tier.of("gold", 10), Tier.of("silver", 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tier thresholds must increase: ");
    assertThat(service.tier(LI).tier()).isEqualTo("member");
    assertThat(events).isEmpty();
  }
}
