package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.profile.MemberLayer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every null argument of the loyalty API is refused by name, before anything changes. */
class NullArgumentTest {

  private static final AccountKey A = AccountKey.of("p", OneId.of(1));
  private static final AccountKey B = AccountKey.of("p", OneId.of(2));
  private static final Instant LATER = Instant.parse("2026-01-01T00:00:00Z");
  private static final Purchase ORDER = Purchase.of("o1", Line.of("tv", 10_000));
  private static final LoyaltyProgram.Builder PROGRAM = LoyaltyProgram.builder("q");
  private static final Tier MEMBER = Tier.of("member", 0);
  private static final TierLadder.Basis SPEND = TierLadder.Basis.SPEND;
  private static final TierLadder.Window YEAR = TierLadder.Window.CALENDAR_YEAR;
  private static final TierLadder.Downgrade ONE_STEP = TierLadder.Downgrade.ONE_STEP;
  private static final Period NO_GRACE = Period.ZERO;

  static Stream<Arguments> calls() {
    return Stream.of(
        call("program(null)", s -> s.program(null), "id"),
        call("enroll(null)", s -> s.enroll(null), "account"),
        call("isMember(null)", s -> s.isMember(null), "account"),
        call("earn(null, ..)", s -> s.earn(null, A, ORDER), "key"),
        call("earn(.., null, ..)", s -> s.earn("k", null, ORDER), "account"),
        call("earn(.., null)", s -> s.earn("k", A, null), "purchase"),
        call("burn(null, ..)", s -> s.burn(null, A, 1, "r"), "key"),
        call("burn(.., null, ..)", s -> s.burn("k", null, 1, "r"), "account"),
        call("burn(.., null)", s -> s.burn("k", A, 1, null), "reason"),
        call("adjust(null, ..)", s -> s.adjust(null, A, 1, "r"), "key"),
        call("adjust(.., null, ..)", s -> s.adjust("k", null, 1, "r"), "account"),
        call("adjust(.., null)", s -> s.adjust("k", A, 1, null), "reason"),
        call("refund(null, ..)", s -> s.refund(null, A, "o1", 1), "key"),
        call("refund(.., null, ..)", s -> s.refund("k", null, "o1", 1), "account"),
        call("refund(.., null, 1)", s -> s.refund("k", A, null, 1), "orderId"),
        call("expiringBefore(null, ..)", s -> s.expiringBefore(null, LATER), "account"),
        call("expiringBefore(.., null)", s -> s.expiringBefore(A, null), "before"),
        call("balance(null)", s -> s.balance(null), "account"),
        call("lots(null)", s -> s.lots(null), "account"),
        call("statement(null)", s -> s.statement(null), "account"),
        call("tier(null)", s -> s.tier(null), "account"),
        call("overrideTier(null, ..)", s -> s.overrideTier(null, A, "member", LATER, "r"), "key"),
        call("overrideTier(.., null, ..)", s -> s.overrideTier("k", null, "member", LATER, "r"),
            "account"),
        call("overrideTier(.., null tier, ..)", s -> s.overrideTier("k", A, null, LATER, "r"),
            "tier"),
        call("overrideTier(.., null until, ..)", s -> s.overrideTier("k", A, "member", null, "r"),
            "until"),
        call("overrideTier(.., null)", s -> s.overrideTier("k", A, "member", LATER, null),
            "reason"),
        call("benefits(null)", s -> s.benefits(null), "account"),
        call("grantBenefit(null, ..)", s -> s.grantBenefit(null, A, "gift"), "key"),
        call("grantBenefit(.., null, ..)", s -> s.grantBenefit("k", null, "gift"), "account"),
        call("grantBenefit(.., null)", s -> s.grantBenefit("k", A, null), "benefit"),
        call("useBenefit(null, ..)", s -> s.useBenefit(null, A, "benefit-1"), "key"),
        call("useBenefit(.., null, ..)", s -> s.useBenefit("k", null, "benefit-1"), "account"),
        call("useBenefit(.., null)", s -> s.useBenefit("k", A, null), "benefitId"),
        call("merge(null, ..)", s -> s.merge(null, A, List.of(B)), "key"),
        call("merge(.., null, ..)", s -> s.merge("k", null, List.of(B)), "target"),
        call("merge(.., null)", s -> s.merge("k", A, null), "sources"),
        call("merge(.., [B, null])", s -> s.merge("k", A, Arrays.asList(B, null)), "sources[1]"),
        call("mergeMembers(null, ..)", s -> s.mergeMembers(null, OneId.of(1), List.of()), "key"),
        call("mergeMembers(.., null, ..)", s -> s.mergeMembers("k", null, List.of()), "survivor"),
        call("mergeMembers(.., null)", s -> s.mergeMembers("k", OneId.of(1), null), "absorbed"),
        call("mergeMembers(.., [null])",
            s -> s.mergeMembers("k", OneId.of(1), Arrays.asList((OneId) null)), "absorbed[0]"),
        call("unmerge(null, ..)", s -> s.unmerge(null, A, "m1"), "key"),
        call("unmerge(.., null, ..)", s -> s.unmerge("k", null, "m1"), "target"),
        call("unmerge(.., null)", s -> s.unmerge("k", A, null), "mergeKey"),
        call("LoyaltyProgram.builder(null)", s -> LoyaltyProgram.builder(null), "id"),
        call("scope(null, ..)", s -> PROGRAM.scope(null, "s"), "layer"),
        call("scope(.., null)", s -> PROGRAM.scope(MemberLayer.BRAND, null), "scope"),
        call("currency(null)", s -> PROGRAM.currency(null), "currency"),
        call("zone(null)", s -> PROGRAM.zone(null), "zone"),
        call("rounding(null)", s -> PROGRAM.rounding(null), "rounding"),
        call("categoryMultiplier(null, ..)", s -> PROGRAM.categoryMultiplier(null, BigDecimal.ONE),
            "category"),
        call("categoryMultiplier(.., null)", s -> PROGRAM.categoryMultiplier("tv", null),
            "multiplier"),
        call("tierMultiplier(null, ..)", s -> PROGRAM.tierMultiplier(null, BigDecimal.ONE),
            "tier"),
        call("tierMultiplier(.., null)", s -> PROGRAM.tierMultiplier("member", null),
            "multiplier"),
        call("doubling(null)", s -> PROGRAM.doubling(null), "event"),
        call("expiry(null)", s -> PROGRAM.expiry(null), "expiry"),
        call("activationDelay(null)", s -> PROGRAM.activationDelay(null), "delay"),
        call("tiers(null)", s -> PROGRAM.tiers(null), "tiers"),
        call("benefit(null)", s -> PROGRAM.benefit(null), "benefit"),
        call("purchaseBenefit(null)", s -> PROGRAM.purchaseBenefit(null), "rule"),
        call("refundPolicy(null)", s -> PROGRAM.refundPolicy(null), "policy"),
        call("new Purchase(null, ..)", s -> new Purchase(null, List.of(Line.of("tv", 1))),
            "orderId"),
        call("new Purchase(.., null)", s -> new Purchase("o", null), "lines"),
        call("new Purchase(.., [line, null])",
            s -> new Purchase("o", Arrays.asList(Line.of("tv", 1), null)), "lines[1]"),
        call("Purchase.of(null, ..)", s -> Purchase.of(null, Line.of("tv", 1)), "orderId"),
        call("Purchase.of(.., (Line[]) null)", s -> Purchase.of("o", (Line[]) null), "lines"),
        call("Purchase.of(.., (Line) null)", s -> Purchase.of("o", (Line) null), "lines[0]"),
        call("Line.of(null, ..)", s -> Line.of(null, 1), "category"),
        call("new TierLadder(null, ..)", s -> ladder(null, SPEND, YEAR, ONE_STEP, NO_GRACE),
            "tiers"),
        call("new TierLadder([tier, null], ..)",
            s -> ladder(Arrays.asList(MEMBER, null), SPEND, YEAR, ONE_STEP, NO_GRACE), "tiers[1]"),
        call("new TierLadder(.., null basis, ..)",
            s -> ladder(List.of(MEMBER), null, YEAR, ONE_STEP, NO_GRACE), "basis"),
        call("new TierLadder(.., null window, ..)",
            s -> ladder(List.of(MEMBER), SPEND, null, ONE_STEP, NO_GRACE), "window"),
        call("new TierLadder(.., null downgrade, ..)",
            s -> ladder(List.of(MEMBER), SPEND, YEAR, null, NO_GRACE), "downgrade"),
        call("new TierLadder(.., null)",
            s -> ladder(List.of(MEMBER), SPEND, YEAR, ONE_STEP, null), "grace"),
        call("TierLadder.of(.., (Tier[]) null)", s -> TierLadder.of(SPEND, YEAR, (Tier[]) null),
            "tiers"),
        call("TierLadder.of(.., (Tier) null)", s -> TierLadder.of(SPEND, YEAR, (Tier) null),
            "tiers[0]"),
        call("withDowngrade(null, ..)",
            s -> TierLadder.single("member").withDowngrade(null, NO_GRACE), "downgrade"),
        call("withDowngrade(.., null)",
            s -> TierLadder.single("member").withDowngrade(ONE_STEP, null), "grace"),
        call("new Tier(.., null)", s -> new Tier("gold", 1, null), "benefits"),
        call("new Tier(.., [benefit, null])", s -> new Tier("gold", 1, Arrays.asList("gift", null)),
            "benefits[1]"),
        call("Tier.of(.., (String[]) null)", s -> Tier.of("gold", 1, (String[]) null),
            "benefits"),
        call("Tier.of(.., (String) null)", s -> Tier.of("gold", 1, (String) null), "benefits[0]"),
        call("new BenefitDefinition(.., null, ..)",
            s -> new BenefitDefinition("gift", "Gift", 1, null, true), "validity"),
        call("new DoublingEvent(.., null from, ..)",
            s -> new DoublingEvent("11.11", null, LATER, BigDecimal.ONE), "from"),
        call("new DoublingEvent(.., null until, ..)",
            s -> new DoublingEvent("11.11", LATER, null, BigDecimal.ONE), "until"),
        call("new DoublingEvent(.., null)",
            s -> new DoublingEvent("11.11", LATER, LATER.plusSeconds(1), null), "multiplier"));
  }

  private static TierLadder ladder(List<Tier> tiers, TierLadder.Basis basis,
      TierLadder.Window window, TierLadder.Downgrade downgrade, Period grace) {
    return new TierLadder(tiers, basis, window, downgrade, grace);
  }

  private static Arguments call(String call, Consumer<LoyaltyService> action, String argument) {
    return Arguments.of(call, action, argument);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void shouldNameTheArgumentAndChangeNothingWhenItIsNull(
      String call, Consumer<LoyaltyService> action, String argument) {
    LoyaltyService service = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("p")
            .benefit(new BenefitDefinition("gift", "Gift", 1, Period.ofYears(1), true))
            .build())
        .clock(new TestClock("2025-06-01T00:00:00Z")).build();
    service.enroll(A);
    service.enroll(B);
    service.earn("e1", A, ORDER);
    List<LedgerEntry> before = service.statement(A);

    assertThatThrownBy(() -> action.accept(service))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(argument);
    assertThat(service.statement(A)).isEqualTo(before);
    assertThat(service.statement(B)).isEmpty();
    assertThat(service.benefits(A)).isEmpty();
  }
}
