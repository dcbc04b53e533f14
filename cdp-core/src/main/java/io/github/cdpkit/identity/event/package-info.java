/**
 * The events of identity resolution: people merged, split, erased, and the links the guards refused.
 *
 * <p>Every event carries a sequence number, unique and increasing within one resolver, which
 * downstream areas (loyalty, profiles) use as the idempotency key of what they do in response.
 */
@NullMarked
package io.github.cdpkit.identity.event;

import org.jspecify.annotations.NullMarked;
