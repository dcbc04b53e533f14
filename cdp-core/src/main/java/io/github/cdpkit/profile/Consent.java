package io.github.cdpkit.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's consent to one purpose, given or withdrawn, by the channel that recorded it. The
 * latest consent of a purpose is the one in force.
 *
 * @param purpose what the consent is for, such as {@link #MARKETING}
 * @param granted {@code true} if given, {@code false} if withdrawn
 * @param channel the channel that recorded it
 * @param at when it was recorded
 */
public record Consent(String purpose, boolean granted, String channel, Instant at) {

  /** The purpose campaigns need: marketing messages and offers. */
  public static final String MARKETING = "marketing";

  /**
   * Validates the parts.
   *
   * @param purpose what the consent is for
   * @param granted {@code true} if given, {@code false} if withdrawn
   * @param channel the channel that recorded it
   * @param at when it was recorded
   * @throws IllegalArgumentException if the purpose or channel is blank
   */
  public Consent {
    if (purpose.isBlank()) {
      throw new IllegalArgumentException("purpose must not be blank: '" + purpose + "'");
    }
    if (channel.isBlank()) {
      throw new IllegalArgumentException("channel must not be blank: '" + channel + "'");
    }
    Objects.requireNonNull(at, "at");
  }
}
