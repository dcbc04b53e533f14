package io.github.cdpkit.loyalty;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A time-boxed points multiplier (翻倍), such as double points over a shopping festival. When
 * several are active at once, only the largest applies: events do not multiply each other.
 *
 * @param name the event's name, written on the entries it affects
 * @param from the first instant of the event
 * @param until the first instant after the event
 * @param multiplier the factor, greater than 0
 */
public record DoublingEvent(String name, Instant from, Instant until, BigDecimal multiplier) {

  /**
   * Checks the arguments.
   *
   * @param name the event's name
   * @param from the first instant of the event
   * @param until the first instant after the event, after {@code from}
   * @param multiplier the factor, greater than 0, under 1,000,000,000, with at most 18 decimals;
   *     kept without its trailing zeros if it has more
   * @throws IllegalArgumentException if {@code until} is not after {@code from} or the multiplier
   *     is not positive, is 1,000,000,000 or more, or has more than 18 decimals (trailing zeros
   *     aside)
   */
  public DoublingEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(multiplier, "multiplier");
    if (!until.isAfter(from)) {
      throw new IllegalArgumentException(
          "doubling event must end after it starts: " + from + " .. " + until);
    }
    multiplier = Checks.multiplier(multiplier, true);
  }

  /**
   * Tells whether the event is active at {@code at}.
   *
   * @param at the instant
   * @return whether {@code from <= at < until}
   */
  public boolean isActiveAt(Instant at) {
    return !at.isBefore(from) && at.isBefore(until);
  }
}
