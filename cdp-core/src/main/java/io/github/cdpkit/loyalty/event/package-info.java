/**
 * The events of loyalty: tier changes and account merges and unmerges, one record per event,
 * delivered to {@link io.github.cdpkit.loyalty.event.LoyaltyListener}s.
 */
@NullMarked
package io.github.cdpkit.loyalty.event;

import org.jspecify.annotations.NullMarked;
