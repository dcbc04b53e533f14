/**
 * The pluggable parts of identity resolution: where evidence is stored, how values are normalised,
 * and the slow source a cached lookup reads.
 *
 * <p>{@link io.github.cdpkit.identity.spi.IdentityStore} ships with
 * {@link io.github.cdpkit.identity.spi.InMemoryIdentityStore}, and {@code cdp-testkit} holds the
 * abstract contract tests an implementation must pass ({@code IdentityStoreContract}, and
 * {@code AtomicIdentityStoreContract} for a store that overrides {@code atomically}).
 * {@link io.github.cdpkit.identity.spi.IdentifierNormalizer} ships with the built-in
 * {@link io.github.cdpkit.identity.spi.StandardNormalizers}.
 * {@link io.github.cdpkit.identity.spi.IdentityLookup} has no default: it is the user's own source
 * (a table kept from the events, a remote service) that
 * {@link io.github.cdpkit.identity.CachedIdentityLookup} puts a cache in front of.
 */
@NullMarked
package io.github.cdpkit.identity.spi;

import org.jspecify.annotations.NullMarked;
