package io.github.cdpkit.identity.spi;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.OneId;
import java.util.Optional;

/**
 * A slow source of answers to "who holds this identifier": a table of assignments that a reader
 * process keeps up to date from the resolver's events, a remote identity service, or a resolver in
 * another process. {@link io.github.cdpkit.identity.CachedIdentityLookup} puts a bounded cache in
 * front of one.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface IdentityLookup {

  /**
   * Returns the person holding an identifier.
   *
   * @param identifier the identifier, normalised
   * @return the person's current id, or empty if unknown
   */
  Optional<OneId> resolve(Identifier identifier);
}
