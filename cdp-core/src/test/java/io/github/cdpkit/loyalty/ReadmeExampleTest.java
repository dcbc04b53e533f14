package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.loyalty.TierLadder.Basis;
import io.github.cdpkit.loyalty.TierLadder.Window;
import io.github.cdpkit.profile.MemberLayer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The README's loyalty example, with the figures its comments state. */
class ReadmeExampleTest {

  @Test
  void shouldGiveTheFiguresTheReadmeStatesWhenItsExampleRuns() {
    TestClock clock = new TestClock("2025-05-20T02:00:00Z");
    IdentityResolver resolver = IdentityResolver.builder().build();
    OneId oneId = resolver.ingest(SourceRecord.builder("app", "A-1")
        .identifier(Identifier.of("phone", "13800138000")).build()).oneId();

    LoyaltyProgram brand = LoyaltyProgram.builder("brand")
        .scope(MemberLayer.BRAND, "haier").currency("HP").zone(ZoneId.of("Asia/Shanghai"))
        .earnRate(1, 100)
        .categoryMultiplier("ecosystem", new BigDecimal("2"))
        .expiry(Expiry.of(Expiry.Mode.END_OF_YEAR_AFTER_NEXT))
        .activationDelay(Duration.ofDays(7))
        .tiers(TierLadder.of(Basis.QUALIFYING_POINTS, Window.ROLLING_12_MONTHS,
            Tier.of("member", 0), Tier.of("gold", 5_000, "cleaning")))
        .benefit(new BenefitDefinition("warranty", "Joint warranty", 1, Period.ofYears(3), false))
        .benefit(new BenefitDefinition("cleaning", "Free cleaning", 1, Period.ofYears(1), true))
        .purchaseBenefit(new PurchaseBenefit("fridge", 1_000_000, "warranty"))
        .refundPolicy(RefundPolicy.ALLOW_DEBT)
        .build();
    LoyaltyService loyalty = LoyaltyService.builder().program(brand).clock(clock).build();
    resolver.addListener(loyalty.identityListener());

    AccountKey account = AccountKey.of("brand", oneId);
    loyalty.enroll(account);
    Receipt earned = loyalty.earn("pay-81", account, Purchase.of("order-81",
        Purchase.Line.of("fridge", 1_299_900), Purchase.Line.of("ecosystem", 19_900)));
    assertThat(earned.points()).isEqualTo(13_397);
    assertThat(loyalty.balance(account).pending()).isEqualTo(13_397);
    assertThat(loyalty.tier(account).tier()).isEqualTo("gold");
    assertThat(loyalty.benefits(account)).extracting(b -> b.definition().id())
        .containsExactlyInAnyOrder("warranty", "cleaning");

    assertThat(loyalty.refund("refund-81", account, "order-81", 19_900).points())
        .isEqualTo(-202);
    clock.advance(Duration.ofDays(7));
    loyalty.burn("redeem-9", account, 500, "coupon");

    assertThat(loyalty.balance(account)).isEqualTo(new Balance(12_695, 12_695, 0, 0));
  }
}
