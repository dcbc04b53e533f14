package io.github.cdpkit.loyalty;

import io.github.cdpkit.loyalty.event.LoyaltyListener;
import io.github.cdpkit.loyalty.internal.LoyaltyEngine;
import io.github.cdpkit.loyalty.spi.InMemoryLedgerStore;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import io.github.cdpkit.loyalty.spi.PointsConversion;
import io.github.cdpkit.loyalty.spi.TierMergePolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link LoyaltyService}; not thread-safe.
 *
 * <pre>{@code
 * LoyaltyService loyalty = LoyaltyService.builder()
 *     .program(tmallStore)
 *     .program(brandApp)
 *     .tierMergePolicy(TierMergePolicy.priorityProgram("brand"))
 *     .conversion(PointsConversion.sameCurrency().withRate("TM", "HP", 1, 2, RoundingMode.DOWN))
 *     .clock(Clock.systemUTC())
 *     .build();
 * }</pre>
 */
public final class LoyaltyServiceBuilder {

  private final Map<String, LoyaltyProgram> programs = new LinkedHashMap<>();
  private LedgerStore store = new InMemoryLedgerStore();
  private TierMergePolicy tierMergePolicy = TierMergePolicy.highestWins();
  private PointsConversion conversion = PointsConversion.sameCurrency();
  private Clock clock = Clock.systemUTC();
  private final List<LoyaltyListener> listeners = new ArrayList<>();

  LoyaltyServiceBuilder() {}

  /**
   * Registers a programme.
   *
   * @param program the programme
   * @return this builder
   * @throws IllegalArgumentException if a programme with the same id was registered
   */
  public LoyaltyServiceBuilder program(LoyaltyProgram program) {
    if (programs.putIfAbsent(program.id(), program) != null) {
      throw new IllegalArgumentException("program registered twice: " + program.id());
    }
    return this;
  }

  /**
   * Sets where ledger entries are written; by default an {@link InMemoryLedgerStore}.
   *
   * @param store the store, empty
   * @return this builder
   */
  public LoyaltyServiceBuilder store(LedgerStore store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Sets how tiers settle when accounts merge; by default {@link TierMergePolicy#highestWins()}.
   *
   * @param policy the policy
   * @return this builder
   */
  public LoyaltyServiceBuilder tierMergePolicy(TierMergePolicy policy) {
    this.tierMergePolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Sets how points convert between programme currencies when accounts merge; by default {@link
   * PointsConversion#sameCurrency()}.
   *
   * @param conversion the conversion
   * @return this builder
   */
  public LoyaltyServiceBuilder conversion(PointsConversion conversion) {
    this.conversion = Objects.requireNonNull(conversion, "conversion");
    return this;
  }

  /**
   * Sets the clock of every operation, expiry and evaluation; by default the system clock in UTC.
   *
   * @param clock the clock
   * @return this builder
   */
  public LoyaltyServiceBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Registers a listener of tier changes, merges and unmerges.
   *
   * @param listener the listener
   * @return this builder
   */
  public LoyaltyServiceBuilder listener(LoyaltyListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Builds the service.
   *
   * @return the service
   * @throws IllegalStateException if no programme was registered
   */
  public LoyaltyService build() {
    if (programs.isEmpty()) {
      throw new IllegalStateException("a loyalty service needs at least one program");
    }
    return new LoyaltyEngine(
        programs, store, tierMergePolicy, conversion, clock, List.copyOf(listeners));
  }
}
