package io.github.cdpkit.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * A membership in one layer: the person is a member of the group, a brand, a dealer or a store.
 *
 * @param layer the layer
 * @param unit which group, brand, dealer or store, such as {@code dealer-7}
 * @param channel the channel that recorded it
 * @param since when it was recorded
 */
public record Membership(MemberLayer layer, String unit, String channel, Instant since) {

  /**
   * Validates the parts.
   *
   * @param layer the layer
   * @param unit which group, brand, dealer or store
   * @param channel the channel that recorded it
   * @param since when it was recorded
   * @throws IllegalArgumentException if the unit or channel is blank
   */
  public Membership {
    Objects.requireNonNull(layer, "layer");
    if (unit.isBlank()) {
      throw new IllegalArgumentException("unit must not be blank: '" + unit + "'");
    }
    if (channel.isBlank()) {
      throw new IllegalArgumentException("channel must not be blank: '" + channel + "'");
    }
    Objects.requireNonNull(since, "since");
  }
}
