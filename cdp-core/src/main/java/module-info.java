/**
 * CDP Kit core: OneID identity resolution, the user pool and loyalty; in later releases, journeys.
 *
 * <p>Exports the API, event and SPI packages of each area; the engines under {@code internal} stay
 * hidden.
 */
module io.github.cdpkit.core {
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires com.github.benmanes.caffeine;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.csv;

  exports io.github.cdpkit.identity;
  exports io.github.cdpkit.identity.config;
  exports io.github.cdpkit.identity.event;
  exports io.github.cdpkit.identity.spi;
  exports io.github.cdpkit.profile;
  exports io.github.cdpkit.profile.spi;
  exports io.github.cdpkit.loyalty;
  exports io.github.cdpkit.loyalty.config;
  exports io.github.cdpkit.loyalty.event;
  exports io.github.cdpkit.loyalty.spi;
}
