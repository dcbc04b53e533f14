/**
 * The identity configuration as JSON: the identifier types with their normalisers, limits,
 * priorities and blocked values, and the generic-value threshold, read into an
 * {@link io.github.cdpkit.identity.config.IdentityConfig} that configures an
 * {@link io.github.cdpkit.identity.IdentityResolverBuilder}.
 *
 * <p>Operators keep these rules in a file next to their data; this package is the one place that
 * knows the file's shape, so the model types of {@code io.github.cdpkit.identity} carry no JSON
 * annotations. Every rejection names the JSON path of the bad value and shows the value.
 */
@NullMarked
package io.github.cdpkit.identity.config;

import org.jspecify.annotations.NullMarked;
