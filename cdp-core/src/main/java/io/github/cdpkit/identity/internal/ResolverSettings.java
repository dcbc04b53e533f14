package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.event.IdentityListener;
import java.time.Clock;
import java.util.List;

/**
 * What the builder decided, handed to the engine in one piece. A class rather than a record so that
 * the salt is copied on the way in and out: an array component would leak the secret's bytes.
 */
public final class ResolverSettings {

  private final IdentifierTypes types;
  private final int genericThreshold;
  private final int expectedRecords;
  private final Clock clock;
  private final byte[] erasureSalt;
  private final List<IdentityListener> listeners;

  /**
   * Collects the settings.
   *
   * @param types the identifier types
   * @param genericThreshold records per value above which the value stops linking
   * @param expectedRecords how many records to size the graph for from the start
   * @param clock the clock
   * @param erasureSalt the deny list's secret salt, copied
   * @param listeners the listeners registered at build time
   */
  public ResolverSettings(IdentifierTypes types, int genericThreshold, int expectedRecords,
      Clock clock, byte[] erasureSalt, List<IdentityListener> listeners) {
    this.types = types;
    this.genericThreshold = genericThreshold;
    this.expectedRecords = expectedRecords;
    this.clock = clock;
    this.erasureSalt = erasureSalt.clone();
    this.listeners = List.copyOf(listeners);
  }

  IdentifierTypes types() {
    return types;
  }

  int genericThreshold() {
    return genericThreshold;
  }

  int expectedRecords() {
    return expectedRecords;
  }

  Clock clock() {
    return clock;
  }

  byte[] erasureSalt() {
    return erasureSalt.clone();
  }

  List<IdentityListener> listeners() {
    return listeners;
  }
}
