package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.loyalty.spi.TierMergePolicy;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** What becomes of the benefits a merge moved or granted when it is undone. */
class MergeBenefitsTest {

  private static final AccountKey SURVIVOR = AccountKey.of("shop", OneId.of(1));
  private static final AccountKey OLDER = AccountKey.of("shop", OneId.of(2));
  private static final AccountKey NEWER = AccountKey.of("shop", OneId.of(3));

  private final TestClock clock = new TestClock("2025-06-01T00:00:00Z");
  private final LoyaltyService service = service(TierMergePolicy.highestWins());

  /**
   * A joint warranty, one per member (not stacking), also granted with a fridge, a later grant
   * being the better copy; and two lounge passes for reaching gold at 5,000 points.
   */
  private LoyaltyService service(TierMergePolicy policy) {
    LoyaltyService shop = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("shop")
            .tiers(TierLadder.of(TierLadder.Basis.QUALIFYING_POINTS,
                TierLadder.Window.ROLLING_12_MONTHS,
                Tier.of("member", 0), Tier.of("gold", 5_000, "lounge")))
            .benefit(new BenefitDefinition("warranty", "Joint warranty", 1, Period.ofYears(3),
                false))
            .benefit(new BenefitDefinition("lounge", "Airport lounge", 2, Period.ofYears(1),
                false))
            .purchaseBenefit(new PurchaseBenefit("fridge", 0, "warranty"))
            .build())
        .clock(clock).tierMergePolicy(policy).build();
    List.of(SURVIVOR, OLDER, NEWER).forEach(shop::enroll);
    return shop;
  }

  private static List<String> ids(List<Benefit> benefits) {
    return benefits.stream().map(Benefit::id).toList();
  }

  /**
   * Each account gets a warranty, a day apart, and both merges go into the survivor: the older
   * source's beats the survivor's, then the newer source's beats the older source's.
   *
   * @return the warranties of the survivor, the older source and the newer source
   */
  private List<String> threeWarrantiesMergedTwice() {
    List<String> warranties = List.of(SURVIVOR, OLDER, NEWER).stream().map(account -> {
      clock.advance(Duration.ofDays(1));
      return service.grantBenefit("g-" + account.member(), account, "warranty").id();
    }).toList();
    service.merge("m1", SURVIVOR, List.of(OLDER));
    service.merge("m2", SURVIVOR, List.of(NEWER));
    assertThat(ids(service.benefits(SURVIVOR))).containsExactly(warranties.get(2));
    return warranties;
  }

  @Test
  void shouldGiveEachWarrantyBackToItsOwnerWhenTheOlderMergeIsUndoneFirst() {
    List<String> warranties = threeWarrantiesMergedTwice();

    service.unmerge("u1", SURVIVOR, "m1");

    // was: the older source's warranty stayed with the survivor, set aside by the second merge as
    // the survivor's own, and the survivor's came back beside the newer source's
    assertThat(ids(service.benefits(OLDER))).containsExactly(warranties.get(1));
    assertThat(ids(service.benefits(SURVIVOR))).containsExactly(warranties.get(2));
    service.unmerge("u2", SURVIVOR, "m2");
    assertThat(ids(service.benefits(SURVIVOR))).containsExactly(warranties.get(0));
    assertThat(ids(service.benefits(OLDER))).containsExactly(warranties.get(1));
    assertThat(ids(service.benefits(NEWER))).containsExactly(warranties.get(2));
  }

  @Test
  void shouldGiveTheOlderSourceItsWarrantyWhenASplitTakesOnlyItAway() {
    List<String> warranties = threeWarrantiesMergedTwice();

    // the newer source stays with the survivor
    service.identityListener().onEvent(new Split(1, clock.instant(), OneId.of(1),
        List.of(OneId.of(1), OneId.of(2)), "records removed"));

    assertThat(ids(service.benefits(OLDER))).containsExactly(warranties.get(1));
    assertThat(ids(service.benefits(SURVIVOR))).containsExactly(warranties.get(2));
    assertThat(service.benefits(NEWER)).isEmpty();
  }

  @Test
  void shouldKeepAWarrantyTheSurvivorEarnedAfterTheMergeWhenTheMergeIsUndone() {
    Benefit brought = service.grantBenefit("g1", OLDER, "warranty");
    service.merge("m1", SURVIVOR, List.of(OLDER));
    clock.advance(Duration.ofDays(10));
    service.earn("e1", SURVIVOR, Purchase.of("s-1", Purchase.Line.of("fridge", 100)));
    List<Benefit> held = service.benefits(SURVIVOR);
    assertThat(held).as("one warranty in view, the later").extracting(Benefit::source)
        .containsExactly("order:s-1");

    service.unmerge("u1", SURVIVOR, "m1");

    // was: the fridge's warranty refreshed the older source's copy, which left with it
    assertThat(service.benefits(SURVIVOR)).isEqualTo(held);
    assertThat(service.benefits(OLDER)).containsExactly(brought);
  }

  @Test
  void shouldGiveTheSurvivorTheTierBenefitsItReachedItselfWhenTheCopiesItHeldLeave() {
    // an override gives the older source gold, and its passes, for a month
    service.overrideTier("o1", OLDER, "gold", clock.instant().plus(Duration.ofDays(30)), "vip");
    clock.advance(Duration.ofDays(31));
    service.merge("m1", SURVIVOR, List.of(OLDER));
    List<Benefit> brought = service.benefits(SURVIVOR);
    clock.advance(Duration.ofDays(1));
    service.earn("e1", SURVIVOR, Purchase.of("s-1", Purchase.Line.of("tv", 500_000)));
    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("gold");
    assertThat(service.benefits(SURVIVOR)).as("the passes held count, none granted twice")
        .isEqualTo(brought);

    service.unmerge("u1", SURVIVOR, "m1");

    // was none: the survivor reached gold itself, but the passes it held were the older source's
    assertThat(service.tier(SURVIVOR).tier()).isEqualTo("gold");
    assertThat(service.benefits(SURVIVOR))
        .extracting(Benefit::source, Benefit::remaining, Benefit::grantedAt)
        .containsExactly(tuple("tier:gold", 2, clock.instant()));
    assertThat(service.benefits(OLDER)).isEqualTo(brought);
  }

  @Test
  void shouldGiveTheSurvivorTheTierBenefitsItReachedItselfWhileAMergeHeldItAtThatTier() {
    // was none: already gold through the merge, the survivor reached gold itself with no upgrade
    assertSurvivorKeepsItsOwnGoldBenefitsWhenTheMergeIsUndone((shop, brought) -> {
      shop.earn("e2", SURVIVOR, Purchase.of("s-1", Purchase.Line.of("tv", 600_000)));
      assertThat(shop.benefits(SURVIVOR)).as("the passes held count, none granted twice")
          .isEqualTo(brought);
    });
  }

  @Test
  void shouldGiveTheSurvivorTheTierBenefitsOfAnOverrideToTheTierAMergeHeldItAt() {
    // was none: the override compared gold with the gold the merge gave, and granted nothing
    assertSurvivorKeepsItsOwnGoldBenefitsWhenTheMergeIsUndone((shop, brought) -> {
      assertThat(shop.overrideTier("v1", SURVIVOR, "gold",
          clock.instant().plus(Duration.ofDays(30)), "vip")).as("gold already").isEmpty();
      assertThat(shop.benefits(SURVIVOR)).as("the passes held count, none granted twice")
          .isEqualTo(brought);
      shop.overrideTier("v2", SURVIVOR, "gold", clock.instant().plus(Duration.ofDays(60)), "vip");
    });
  }

  /**
   * Merges a gold account, with its passes, into the survivor, lets the survivor reach gold itself
   * while the merge holds it there, undoes the merge by hand and by a split: the survivor must keep
   * gold with passes of its own, and the source get its own back.
   */
  private void assertSurvivorKeepsItsOwnGoldBenefitsWhenTheMergeIsUndone(
      BiConsumer<LoyaltyService, List<Benefit>> reachGoldWhileMerged) {
    for (boolean bySplit : List.of(false, true)) {
      LoyaltyService shop = service(TierMergePolicy.highestWins());
      shop.earn("e1", OLDER, Purchase.of("o-1", Purchase.Line.of("tv", 600_000)));
      List<Benefit> brought = shop.benefits(OLDER);
      // the older source's gold, and its passes, count for the survivor
      shop.merge("m1", SURVIVOR, List.of(OLDER));
      clock.advance(Duration.ofDays(1));
      reachGoldWhileMerged.accept(shop, brought);

      if (bySplit) {
        shop.identityListener().onEvent(new Split(1, clock.instant(), OneId.of(1),
            List.of(OneId.of(1), OneId.of(2)), "records removed"));
      } else {
        shop.unmerge("u1", SURVIVOR, "m1");
      }

      assertThat(shop.tier(SURVIVOR).tier()).isEqualTo("gold");
      assertThat(shop.benefits(SURVIVOR)).as("split: %s", bySplit)
          .extracting(Benefit::source, Benefit::remaining, Benefit::grantedAt)
          .containsExactly(tuple("tier:gold", 2, clock.instant()));
      assertThat(shop.benefits(OLDER)).as("split: %s", bySplit).isEqualTo(brought);
    }
  }

  @Test
  void shouldLeaveTheTierBenefitsAMergeGrantedWithTheTargetWhenTheMergeIsUndone() {
    for (boolean bySplit : List.of(false, true)) {
      LoyaltyService shop = service(TierMergePolicy.recompute());
      shop.earn("e1", SURVIVOR, Purchase.of("s-1", Purchase.Line.of("tv", 300_000)));
      shop.earn("e2", OLDER, Purchase.of("o-1", Purchase.Line.of("tv", 300_000)));
      // 3,000 and 3,000 points: gold, which neither account reached
      shop.merge("m1", SURVIVOR, List.of(OLDER));
      List<Benefit> granted = shop.benefits(SURVIVOR);
      assertThat(granted).extracting(Benefit::source).containsExactly("tier:gold");

      if (bySplit) {
        shop.identityListener().onEvent(new Split(1, clock.instant(), OneId.of(1),
            List.of(OneId.of(1), OneId.of(2)), "records removed"));
      } else {
        shop.unmerge("u1", SURVIVOR, "m1");
      }

      // as benefits stay when a tier is lost at an evaluation or an override's end
      assertThat(shop.tier(SURVIVOR).tier()).isEqualTo("member");
      assertThat(shop.benefits(SURVIVOR)).as("split: %s", bySplit).isEqualTo(granted);
      assertThat(shop.benefits(OLDER)).as("split: %s", bySplit).isEmpty();
    }
  }
}
