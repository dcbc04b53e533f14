package io.github.cdpkit.profile;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.profile.internal.ProfilePool;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import io.github.cdpkit.profile.spi.MergeStrategy;
import io.github.cdpkit.profile.spi.ProfileStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link ProfileService}; not thread-safe.
 *
 * <pre>{@code
 * ProfileService profiles = ProfileService.builder(resolver)
 *     .store(new InMemoryProfileStore())
 *     .clock(Clock.systemUTC())
 *     .defaultStrategy(MergeStrategy.mostRecent())
 *     .strategy("address", MergeStrategy.bySourcePriority("pos", "tmall"))
 *     .strategy("registered_on", MergeStrategy.oldest())
 *     .grant(ChannelGrant.builder("pos").editsAllAttributes().build())
 *     .build();
 * }</pre>
 */
public final class ProfileServiceBuilder {

  private final IdentityResolver resolver;
  private ProfileStore store = new InMemoryProfileStore();
  private Clock clock = Clock.systemUTC();
  private MergeStrategy defaultStrategy = MergeStrategy.mostRecent();
  private final Map<String, MergeStrategy> strategies = new HashMap<>();
  private final Map<String, ChannelGrant> grants = new HashMap<>();

  ProfileServiceBuilder(IdentityResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Sets the store of the records' contributions; by default an {@link InMemoryProfileStore}. A
   * store that already holds contributions is read back when the service is built.
   *
   * <p>A contribution whose record the resolver does not know is left out of the pool, with a
   * warning in the log, but not deleted: the resolver cannot tell a record erased while no service
   * followed it (the profile service was down) from one it never knew, such as a store read back
   * before the resolver it belongs with. Erasure while no service follows the resolver therefore
   * leaves the person's contributions in the store; delete them there, by the record keys the
   * warnings name, or keep a service following the resolver whenever it erases.
   *
   * @param store the store
   * @return this builder
   */
  public ProfileServiceBuilder store(ProfileStore store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Sets the clock that stamps edits, consents, memberships and records without an observation
   * time; by default the system clock in UTC.
   *
   * @param clock the clock
   * @return this builder
   */
  public ProfileServiceBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Sets the strategy of attributes that have none of their own; by default
   * {@link MergeStrategy#mostRecent()}.
   *
   * @param strategy the strategy
   * @return this builder
   */
  public ProfileServiceBuilder defaultStrategy(MergeStrategy strategy) {
    this.defaultStrategy = Objects.requireNonNull(strategy, "strategy");
    return this;
  }

  /**
   * Sets how one attribute's values from several sources are combined.
   *
   * @param attribute the attribute's name
   * @param strategy the strategy
   * @return this builder
   */
  public ProfileServiceBuilder strategy(String attribute, MergeStrategy strategy) {
    strategies.put(Objects.requireNonNull(attribute, "attribute"),
        Objects.requireNonNull(strategy, "strategy"));
    return this;
  }

  /**
   * Grants a channel its rights, replacing an earlier grant of the same channel.
   *
   * @param grant the grant
   * @return this builder
   */
  public ProfileServiceBuilder grant(ChannelGrant grant) {
    grants.put(Objects.requireNonNull(grant, "grant").channel(), grant);
    return this;
  }

  /**
   * Builds the service, which starts following the resolver's events and reads back what the store
   * holds.
   *
   * @return the service
   */
  public ProfileService build() {
    return ProfilePool.start(
        resolver, store, clock, defaultStrategy, Map.copyOf(strategies), Map.copyOf(grants));
  }
}
