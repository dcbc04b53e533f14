/**
 * CDP Kit test kit: the abstract contract tests that every implementation of a CDP Kit SPI must pass,
 * and a deterministic synthetic population for tests, benchmarks and examples.
 *
 * <p>Exports {@code io.github.cdpkit.testkit.population} (the generator),
 * {@code io.github.cdpkit.testkit.identity} (the contracts of
 * {@link io.github.cdpkit.identity.spi.IdentityStore}, and of one that makes each change atomic),
 * {@code io.github.cdpkit.testkit.profile} (the contract of {@link io.github.cdpkit.profile.spi.ProfileStore}) and
 * {@code io.github.cdpkit.testkit.loyalty} (the contract of
 * {@link io.github.cdpkit.loyalty.spi.LedgerStore}). JUnit Jupiter and AssertJ are required
 * transitively, so a module that extends a contract test reads them.
 */
module io.github.cdpkit.testkit {
  requires transitive io.github.cdpkit.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires static org.jspecify;

  exports io.github.cdpkit.testkit.population;
  exports io.github.cdpkit.testkit.identity;
  exports io.github.cdpkit.testkit.profile;
  exports io.github.cdpkit.testkit.loyalty;
}
