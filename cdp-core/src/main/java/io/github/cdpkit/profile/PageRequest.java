package io.github.cdpkit.profile;

import io.github.cdpkit.identity.OneId;
import org.jspecify.annotations.Nullable;

/**
 * Which page of profiles to return: up to {@code limit} profiles whose id follows {@code after}, in
 * increasing {@link OneId} order. Paging by key rather than by offset keeps pages stable while the
 * pool changes: walking every page of an unchanging pool yields each profile exactly once.
 *
 * @param after the id after which the page starts, or {@code null} for the first page
 * @param limit how many profiles at most, from 1 to {@value #MAX_LIMIT}
 */
public record PageRequest(@Nullable OneId after, int limit) {

  /** The largest page. */
  public static final int MAX_LIMIT = 10_000;

  /**
   * Validates the limit.
   *
   * @param after the id after which the page starts, or {@code null} for the first page
   * @param limit how many profiles at most, from 1 to {@value #MAX_LIMIT}
   * @throws IllegalArgumentException if the limit is out of range
   */
  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ": " + limit);
    }
  }

  /**
   * Returns the first page.
   *
   * @param limit how many profiles at most, from 1 to {@value #MAX_LIMIT}
   * @return the request
   * @throws IllegalArgumentException if the limit is out of range
   */
  public static PageRequest first(int limit) {
    return new PageRequest(null, limit);
  }
}
