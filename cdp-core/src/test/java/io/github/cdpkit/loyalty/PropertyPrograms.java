package io.github.cdpkit.loyalty;

import java.time.Period;

/** The programmes the loyalty property tests run over, alike so that their findings compare. */
final class PropertyPrograms {

  private PropertyPrograms() {}

  /**
   * A programme in its own currency, whose gold tier grants a non-stacking lounge pass and a
   * stacking cleaning, and every fridge a non-stacking warranty; programmes made here share the
   * catalogue, so that merged copies of a benefit collapse across them.
   *
   * @param id the programme's id
   * @param currency its points currency
   * @param silver the qualifying points of silver
   * @param gold the qualifying points of gold
   * @return the programme
   */
  static LoyaltyProgram program(String id, String currency, long silver, long gold) {
    return LoyaltyProgram.builder(id).currency(currency).expiry(Expiry.afterDays(200))
        .tiers(TierLadder.of(TierLadder.Basis.QUALIFYING_POINTS,
            TierLadder.Window.ROLLING_12_MONTHS, Tier.of("member", 0), Tier.of("silver", silver),
            Tier.of("gold", gold, "lounge", "cleaning")))
        .benefit(new BenefitDefinition("lounge", "Airport lounge", 2, Period.ofDays(90), false))
        .benefit(new BenefitDefinition("warranty", "Joint warranty", 1, Period.ofDays(400),
            false))
        .benefit(new BenefitDefinition("cleaning", "Free cleaning", 1, Period.ofDays(120), true))
        .purchaseBenefit(new PurchaseBenefit("fridge", 0, "warranty"))
        .build();
  }
}
