/**
 * The contract of the loyalty SPI: abstract JUnit Jupiter tests that every implementation of
 * {@link io.github.cdpkit.loyalty.spi.LedgerStore} must pass.
 *
 * <p>An implementer extends {@link io.github.cdpkit.testkit.loyalty.LedgerStoreContract} in their
 * own tests and returns a fresh store from {@code newStore()}.
 */
@NullMarked
package io.github.cdpkit.testkit.loyalty;

import org.jspecify.annotations.NullMarked;
