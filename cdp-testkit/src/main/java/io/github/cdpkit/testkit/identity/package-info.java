/**
 * The contract of the identity SPI: abstract JUnit Jupiter tests that every implementation of
 * {@link io.github.cdpkit.identity.spi.IdentityStore} must pass.
 *
 * <p>An implementer extends {@link io.github.cdpkit.testkit.identity.IdentityStoreContract} in their
 * own tests and returns a fresh store from {@code newStore()}; every rule the SPI's javadoc states
 * then runs against it.
 */
@NullMarked
package io.github.cdpkit.testkit.identity;

import org.jspecify.annotations.NullMarked;
