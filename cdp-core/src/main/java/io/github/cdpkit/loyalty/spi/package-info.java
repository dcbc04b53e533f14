/**
 * The pluggable parts of loyalty: where ledger entries are kept, how tiers settle when accounts
 * merge, and how points convert between programme currencies.
 *
 * <p>{@link io.github.cdpkit.loyalty.spi.LedgerStore} ships with {@link
 * io.github.cdpkit.loyalty.spi.InMemoryLedgerStore}, and {@code cdp-testkit} holds the abstract
 * contract test an implementation must pass.
 */
@NullMarked
package io.github.cdpkit.loyalty.spi;

import org.jspecify.annotations.NullMarked;
