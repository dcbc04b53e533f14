package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.Purchase.Line;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.Test;

class BenefitTest {

  private static final AccountKey LI = AccountKey.of("haier", OneId.of(1));

  private final TestClock clock = new TestClock("2025-03-01T00:00:00Z");
  private final LoyaltyService service = LoyaltyService.builder()
      .program(LoyaltyProgram.builder("haier")
          .benefit(new BenefitDefinition("warranty", "Joint warranty", 1, Period.ofYears(3),
              false))
          .benefit(new BenefitDefinition("vip-video", "VIP video membership", 1,
              Period.ofMonths(12), false))
          .benefit(new BenefitDefinition("cleaning", "Free cleaning", 1, Period.ofYears(1),
              true))
          .purchaseBenefit(new PurchaseBenefit("fridge", 1_000_000, "warranty"))
          .purchaseBenefit(new PurchaseBenefit("tv", 800_000, "vip-video"))
          .purchaseBenefit(new PurchaseBenefit("air-conditioner", 0, "cleaning"))
          .build())
      .clock(clock).build();

  BenefitTest() {
    service.enroll(LI);
  }

  @Test
  void shouldGrantBenefitsWithHighEndPurchasesOnly() {
    service.earn("k1", LI, Purchase.of("o1", Line.of("fridge", 1_299_900),
        Line.of("tv", 799_900), Line.of("air-conditioner", 399_900)));

    assertThat(service.benefits(LI)).extracting(b -> b.definition().id(), Benefit::source,
        Benefit::validUntil).containsExactly(
            org.assertj.core.groups.Tuple.tuple("warranty", "order:o1",
                Instant.parse("2028-03-01T00:00:00Z")),
            org.assertj.core.groups.Tuple.tuple("cleaning", "order:o1",
                Instant.parse("2026-03-01T00:00:00Z")));
  }

  @Test
  void shouldStackCopiesOnlyWhenTheBenefitStacks() {
    service.earn("k1", LI, Purchase.of("o1", Line.of("air-conditioner", 1),
        Line.of("tv", 900_000)));
    clock.advance(Duration.ofDays(100));
    service.earn("k2", LI, Purchase.of("o2", Line.of("air-conditioner", 1),
        Line.of("tv", 900_000)));

    assertThat(service.benefits(LI)).extracting(b -> b.definition().id(), Benefit::validUntil)
        .as("the second video membership refreshes the first, the second cleaning stacks")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("vip-video",
                Instant.parse("2026-06-09T00:00:00Z")),
            org.assertj.core.groups.Tuple.tuple("cleaning", Instant.parse("2026-03-01T00:00:00Z")),
            org.assertj.core.groups.Tuple.tuple("cleaning",
                Instant.parse("2026-06-09T00:00:00Z")));
  }

  @Test
  void shouldUseABenefitOnceWhenTheSameKeyIsRepeated() {
    Benefit cleaning = service.grantBenefit("g1", LI, "cleaning");

    Benefit used = service.useBenefit("u1", LI, cleaning.id());

    assertThat(used.remaining()).isZero();
    assertThat(service.useBenefit("u1", LI, cleaning.id())).isEqualTo(used);
    assertThatThrownBy(() -> service.useBenefit("u2", LI, cleaning.id()))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("benefit " + cleaning.id() + " of haier/oid-1 is used up")
        .extracting(e -> ((LoyaltyException) e).reason())
        .isEqualTo(LoyaltyException.Reason.BENEFIT_USED_UP);
  }

  @Test
  void shouldRejectAnExpiredOrUnknownBenefitAndChangeNothing() {
    Benefit cleaning = service.grantBenefit("g1", LI, "cleaning");
    clock.set("2026-03-01T00:00:00Z");

    assertThatThrownBy(() -> service.useBenefit("u1", LI, cleaning.id()))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("benefit " + cleaning.id()
            + " of haier/oid-1 expired at 2026-03-01T00:00:00Z");
    assertThatThrownBy(() -> service.useBenefit("u2", LI, "benefit-999"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("unknown benefit in haier/oid-1: benefit-999");
    assertThatThrownBy(() -> service.grantBenefit("g2", LI, "spa"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("unknown benefit in program haier: spa");
    assertThat(service.benefits(LI)).containsExactly(cleaning);
  }

  @Test
  void shouldRefuseAProgramWhoseRulesNameAMissingBenefit() {
    assertThatThrownBy(() -> LoyaltyProgram.builder("p")
        .purchaseBenefit(new PurchaseBenefit("tv", 1, "vip-video")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown benefit in program p: vip-video");
    assertThatThrownBy(() -> new BenefitDefinition("x", "X", 0, Period.ofDays(1), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quantity must be at least 1: x 0");
  }
}
