package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.event.IdentityListener;
import java.time.Clock;
import java.util.List;

/**
 * What the builder decided, handed to the engine in one piece.
 *
 * @param types the identifier types
 * @param genericThreshold records per value above which the value stops linking
 * @param clock the clock
 * @param erasureSalt the deny list's secret salt
 * @param listeners the listeners registered at build time
 */
public record ResolverSettings(
    IdentifierTypes types,
    int genericThreshold,
    Clock clock,
    byte[] erasureSalt,
    List<IdentityListener> listeners) {}
