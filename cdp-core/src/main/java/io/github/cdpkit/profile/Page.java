package io.github.cdpkit.profile;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of results.
 *
 * <pre>{@code
 * for (PageRequest request = PageRequest.first(500); request != null; ) {
 *   Page<Profile> page = profiles.query("crm", List.of(), request);
 *   page.items().forEach(this::send);
 *   request = page.next();
 * }
 * }</pre>
 *
 * @param items the results, in order
 * @param next the request for the following page, or {@code null} if this is the last
 * @param <T> the type of the results
 */
public record Page<T>(List<T> items, @Nullable PageRequest next) {

  /**
   * Copies the list.
   *
   * @param items the results, in order
   * @param next the request for the following page, or {@code null} if this is the last
   */
  public Page {
    items = List.copyOf(items);
  }

  /**
   * Returns whether a page follows.
   *
   * @return {@code true} if {@link #next()} is not {@code null}
   */
  public boolean hasNext() {
    return next != null;
  }
}
