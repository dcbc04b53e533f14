package io.github.cdpkit.loyalty;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When earned points expire, computed in the programme's time zone. Points expire at the instant
 * returned by {@link #expiresAt}: from then on they can no longer be spent.
 *
 * @param mode how the expiry is computed
 * @param days for {@link Mode#AFTER_DAYS}, the number of days; else 0
 */
public record Expiry(Mode mode, int days) {

  /** How an expiry is computed from the instant points were earned. */
  public enum Mode {
    /** Never: the points stay until spent. */
    NEVER,
    /** A number of days after earning. */
    AFTER_DAYS,
    /** At the end of the month of earning. */
    END_OF_MONTH,
    /** At the end of the year of earning. */
    END_OF_YEAR,
    /** At the end of the year after the next: points earned in 2025 expire when 2027 ends. */
    END_OF_YEAR_AFTER_NEXT
  }

  /**
   * Checks the arguments.
   *
   * @param mode how the expiry is computed
   * @param days for {@link Mode#AFTER_DAYS}, at least 1; else 0
   * @throws IllegalArgumentException if {@code days} does not fit {@code mode}
   */
  public Expiry {
    Objects.requireNonNull(mode, "mode");
    if (mode == Mode.AFTER_DAYS ? days < 1 : days != 0) {
      throw new IllegalArgumentException(
          "days must be at least 1 for AFTER_DAYS and 0 otherwise: " + mode + " " + days);
    }
  }

  /**
   * Returns an expiry {@code days} days after earning.
   *
   * @param days at least 1
   * @return the expiry
   * @throws IllegalArgumentException if {@code days} is less than 1
   */
  public static Expiry afterDays(int days) {
    return new Expiry(Mode.AFTER_DAYS, days);
  }

  /**
   * Returns an expiry in {@code mode}, which takes no number of days.
   *
   * @param mode any mode but {@link Mode#AFTER_DAYS}
   * @return the expiry
   * @throws IllegalArgumentException if {@code mode} is {@link Mode#AFTER_DAYS}
   */
  public static Expiry of(Mode mode) {
    return new Expiry(mode, 0);
  }

  /**
   * Returns when points earned at {@code earnedAt} expire; {@link Instant#MAX} for {@link
   * Mode#NEVER}. An end of month or year is the first instant of the next month or year in {@code
   * zone}; days are calendar days in {@code zone}.
   *
   * @param earnedAt when the points were earned
   * @param zone the programme's time zone
   * @return the first instant at which the points are expired
   */
  public Instant expiresAt(Instant earnedAt, ZoneId zone) {
    ZonedDateTime local = earnedAt.atZone(zone);
    LocalDate date = local.toLocalDate();
    return switch (mode) {
      case NEVER -> Instant.MAX;
      case AFTER_DAYS -> local.plusDays(days).toInstant();
      case END_OF_MONTH -> date.withDayOfMonth(1).plusMonths(1).atStartOfDay(zone).toInstant();
      case END_OF_YEAR -> date.withDayOfYear(1).plusYears(1).atStartOfDay(zone).toInstant();
      case END_OF_YEAR_AFTER_NEXT ->
          date.withDayOfYear(1).plusYears(3).atStartOfDay(zone).toInstant();
    };
  }
}
