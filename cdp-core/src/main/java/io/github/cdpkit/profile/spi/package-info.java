/**
 * The pluggable parts of the user pool: where each record's contribution is kept
 * ({@link io.github.cdpkit.profile.spi.ProfileStore}, with an in-memory default) and how values
 * from several sources are combined ({@link io.github.cdpkit.profile.spi.MergeStrategy}).
 */
@NullMarked
package io.github.cdpkit.profile.spi;

import org.jspecify.annotations.NullMarked;
