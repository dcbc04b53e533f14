package io.github.cdpkit.loyalty;

import io.github.cdpkit.loyalty.event.LoyaltyListener;
import io.github.cdpkit.loyalty.internal.LoyaltyEngine;
import io.github.cdpkit.loyalty.spi.InMemoryLedgerStore;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import io.github.cdpkit.loyalty.spi.PointsConversion;
import io.github.cdpkit.loyalty.spi.TierMergePolicy;
import java.time.Clock;
import java.time.Duration;
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

  /** How long an operation's result is kept under its idempotency key unless set: 30 days. */
  public static final Duration DEFAULT_IDEMPOTENCY_RETENTION = Duration.ofDays(30);

  private final Map<String, LoyaltyProgram> programs = new LinkedHashMap<>();
  private LedgerStore store = new InMemoryLedgerStore();
  private TierMergePolicy tierMergePolicy = TierMergePolicy.highestWins();
  private PointsConversion conversion = PointsConversion.sameCurrency();
  private Clock clock = Clock.systemUTC();
  private Duration idempotencyRetention = DEFAULT_IDEMPOTENCY_RETENTION;
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
   * Sets where ledger entries are written; by default an {@link InMemoryLedgerStore}. A store that
   * already holds entries, such as a durable one after a restart, gives the service built over it
   * the points, lots and statements of its accounts back; tiers, benefits, orders, idempotency
   * keys and merge records are not in the ledger and start empty (see {@link LedgerStore}).
   *
   * @param store the store
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
   * Sets how long an operation's result is kept under its idempotency key, measured with the
   * {@linkplain #clock(Clock) clock}; by default {@link #DEFAULT_IDEMPOTENCY_RETENTION}. Within the
   * window, the same key again returns the first result; after it, the record is forgotten (the
   * next operation on the account drops it) and the key counts as new. Choose a window longer than
   * any caller retries: a burn or an adjustment repeated after it applies again. An earn repeated
   * after it is still refused, because the account remembers the orders it earned for, and a merge
   * is refused, because its sources are merged away; an unmerge of a merge already undone restores
   * nothing.
   *
   * @param retention at least one second
   * @return this builder
   * @throws IllegalArgumentException if {@code retention} is shorter than one second
   */
  public LoyaltyServiceBuilder idempotencyRetention(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "idempotency retention must be at least one second: " + retention);
    }
    this.idempotencyRetention = retention;
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
   * @return the service, with the accounts the store holds entries for rebuilt from them
   * @throws IllegalStateException if no programme was registered, or the store holds an account of
   *     a programme that was not
   */
  public LoyaltyService build() {
    if (programs.isEmpty()) {
      throw new IllegalStateException("a loyalty service needs at least one program");
    }
    return new LoyaltyEngine(
        programs, store, tierMergePolicy, conversion, clock, idempotencyRetention,
        List.copyOf(listeners));
  }
}
