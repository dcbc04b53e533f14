package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.Split;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What becomes of the benefits a merge moved or granted when it is undone. */
class MergeBenefitsTest {

  private static final AccountKey SURVIVOR = AccountKey.of("shop", OneId.of(1));
  private static final AccountKey OLDER = AccountKey.of("shop", OneId.of(2));
  private static final AccountKey NEWER = AccountKey.of("shop", OneId.of(3));

  private final TestClock clock = new TestClock("2025-06-01T00:00:00Z");
  /**
   * A joint warranty, one per member (not stacking), also granted with a fridge; a later grant is
   * the better copy.
   */
  private final LoyaltyService service = LoyaltyService.builder()
      .program(LoyaltyProgram.builder("shop")
          .benefit(new BenefitDefinition("warranty", "Joint warranty", 1, Period.ofYears(3),
              false))
          .purchaseBenefit(new PurchaseBenefit("fridge", 0, "warranty"))
          .build())
      .clock(clock).build();

  MergeBenefitsTest() {
    List.of(SURVIVOR, OLDER, NEWER).forEach(service::enroll);
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
}
