/**
 * The pluggable parts of identity resolution: where evidence is stored and how values are
 * normalised.
 *
 * <p>Each SPI ships with a default implementation, and {@code cdp-testkit} holds the abstract
 * contract test an implementation must pass.
 */
@NullMarked
package io.github.cdpkit.identity.spi;

import org.jspecify.annotations.NullMarked;
