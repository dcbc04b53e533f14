package io.github.cdpkit.loyalty;

import io.github.cdpkit.loyalty.Purchase.Line;
import java.time.Period;
import java.util.List;
import java.util.Random;

/**
 * The programmes and the account operations the loyalty property tests share, alike so that their
 * findings compare. Each operation draws what it needs from the test's {@code Random}; a refusal
 * (an account merged away, too few points) is the caller's to take.
 */
final class LoyaltyProperties {

  /** The product categories orders are for. */
  static final List<String> CATEGORIES = List.of("tv", "fridge", "washer");

  /** The benefits {@link #program} defines. */
  static final List<String> BENEFITS = List.of("lounge", "warranty", "cleaning");

  private LoyaltyProperties() {}

  /** Earns for an order {@code order} of one line, and lists the order. */
  static void earn(LoyaltyService service, Random random, String key, String order,
      AccountKey account, List<String> orders) {
    service.earn(key, account, Purchase.of(order,
        Line.of(CATEGORIES.get(random.nextInt(CATEGORIES.size())),
            100L * (1 + random.nextInt(6_000)))));
    orders.add(order);
  }

  /** Burns up to 2,000 points. */
  static void burn(LoyaltyService service, Random random, String key, AccountKey account) {
    service.burn(key, account, 1 + random.nextInt(2_000), "any");
  }

  /** Grants one of the benefits. */
  static void grant(LoyaltyService service, Random random, String key, AccountKey account) {
    service.grantBenefit(key, account, BENEFITS.get(random.nextInt(BENEFITS.size())));
  }

  /** Uses one of the benefits the account holds, if any. */
  static void useOne(LoyaltyService service, Random random, String key, AccountKey account) {
    List<Benefit> held = service.benefits(account);
    if (!held.isEmpty()) {
      service.useBenefit(key, account, held.get(random.nextInt(held.size())).id());
    }
  }

  /** Refunds part of one of the listed orders, if any. */
  static void refundOne(LoyaltyService service, Random random, String key, AccountKey account,
      List<String> orders) {
    if (!orders.isEmpty()) {
      service.refund(key, account, orders.get(random.nextInt(orders.size())),
          100L * (1 + random.nextInt(3_000)));
    }
  }

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
