/**
 * The contract of the profile SPI: abstract JUnit Jupiter tests that every implementation of
 * {@link io.github.cdpkit.profile.spi.ProfileStore} must pass.
 *
 * <p>An implementer extends {@link io.github.cdpkit.testkit.profile.ProfileStoreContract} in their
 * own tests and returns a fresh store from {@code newStore()}; every rule the SPI's javadoc states
 * then runs against it.
 */
@NullMarked
package io.github.cdpkit.testkit.profile;

import org.jspecify.annotations.NullMarked;
