/**
 * The loyalty engine: accounts with their lots ordered by expiry, the per-account locks, tier
 * evaluation and the merge records. Not exported; free to change between releases.
 */
@NullMarked
package io.github.cdpkit.loyalty.internal;

import org.jspecify.annotations.NullMarked;
