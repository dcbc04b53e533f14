package io.github.cdpkit.loyalty;

import io.github.cdpkit.profile.MemberLayer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loyalty programme: its scope, points currency, expiry, earn rules, tier ladder and benefit
 * catalogue. Immutable and thread-safe; made by {@link #builder(String)}.
 *
 * <p>Earning: each order line earns {@code amountMinor * earnPoints / earnPerMinorUnits} points,
 * times the multiplier of its category (1 if none), times the multiplier of the member's tier (1 if
 * none), times the largest active {@linkplain DoublingEvent doubling event} (1 if none). The lines
 * are summed exactly and the sum rounded once with {@link #rounding()} ({@link RoundingMode#DOWN} by
 * default). Tier-qualifying points are the same sum without any multiplier, rounded the same way.
 *
 * <pre>{@code
 * LoyaltyProgram brand = LoyaltyProgram.builder("brand")
 *     .scope(MemberLayer.BRAND, "haier")
 *     .currency("HP")
 *     .zone(ZoneId.of("Asia/Shanghai"))
 *     .earnRate(1, 100)                          // 1 point per yuan
 *     .categoryMultiplier("ecosystem", new BigDecimal("2"))
 *     .expiry(Expiry.of(Expiry.Mode.END_OF_YEAR_AFTER_NEXT))
 *     .activationDelay(Duration.ofDays(7))       // usable after the return window
 *     .tiers(TierLadder.of(Basis.QUALIFYING_POINTS, Window.ROLLING_12_MONTHS,
 *         Tier.of("member", 0), Tier.of("gold", 5_000, "cleaning")))
 *     .benefit(new BenefitDefinition("cleaning", "Free cleaning", 1, Period.ofYears(1), false))
 *     .build();
 * }</pre>
 */
public final class LoyaltyProgram {

  private final String id;
  private final MemberLayer layer;
  private final String scope;
  private final String currency;
  private final ZoneId zone;
  private final long earnPoints;
  private final long earnPerMinorUnits;
  private final RoundingMode rounding;
  private final Map<String, BigDecimal> categoryMultipliers;
  private final Map<String, BigDecimal> tierMultipliers;
  private final List<DoublingEvent> doublingEvents;
  private final Expiry expiry;
  private final Duration activationDelay;
  private final TierLadder tiers;
  private final Map<String, BenefitDefinition> benefits;
  private final List<PurchaseBenefit> purchaseBenefits;
  private final RefundPolicy refundPolicy;

  private LoyaltyProgram(Builder builder) {
    id = builder.id;
    layer = builder.layer;
    scope = builder.scope;
    currency = builder.currency;
    zone = builder.zone;
    earnPoints = builder.earnPoints;
    earnPerMinorUnits = builder.earnPerMinorUnits;
    rounding = builder.rounding;
    categoryMultipliers = Map.copyOf(builder.categoryMultipliers);
    tierMultipliers = Map.copyOf(builder.tierMultipliers);
    doublingEvents = List.copyOf(builder.doublingEvents);
    expiry = builder.expiry;
    activationDelay = builder.activationDelay;
    tiers = builder.tiers;
    benefits = Map.copyOf(builder.benefits);
    purchaseBenefits = List.copyOf(builder.purchaseBenefits);
    refundPolicy = builder.refundPolicy;
  }

  /**
   * Starts a programme with the given id. By default it belongs to the brand layer with scope equal
   * to the id, its currency is named after the id, its zone is UTC, it earns 1 point per 100 minor
   * units rounded down, points expire at the end of the year after next, are usable at once, a
   * refund takes back what the order's lots still hold and then only pending points ({@link
   * RefundPolicy#PENDING_ONLY}), and it has a single tier {@code member}.
   *
   * @param id the programme's id
   * @return the builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Returns the programme's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the member layer the programme belongs to.
   *
   * @return the layer
   */
  public MemberLayer layer() {
    return layer;
  }

  /**
   * Returns the id of the group, brand, dealer or store that runs the programme.
   *
   * @return the scope's id
   */
  public String scope() {
    return scope;
  }

  /**
   * Returns the name of the programme's points currency; merges between programmes of different
   * currencies go through a {@link io.github.cdpkit.loyalty.spi.PointsConversion}.
   *
   * @return the currency
   */
  public String currency() {
    return currency;
  }

  /**
   * Returns the time zone of expiry dates and tier windows.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Returns the points earned per {@link #earnPerMinorUnits()} minor units paid.
   *
   * @return the points, at least 0
   */
  public long earnPoints() {
    return earnPoints;
  }

  /**
   * Returns the minor units that earn {@link #earnPoints()} points.
   *
   * @return the minor units, at least 1
   */
  public long earnPerMinorUnits() {
    return earnPerMinorUnits;
  }

  /**
   * Returns how the points of an order are rounded.
   *
   * @return the rounding mode
   */
  public RoundingMode rounding() {
    return rounding;
  }

  /**
   * Returns the multipliers by product category.
   *
   * @return category to multiplier
   */
  public Map<String, BigDecimal> categoryMultipliers() {
    return categoryMultipliers;
  }

  /**
   * Returns the multipliers by tier id.
   *
   * @return tier to multiplier
   */
  public Map<String, BigDecimal> tierMultipliers() {
    return tierMultipliers;
  }

  /**
   * Returns the time-boxed doubling events.
   *
   * @return the events
   */
  public List<DoublingEvent> doublingEvents() {
    return doublingEvents;
  }

  /**
   * Returns when earned points expire.
   *
   * @return the expiry
   */
  public Expiry expiry() {
    return expiry;
  }

  /**
   * Returns how long the points of an order stay pending before they can be spent, such as the
   * return window.
   *
   * @return the delay, zero or more
   */
  public Duration activationDelay() {
    return activationDelay;
  }

  /**
   * Returns the tier ladder.
   *
   * @return the ladder
   */
  public TierLadder tiers() {
    return tiers;
  }

  /**
   * Returns the benefit catalogue.
   *
   * @return benefit id to definition
   */
  public Map<String, BenefitDefinition> benefits() {
    return benefits;
  }

  /**
   * Returns the rules that grant benefits with purchases.
   *
   * @return the rules
   */
  public List<PurchaseBenefit> purchaseBenefits() {
    return purchaseBenefits;
  }

  /**
   * Returns what a refund does when the order's points were already spent.
   *
   * @return the policy
   */
  public RefundPolicy refundPolicy() {
    return refundPolicy;
  }

  @Override
  public String toString() {
    return "LoyaltyProgram[" + id + ", " + layer + " " + scope + ", " + currency + "]";
  }

  /** Builds a {@link LoyaltyProgram}; not thread-safe. */
  public static final class Builder {

    private final String id;
    private MemberLayer layer = MemberLayer.BRAND;
    private String scope;
    private String currency;
    private ZoneId zone = ZoneOffset.UTC;
    private long earnPoints = 1;
    private long earnPerMinorUnits = 100;
    private RoundingMode rounding = RoundingMode.DOWN;
    private final Map<String, BigDecimal> categoryMultipliers = new LinkedHashMap<>();
    private final Map<String, BigDecimal> tierMultipliers = new LinkedHashMap<>();
    private final List<DoublingEvent> doublingEvents = new ArrayList<>();
    private Expiry expiry = Expiry.of(Expiry.Mode.END_OF_YEAR_AFTER_NEXT);
    private Duration activationDelay = Duration.ZERO;
    private TierLadder tiers = TierLadder.single("member");
    private final Map<String, BenefitDefinition> benefits = new LinkedHashMap<>();
    private final List<PurchaseBenefit> purchaseBenefits = new ArrayList<>();
    private RefundPolicy refundPolicy = RefundPolicy.PENDING_ONLY;

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("program id cannot be blank: '" + id + "'");
      }
      this.scope = id;
      this.currency = id;
    }

    /**
     * Sets the member layer and the id of the group, brand, dealer or store.
     *
     * @param layer the layer
     * @param scope the scope's id
     * @return this builder
     */
    public Builder scope(MemberLayer layer, String scope) {
      this.layer = Objects.requireNonNull(layer, "layer");
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /**
     * Sets the name of the points currency.
     *
     * @param currency the currency
     * @return this builder
     */
    public Builder currency(String currency) {
      this.currency = Objects.requireNonNull(currency, "currency");
      return this;
    }

    /**
     * Sets the time zone of expiry dates and tier windows.
     *
     * @param zone the zone
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Sets the base earn rate: {@code points} points per {@code perMinorUnits} minor units paid.
     *
     * @param points at least 0
     * @param perMinorUnits at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code points} is negative or {@code perMinorUnits} less
     *     than 1
     */
    public Builder earnRate(long points, long perMinorUnits) {
      if (points < 0 || perMinorUnits < 1) {
        throw new IllegalArgumentException(
            "earn rate needs points >= 0 and perMinorUnits >= 1: " + points + "/" + perMinorUnits);
      }
      this.earnPoints = points;
      this.earnPerMinorUnits = perMinorUnits;
      return this;
    }

    /**
     * Sets how the points of an order are rounded.
     *
     * @param rounding the rounding mode; not {@link RoundingMode#UNNECESSARY}
     * @return this builder
     * @throws IllegalArgumentException if {@code rounding} is {@link RoundingMode#UNNECESSARY}
     */
    public Builder rounding(RoundingMode rounding) {
      if (rounding == RoundingMode.UNNECESSARY) {
        throw new IllegalArgumentException("rounding must round: " + rounding);
      }
      this.rounding = Objects.requireNonNull(rounding, "rounding");
      return this;
    }

    /**
     * Multiplies the points of the lines of a product category.
     *
     * @param category the category
     * @param multiplier at least 0, under 1,000,000,000, with at most 18 decimals; kept without
     *     its trailing zeros if it has more
     * @return this builder
     * @throws IllegalArgumentException if {@code multiplier} is negative, 1,000,000,000 or more, or
     *     has more than 18 decimals (trailing zeros aside)
     */
    public Builder categoryMultiplier(String category, BigDecimal multiplier) {
      categoryMultipliers.put(Objects.requireNonNull(category, "category"),
          Checks.multiplier(multiplier, false));
      return this;
    }

    /**
     * Multiplies the points of the members of a tier.
     *
     * @param tier the tier's id
     * @param multiplier at least 0, under 1,000,000,000, with at most 18 decimals; kept without
     *     its trailing zeros if it has more
     * @return this builder
     * @throws IllegalArgumentException if {@code multiplier} is negative, 1,000,000,000 or more, or
     *     has more than 18 decimals (trailing zeros aside)
     */
    public Builder tierMultiplier(String tier, BigDecimal multiplier) {
      tierMultipliers.put(Objects.requireNonNull(tier, "tier"),
          Checks.multiplier(multiplier, false));
      return this;
    }

    /**
     * Adds a time-boxed doubling event.
     *
     * @param event the event
     * @return this builder
     */
    public Builder doubling(DoublingEvent event) {
      doublingEvents.add(Objects.requireNonNull(event, "event"));
      return this;
    }

    /**
     * Sets when earned points expire.
     *
     * @param expiry the expiry
     * @return this builder
     */
    public Builder expiry(Expiry expiry) {
      this.expiry = Objects.requireNonNull(expiry, "expiry");
      return this;
    }

    /**
     * Sets how long the points of an order stay pending, such as the return window.
     *
     * @param delay zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Builder activationDelay(Duration delay) {
      if (Objects.requireNonNull(delay, "delay").isNegative()) {
        throw new IllegalArgumentException("activation delay cannot be negative: " + delay);
      }
      this.activationDelay = delay;
      return this;
    }

    /**
     * Sets the tier ladder.
     *
     * @param tiers the ladder
     * @return this builder
     */
    public Builder tiers(TierLadder tiers) {
      this.tiers = Objects.requireNonNull(tiers, "tiers");
      return this;
    }

    /**
     * Adds a benefit to the catalogue.
     *
     * @param benefit the benefit
     * @return this builder
     */
    public Builder benefit(BenefitDefinition benefit) {
      benefits.put(Objects.requireNonNull(benefit, "benefit").id(), benefit);
      return this;
    }

    /**
     * Adds a rule that grants a benefit with a purchase.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder purchaseBenefit(PurchaseBenefit rule) {
      purchaseBenefits.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Sets what a refund does when the order's points were already spent.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder refundPolicy(RefundPolicy policy) {
      this.refundPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds the programme.
     *
     * @return the programme
     * @throws IllegalArgumentException if a tier or a purchase rule names a benefit the catalogue
     *     lacks, or a tier multiplier names an unknown tier
     */
    public LoyaltyProgram build() {
      for (Tier tier : tiers.tiers()) {
        tier.benefits().forEach(this::requireBenefit);
      }
      purchaseBenefits.forEach(rule -> requireBenefit(rule.benefit()));
      for (String tier : tierMultipliers.keySet()) {
        if (tiers.rank(tier) < 0) {
          throw new IllegalArgumentException("tier multiplier names an unknown tier: " + tier);
        }
      }
      return new LoyaltyProgram(this);
    }

    private void requireBenefit(String benefit) {
      if (!benefits.containsKey(benefit)) {
        throw new IllegalArgumentException("unknown benefit in program " + id + ": " + benefit);
      }
    }
  }
}
