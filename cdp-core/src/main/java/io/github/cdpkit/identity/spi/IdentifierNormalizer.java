package io.github.cdpkit.identity.spi;

/**
 * Turns an identifier value as a channel gave it into the one form the resolver links on, so that
 * {@code 138 0013 8000} and {@code +86 13800138000} become the same value.
 *
 * <p>Implementations are pure functions and thread-safe; the resolver calls them from several
 * threads at once during bulk ingest.
 */
@FunctionalInterface
public interface IdentifierNormalizer {

  /**
   * Returns the normalised form of {@code value}.
   *
   * @param value the value as given, never {@code null}, already trimmed and not empty
   * @return the normalised value, not empty
   * @throws IllegalArgumentException if the value is malformed; the message says which rule it broke
   */
  String normalize(String value);
}
