/**
 * Loyalty programmes as the JSON documents operators write: {@link
 * io.github.cdpkit.loyalty.config.ProgramConfig} reads and writes them, keeping the model types free
 * of Jackson.
 */
@NullMarked
package io.github.cdpkit.loyalty.config;

import org.jspecify.annotations.NullMarked;
