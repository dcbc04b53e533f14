package io.github.cdpkit.core.internal;

import java.time.Instant;

/**
 * The instants the library can keep: the resolver keeps a record's time as epoch milliseconds in a
 * {@code long}, about 292 million years either side of 1970, where {@link Instant} reaches a
 * billion years.
 */
public final class EpochMillis {

  private static final Instant FIRST = Instant.ofEpochMilli(Long.MIN_VALUE);
  private static final Instant LAST = Instant.ofEpochMilli(Long.MAX_VALUE);

  private EpochMillis() {}

  /**
   * Tells whether an instant lies within the range of epoch milliseconds, ends included.
   *
   * @param instant the instant
   * @return whether {@link Instant#toEpochMilli} can give it
   */
  public static boolean holds(Instant instant) {
    return !instant.isBefore(FIRST) && !instant.isAfter(LAST);
  }
}
