package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.event.AccountsMerged;
import io.github.cdpkit.loyalty.event.AccountsUnmerged;
import io.github.cdpkit.loyalty.event.LoyaltyEvent;
import io.github.cdpkit.loyalty.event.TierChanged;
import io.github.cdpkit.loyalty.spi.PointsConversion;
import io.github.cdpkit.loyalty.spi.TierMergePolicy;
import io.github.cdpkit.profile.MemberLayer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergeTest {

  private static final OneId PHONE_OWNER = OneId.of(1);
  private static final AccountKey IN_TMALL = AccountKey.of("tmall", PHONE_OWNER);
  private static final AccountKey IN_BRAND = AccountKey.of("brand", PHONE_OWNER);
  private static final AccountKey SURVIVOR = AccountKey.of("brand", OneId.of(1));
  private static final AccountKey OLDER = AccountKey.of("brand", OneId.of(2));
  private static final AccountKey NEWER = AccountKey.of("brand", OneId.of(3));
  private static final PointsConversion TWO_TMALL_POINTS_FOR_ONE =
      PointsConversion.sameCurrency().withRate("TM", "HP", 1, 2, RoundingMode.DOWN);

  private final TestClock clock = new TestClock("2025-06-01T00:00:00Z");
  private final List<LoyaltyEvent> events = new ArrayList<>();

  /** The Tmall store's programme: its own currency and a ladder of three tiers. */
  private static LoyaltyProgram tmall() {
    return LoyaltyProgram.builder("tmall").scope(MemberLayer.STORE, "tmall-flagship")
        .currency("TM").expiry(Expiry.afterDays(365))
        .tiers(TierLadder.of(TierLadder.Basis.QUALIFYING_POINTS,
            TierLadder.Window.ROLLING_12_MONTHS,
            Tier.of("member", 0), Tier.of("silver", 1_000), Tier.of("gold", 5_000)))
        .build();
  }

  /** The brand's own programme: another currency and a ladder of four tiers. */
  private static LoyaltyProgram brand() {
    return LoyaltyProgram.builder("brand").scope(MemberLayer.BRAND, "haier")
        .currency("HP").expiry(Expiry.of(Expiry.Mode.END_OF_YEAR_AFTER_NEXT))
        .tiers(TierLadder.of(TierLadder.Basis.QUALIFYING_POINTS,
            TierLadder.Window.ROLLING_12_MONTHS,
            Tier.of("member", 0), Tier.of("silver", 2_000), Tier.of("gold", 8_000),
            Tier.of("platinum", 20_000)))
        .build();
  }

  private LoyaltyService service(TierMergePolicy policy) {
    return LoyaltyService.builder().program(tmall()).program(brand()).clock(clock)
        .tierMergePolicy(policy).conversion(TWO_TMALL_POINTS_FOR_ONE).listener(events::add)
        .build();
  }

  /**
   * DOMAIN.md's merge conflict: the same phone is a gold member with 3,001 points in the Tmall
   * store and a plain member with 1,200 points in the brand's programme.
   */
  private LoyaltyService phoneExample(TierMergePolicy policy) {
    LoyaltyService service = service(policy);
    service.enroll(IN_TMALL);
    service.earn("t1", IN_TMALL, Purchase.of("tm-1", Line.of("fridge", 500_100)));
    service.burn("t2", IN_TMALL, 2_000, "coupon");
    service.enroll(IN_BRAND);
    service.earn("b1", IN_BRAND, Purchase.of("hp-1", Line.of("washer", 150_000)));
    service.burn("b2", IN_BRAND, 300, "coupon");
    assertThat(service.tier(IN_TMALL).tier()).isEqualTo("gold");
    assertThat(service.tier(IN_BRAND).tier()).isEqualTo("member");
    assertThat(service.balance(IN_TMALL).total()).isEqualTo(3_001);
    assertThat(service.balance(IN_BRAND).total()).isEqualTo(1_200);
    events.clear();
    return service;
  }

  @Test
  void shouldGiveTheHighestTierAndConvertedSumWhenHighestTierWins() {
    LoyaltyService service = phoneExample(TierMergePolicy.highestWins());

    AccountsMerged merged = service.merge("m1", IN_BRAND, List.of(IN_TMALL));

    // 3,001 TM at 1 HP per 2 TM: 1,500 HP credited, half a point recorded as remainder
    assertThat(merged.pointsOut()).isEqualTo(Map.of(IN_TMALL, 3_001L));
    assertThat(merged.pointsIn()).isEqualTo(1_500);
    assertThat(merged.remainder()).isEqualByComparingTo("0.5");
    // 5,001 tier-qualifying TM convert the same way: 2,500 HP, half a point recorded
    assertThat(merged.qualifyingRemainder()).isEqualByComparingTo("0.5");
    assertThat(service.tier(IN_BRAND).achieved()).isEqualTo(4_000);
    assertThat(merged.tiersBefore()).isEqualTo(Map.of(IN_TMALL, "gold", IN_BRAND, "member"));
    assertThat(merged.tierAfter()).isEqualTo("gold");
    assertThat(service.balance(IN_BRAND).total()).isEqualTo(2_700);
    assertThat(service.balance(IN_TMALL).total()).isZero();
    assertThat(events).containsExactly(
        new TierChanged(IN_BRAND, clock.instant(), "member", "gold", TierChanged.Reason.MERGE,
            "m1"),
        merged);
  }

  @Test
  void shouldGiveTheTierTheMergedHistoryEarnsWhenRecomputed() {
    LoyaltyService service = phoneExample(TierMergePolicy.recompute());

    AccountsMerged merged = service.merge("m1", IN_BRAND, List.of(IN_TMALL));

    // qualifying points 1,500 HP + 5,001 TM converted to 2,500 HP = 4,000: silver (2,000) but not
    // gold (8,000)
    assertThat(merged.tierAfter()).isEqualTo("silver");
    assertThat(service.tier(IN_BRAND).achieved()).isEqualTo(4_000);
    assertThat(merged.qualifyingRemainder()).isEqualByComparingTo("0.5");
    assertThat(merged.pointsIn()).isEqualTo(1_500);
    assertThat(service.balance(IN_BRAND).total()).isEqualTo(2_700);
  }

  @Test
  void shouldTakeBackAMovedOrdersPointsInTheTargetsCurrencyWhenRefundedAfterTheMerge() {
    LoyaltyService service = phoneExample(TierMergePolicy.highestWins());
    service.merge("m1", IN_BRAND, List.of(IN_TMALL));

    // a fifth of tm-1 refunded: 5,001 TM * 100,020 / 500,100 = 1,000 TM, which is 500 HP
    Receipt refund = service.refund("r1", IN_BRAND, "tm-1", 100_020);

    assertThat(refund.points()).isEqualTo(-500);
    assertThat(refund.forgiven()).isZero();
    assertThat(service.balance(IN_BRAND).total()).isEqualTo(2_200);
    assertThat(service.tier(IN_BRAND).achieved()).isEqualTo(3_500);
  }

  @Test
  void shouldGiveThePriorityProgramsTierWhenItWins() {
    for (String priority : List.of("brand", "tmall")) {
      LoyaltyService service = phoneExample(TierMergePolicy.priorityProgram(priority));

      AccountsMerged merged = service.merge("m1", IN_BRAND, List.of(IN_TMALL));

      assertThat(merged.tierAfter()).isEqualTo(priority.equals("brand") ? "member" : "gold");
      assertThat(merged.pointsIn()).isEqualTo(1_500);
      assertThat(merged.remainder()).isEqualByComparingTo("0.5");
      assertThat(service.balance(IN_BRAND).total()).isEqualTo(2_700);
      assertThat(service.tier(IN_BRAND).achieved()).isEqualTo(4_000);
    }
  }

  @Test
  void shouldSumExactlyWhenMergeOutAndMergeInAreCompared() {
    LoyaltyService service = phoneExample(TierMergePolicy.highestWins());
    service.adjust("t3", IN_TMALL, 7, "goodwill");

    AccountsMerged merged = service.merge("m1", IN_BRAND, List.of(IN_TMALL));

    long out = service.statement(IN_TMALL).stream()
        .filter(entry -> entry.type() == EntryType.MERGE_OUT).mapToLong(LedgerEntry::points).sum();
    long in = service.statement(IN_BRAND).stream()
        .filter(entry -> entry.type() == EntryType.MERGE_IN).mapToLong(LedgerEntry::points).sum();
    // lot by lot: 3,001 -> 1,500 r 0.5 and 7 -> 3 r 0.5
    assertThat(out).isEqualTo(-3_008);
    assertThat(in).isEqualTo(1_503);
    assertThat(merged.remainder()).isEqualByComparingTo("1");
    assertThat(BigDecimal.valueOf(-out).divide(BigDecimal.valueOf(2)))
        .isEqualByComparingTo(BigDecimal.valueOf(in).add(merged.remainder()));
    assertThat(service.balance(IN_BRAND).total())
        .isEqualTo(service.statement(IN_BRAND).stream().mapToLong(LedgerEntry::points).sum());
  }

  @Test
  void shouldRefuseToMergeCurrenciesWithoutARateAndChangeNothing() {
    LoyaltyService service = LoyaltyService.builder().program(tmall()).program(brand())
        .clock(clock).build();
    service.enroll(IN_TMALL);
    service.adjust("t1", IN_TMALL, 10, "welcome");

    assertThatThrownBy(() -> service.merge("m1", IN_BRAND, List.of(IN_TMALL)))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("no rate from TM (tmall) to HP (brand)");
    assertThat(service.isMember(IN_BRAND)).isFalse();
    assertThat(service.balance(IN_TMALL).total()).isEqualTo(10);
  }

  @Test
  void shouldKeepExpiryAndPendingStateSoBurnsStayFifoAcrossTheMerge() {
    LoyaltyProgram shop = LoyaltyProgram.builder("shop").expiry(Expiry.afterDays(100))
        .activationDelay(Duration.ofDays(7)).build();
    LoyaltyService service = LoyaltyService.builder().program(shop).clock(clock).build();
    AccountKey survivor = AccountKey.of("shop", OneId.of(1));
    AccountKey absorbed = AccountKey.of("shop", OneId.of(2));
    service.enroll(survivor);
    service.enroll(absorbed);
    service.earn("a1", absorbed, Purchase.of("a-1", Line.of("tv", 10_000)));  // expires day 100
    clock.advance(Duration.ofDays(10));
    service.earn("s1", survivor, Purchase.of("s-1", Line.of("tv", 20_000)));  // expires day 110
    clock.advance(Duration.ofDays(80));
    service.earn("a2", absorbed, Purchase.of("a-2", Line.of("tv", 5_000)));   // pending, day 190

    service.merge("m1", survivor, List.of(absorbed));

    assertThat(service.lots(survivor)).extracting(Lot::remaining, Lot::expiresAt, Lot::activatesAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(100L, Instant.parse("2025-09-09T00:00:00Z"),
                Instant.parse("2025-06-08T00:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(200L, Instant.parse("2025-09-19T00:00:00Z"),
                Instant.parse("2025-06-18T00:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(50L, Instant.parse("2025-12-08T00:00:00Z"),
                Instant.parse("2025-09-06T00:00:00Z")));
    assertThat(service.balance(survivor)).isEqualTo(new Balance(350, 300, 50, 0));
    Receipt burn = service.burn("b1", survivor, 150, "coupon");
    assertThat(burn.entries()).extracting(LedgerEntry::points).containsExactly(-100L, -50L);
    clock.advance(Duration.ofDays(20));
    assertThat(service.expire()).isEqualTo(150);
    assertThat(service.balance(survivor)).isEqualTo(new Balance(50, 50, 0, 0));
  }

  @Test
  void shouldMergeThreeChannelsAtOnceAndReturnTheFirstResultWhenRepeated() {
    LoyaltyService service = LoyaltyService.builder().program(brand()).clock(clock).build();
    List<AccountKey> accounts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      AccountKey account = AccountKey.of("brand", OneId.of(i));
      accounts.add(account);
      service.enroll(account);
      service.adjust("welcome", account, 100L * i, "welcome");
    }

    AccountsMerged merged = service.merge("m1", accounts.get(0), accounts.subList(1, 3));
    AccountsMerged again = service.merge("m1", accounts.get(0), accounts.subList(1, 3));

    assertThat(again).isEqualTo(merged);
    assertThat(merged.pointsIn()).isEqualTo(500);
    assertThat(merged.remainder()).isEqualByComparingTo("0");
    assertThat(service.balance(accounts.get(0)).total()).isEqualTo(600);
    assertThat(service.statement(accounts.get(0))).hasSize(3);
    assertThatThrownBy(() -> service.merge("m1", accounts.get(0), accounts.subList(1, 2)))
        .isInstanceOf(LoyaltyException.class)
        .hasMessageStartingWith("idempotency key 'm1' was used for a different operation");
    assertThatThrownBy(() -> service.merge("m2", accounts.get(0), List.of(accounts.get(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sources must be at least one, distinct and not the target brand/oid-1: "
            + "[brand/oid-1]");
    assertThatThrownBy(() -> service.merge("m3", accounts.get(0),
        List.of(AccountKey.of("brand", OneId.of(9)))))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("unknown account: brand/oid-9");
  }

  @Test
  void shouldAccumulateBenefitsCollapseNonStackingDuplicatesAndKeepUsedOnesUsed() {
    BenefitDefinition warranty =
        new BenefitDefinition("warranty", "Joint warranty", 1, Period.ofYears(3), false);
    BenefitDefinition cleaning =
        new BenefitDefinition("cleaning", "Free cleaning", 2, Period.ofYears(1), true);
    LoyaltyProgram shop = LoyaltyProgram.builder("shop").benefit(warranty).benefit(cleaning)
        .build();
    LoyaltyService service = LoyaltyService.builder().program(shop).clock(clock).build();
    AccountKey survivor = AccountKey.of("shop", OneId.of(1));
    AccountKey absorbed = AccountKey.of("shop", OneId.of(2));
    service.enroll(survivor);
    service.enroll(absorbed);
    Benefit survivorsWarranty = service.grantBenefit("g1", survivor, "warranty");
    Benefit survivorsCleaning = service.grantBenefit("g2", survivor, "cleaning");
    clock.advance(Duration.ofDays(30));
    Benefit absorbedWarranty = service.grantBenefit("g3", absorbed, "warranty");
    Benefit absorbedCleaning = service.grantBenefit("g4", absorbed, "cleaning");
    service.useBenefit("u1", absorbed, absorbedCleaning.id());
    service.useBenefit("u2", absorbed, absorbedCleaning.id());

    service.merge("m1", survivor, List.of(absorbed));

    // the absorbed warranty ends 30 days later: the better copy; both cleanings stay, one used up
    assertThat(service.benefits(survivor)).extracting(Benefit::id, Benefit::remaining)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(absorbedWarranty.id(), 1),
            org.assertj.core.groups.Tuple.tuple(survivorsCleaning.id(), 2),
            org.assertj.core.groups.Tuple.tuple(absorbedCleaning.id(), 0));
    assertThat(service.benefits(absorbed)).isEmpty();

    service.unmerge("u3", survivor, "m1");

    assertThat(service.benefits(survivor)).extracting(Benefit::id)
        .containsExactly(survivorsCleaning.id(), survivorsWarranty.id());
    assertThat(service.benefits(absorbed)).extracting(Benefit::id, Benefit::remaining)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(absorbedWarranty.id(), 1),
            org.assertj.core.groups.Tuple.tuple(absorbedCleaning.id(), 0));
  }

  /** A programme whose gold tier grants a non-stacking lounge pass and a stacking cleaning. */
  private LoyaltyService goldBenefits(TierMergePolicy policy) {
    LoyaltyProgram shop = LoyaltyProgram.builder("shop")
        .tiers(TierLadder.of(TierLadder.Basis.QUALIFYING_POINTS,
            TierLadder.Window.ROLLING_12_MONTHS,
            Tier.of("member", 0), Tier.of("gold", 5_000, "lounge", "cleaning")))
        .benefit(new BenefitDefinition("lounge", "Airport lounge", 2, Period.ofYears(1), false))
        .benefit(new BenefitDefinition("cleaning", "Free cleaning", 1, Period.ofYears(1), true))
        .build();
    return LoyaltyService.builder().program(shop).clock(clock).tierMergePolicy(policy).build();
  }

  @Test
  void shouldGrantTheMergedTiersBenefitsWhenTheMergeReachesIt() {
    LoyaltyService service = goldBenefits(TierMergePolicy.recompute());
    AccountKey survivor = AccountKey.of("shop", OneId.of(1));
    AccountKey absorbed = AccountKey.of("shop", OneId.of(2));
    service.enroll(survivor);
    service.enroll(absorbed);
    service.earn("s1", survivor, Purchase.of("s-1", Line.of("tv", 300_000)));
    service.earn("a1", absorbed, Purchase.of("a-1", Line.of("tv", 300_000)));

    // 3,000 + 3,000 qualifying points: gold, which neither account had reached
    assertThat(service.merge("m1", survivor, List.of(absorbed)).tierAfter()).isEqualTo("gold");

    assertThat(service.benefits(survivor))
        .extracting(Benefit::source, b -> b.definition().id(), Benefit::remaining)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tier:gold", "lounge", 2),
            org.assertj.core.groups.Tuple.tuple("tier:gold", "cleaning", 1));
  }

  @Test
  void shouldNotGrantTheTiersBenefitsTwiceWhenAMergedAccountBringsThemUsed() {
    LoyaltyService service = goldBenefits(TierMergePolicy.highestWins());
    AccountKey survivor = AccountKey.of("shop", OneId.of(1));
    AccountKey absorbed = AccountKey.of("shop", OneId.of(2));
    service.enroll(survivor);
    service.enroll(absorbed);
    service.earn("a1", absorbed, Purchase.of("a-1", Line.of("tv", 500_000)));
    List<Benefit> brought = service.benefits(absorbed);
    service.useBenefit("u1", absorbed, brought.get(0).id());
    service.useBenefit("u2", absorbed, brought.get(1).id());

    assertThat(service.merge("m1", survivor, List.of(absorbed)).tierAfter()).isEqualTo("gold");

    assertThat(service.benefits(survivor)).extracting(Benefit::id, Benefit::remaining)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(brought.get(0).id(), 1),
            org.assertj.core.groups.Tuple.tuple(brought.get(1).id(), 0));
  }

  @Test
  void shouldGiveBackTierAndUnspentPointsByTheDocumentedRuleWhenUnmerged() {
    LoyaltyService service = phoneExample(TierMergePolicy.highestWins());
    service.merge("m1", IN_BRAND, List.of(IN_TMALL));
    clock.advance(Duration.ofDays(1));
    // 1,200 HP of the brand's own lot expires later than the 1,500 HP that came from Tmall
    service.burn("b3", IN_BRAND, 600, "coupon");
    service.earn("b4", IN_BRAND, Purchase.of("hp-2", Line.of("tv", 10_000)));
    events.clear();

    AccountsUnmerged unmerged = service.unmerge("u1", IN_BRAND, "m1");

    // 900 of the 1,500 HP carried from Tmall are left: 3,001 * 900 / 1,500 = 1,800.6 -> 1,800 TM
    assertThat(unmerged.pointsBack()).isEqualTo(Map.of(IN_TMALL, 1_800L));
    assertThat(service.balance(IN_TMALL).total()).isEqualTo(1_800);
    assertThat(service.tier(IN_TMALL).tier()).isEqualTo("gold");
    assertThat(service.tier(IN_TMALL).achieved()).as("its own history, unconverted")
        .isEqualTo(5_001);
    assertThat(service.balance(IN_BRAND).total()).isEqualTo(1_300);
    assertThat(service.tier(IN_BRAND).tier()).isEqualTo("member");
    assertThat(service.tier(IN_BRAND).achieved()).isEqualTo(1_600);
    assertThat(events).contains(new TierChanged(IN_BRAND, clock.instant(), "gold", "member",
        TierChanged.Reason.UNMERGE, "u1"));
    assertThat(service.unmerge("u1", IN_BRAND, "m1")).isEqualTo(unmerged);
    assertThat(service.unmerge("u2", IN_BRAND, "m1").restored()).isEmpty();
    assertThatThrownBy(() -> service.unmerge("u4", IN_BRAND, "nope"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("no merge into brand/oid-1 under key nope");
  }

  @Test
  void shouldRefuseChangesToAMergedAwayAccountUntilTheMergeIsUndone() {
    LoyaltyService service = phoneExample(TierMergePolicy.highestWins());
    service.merge("m1", IN_BRAND, List.of(IN_TMALL));
    List<LedgerEntry> before = service.statement(IN_TMALL);

    assertThatThrownBy(() -> service.adjust("t9", IN_TMALL, 5, "late"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("account tmall/oid-1 was merged into brand/oid-1 (merge m1)")
        .extracting(e -> ((LoyaltyException) e).reason())
        .isEqualTo(LoyaltyException.Reason.ACCOUNT_MERGED);
    assertThatThrownBy(() -> service.merge("m2", AccountKey.of("brand", OneId.of(7)),
        List.of(IN_TMALL)))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("account tmall/oid-1 was merged into brand/oid-1 (merge m1)");
    assertThat(service.isMember(AccountKey.of("brand", OneId.of(7)))).isFalse();
    clock.advance(Duration.ofDays(800));
    assertThat(service.evaluateTiers()).as("no downgrade of the emptied account")
        .noneMatch(change -> change.account().equals(IN_TMALL));
    assertThat(service.statement(IN_TMALL)).isEqualTo(before);

    service.unmerge("u1", IN_BRAND, "m1");
    assertThat(service.adjust("t9", IN_TMALL, 5, "late").points()).isEqualTo(5);
  }

  @Test
  void shouldRefundAMergedOrderFromTheLotsItBecameWhenAccountsMerged() {
    LoyaltyService service = LoyaltyService.builder().program(brand()).clock(clock).build();
    AccountKey survivor = AccountKey.of("brand", OneId.of(1));
    AccountKey absorbed = AccountKey.of("brand", OneId.of(2));
    service.enroll(survivor);
    service.enroll(absorbed);
    service.earn("a1", absorbed, Purchase.of("a-1", Line.of("tv", 40_000)));
    service.merge("m1", survivor, List.of(absorbed));

    Receipt refund = service.refund("r1", survivor, "a-1", 10_000);

    assertThat(refund.points()).isEqualTo(-100);
    assertThat(service.balance(survivor).total()).isEqualTo(300);
  }

  @Test
  void shouldKeepTheTierANewerMergeGaveWhenAnOlderMergeIsUndoneFirst() {
    // gold is kept for a calendar year after the year that earned it
    LoyaltyProgram shop = LoyaltyProgram.builder("shop")
        .tiers(TierLadder.of(TierLadder.Basis.QUALIFYING_POINTS, TierLadder.Window.CALENDAR_YEAR,
            Tier.of("member", 0), Tier.of("gold", 8_000)))
        .build();
    LoyaltyService service = LoyaltyService.builder().program(shop).clock(clock).build();
    AccountKey survivor = AccountKey.of("shop", OneId.of(1));
    AccountKey older = AccountKey.of("shop", OneId.of(2));
    AccountKey newer = AccountKey.of("shop", OneId.of(3));
    clock.set("2024-12-01T00:00:00Z");
    service.enroll(survivor);
    service.enroll(older);
    service.enroll(newer);
    service.earn("n1", newer, Purchase.of("n-1", Line.of("fridge", 800_000)));
    service.merge("m1", survivor, List.of(older));
    clock.set("2025-06-01T00:00:00Z");
    service.evaluateTiers();
    assertThat(service.tier(newer).tier()).as("kept for 2025 by 2024's points").isEqualTo("gold");
    service.merge("m2", survivor, List.of(newer));
    assertThat(service.tier(survivor).tier()).isEqualTo("gold");

    service.unmerge("u1", survivor, "m1");

    // was member: only the tier the survivor held before m1 and its 2025 window counted
    assertThat(service.tier(survivor).tier()).isEqualTo("gold");
    assertThat(service.tier(older).tier()).isEqualTo("member");
    service.unmerge("u2", survivor, "m2");
    assertThat(service.tier(survivor).tier()).isEqualTo("member");
    assertThat(service.tier(newer).tier()).isEqualTo("gold");
  }

  /** Enrols {@link #SURVIVOR}, {@link #OLDER} and {@link #NEWER}, the accounts of the tests below. */
  private static void enrollThree(LoyaltyService service) {
    List.of(SURVIVOR, OLDER, NEWER).forEach(service::enroll);
  }

  @Test
  void shouldKeepTheTierANewerMergeGaveByAnOverrideWhenAnOlderMergeIsUndoneFirst() {
    LoyaltyService service = service(TierMergePolicy.highestWins());
    enrollThree(service);
    service.merge("m1", SURVIVOR, List.of(OLDER));
    service.overrideTier("o1", NEWER, "gold", clock.instant().plus(Duration.ofDays(30)), "vip");
    service.merge("m2", SURVIVOR, List.of(NEWER));
    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("gold");

    service.unmerge("u1", SURVIVOR, "m1");

    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("gold");
  }

  @Test
  void shouldSettleTheRemainingSourcesByThePolicyWhenAnOlderMergeIsUndoneFirst() {
    LoyaltyService service = LoyaltyService.builder().program(brand()).clock(clock)
        .tierMergePolicy(TierMergePolicy.recompute()).build();
    enrollThree(service);
    service.merge("m1", SURVIVOR, List.of(OLDER));
    service.overrideTier("o1", NEWER, "gold", clock.instant().plus(Duration.ofDays(30)), "vip");
    service.earn("n1", NEWER, Purchase.of("n-1", Line.of("fridge", 300_000)));   // 3,000: silver
    service.merge("m2", SURVIVOR, List.of(NEWER));
    assertThat(service.tier(SURVIVOR).tier()).as("recomputed, the override ignored")
        .isEqualTo("silver");

    service.unmerge("u1", SURVIVOR, "m1");

    assertThat(service.tier(SURVIVOR).tier()).as("not raised to the override the policy ignored")
        .isEqualTo("silver");
  }

  @Test
  void shouldNotRaiseATierLostAtEvaluationWhenAnUnrelatedOlderMergeIsUndone() {
    LoyaltyService service = service(TierMergePolicy.highestWins());
    enrollThree(service);
    service.merge("m1", SURVIVOR, List.of(OLDER));
    service.earn("n1", NEWER, Purchase.of("n-1", Line.of("fridge", 800_000)));
    service.merge("m2", SURVIVOR, List.of(NEWER));
    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("gold");
    clock.set("2027-07-01T00:00:00Z");
    service.evaluateTiers();
    String lowered = service.tier(SURVIVOR).tier();
    assertThat(lowered).isNotEqualTo("gold");

    service.unmerge("u1", SURVIVOR, "m1");

    assertThat(service.tier(SURVIVOR).tier()).isEqualTo(lowered);
  }

  @Test
  void shouldLeaveTheTargetItsOwnTierWhenMergesAreUndoneOldestFirst() {
    LoyaltyService service = service(TierMergePolicy.highestWins());
    enrollThree(service);
    service.earn("o1", OLDER, Purchase.of("o-1", Line.of("fridge", 800_000)));   // 8,000: gold
    service.merge("m0", SURVIVOR, List.of(OLDER));
    // The second merge's "tier before" is gold, which only the first one gave.
    service.merge("m1", SURVIVOR, List.of(NEWER));
    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("gold");

    service.unmerge("u0", SURVIVOR, "m0");
    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("member");
    service.unmerge("u1", SURVIVOR, "m1");

    // was gold, the tier that went back with the first merge's source
    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("member");
    assertThat(service.tier(OLDER).tier()).isEqualTo("gold");
    assertThat(service.tier(NEWER).tier()).isEqualTo("member");
  }

  @Test
  void shouldUndoTheNewestMergeFirstWhenIdentitySplitsSoThatAnOlderMergesTierLeavesWithItsSource() {
    LoyaltyService service = service(TierMergePolicy.highestWins());
    enrollThree(service);
    service.overrideTier("o1", OLDER, "gold", clock.instant().plus(Duration.ofDays(30)), "vip");
    IdentityListener follower = service.identityListener();
    Instant at = clock.instant();
    follower.onEvent(new Merged(1, at, OneId.of(1), List.of(OneId.of(2)), false));
    // The second merge's "tier before" is gold, which only the first one gave.
    follower.onEvent(new Merged(2, at, OneId.of(1), List.of(OneId.of(3)), false));
    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("gold");

    follower.onEvent(new Split(3, at, OneId.of(1), List.of(OneId.of(1), OneId.of(2),
        OneId.of(3)), "records removed"));

    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("member");
    assertThat(service.tier(NEWER).tier()).isEqualTo("member");
  }
}
