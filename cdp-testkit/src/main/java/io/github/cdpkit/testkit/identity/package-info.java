/**
 * The contract of the identity SPI: abstract JUnit Jupiter tests that every implementation of
 * {@link io.github.cdpkit.identity.spi.IdentityStore} must pass.
 *
 * <p>An implementer extends {@link io.github.cdpkit.testkit.identity.IdentityStoreContract} in their
 * own tests and returns a fresh store from {@code newStore()}; every rule the SPI's javadoc states
 * then runs against it. A store that makes each change atomic (it overrides
 * {@link io.github.cdpkit.identity.spi.IdentityStore#atomically}) extends
 * {@link io.github.cdpkit.testkit.identity.AtomicIdentityStoreContract} instead, which also checks
 * that a failed change leaves nothing behind.
 */
@NullMarked
package io.github.cdpkit.testkit.identity;

import org.jspecify.annotations.NullMarked;
