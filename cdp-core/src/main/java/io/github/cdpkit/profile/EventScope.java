package io.github.cdpkit.profile;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which timeline events a channel sees: none, its own, those at one outlet (a dealer sees the
 * orders placed with it, not another dealer's), or all; optionally only some kinds. Immutable.
 *
 * <pre>{@code
 * EventScope dealer = EventScope.atOutlet("dealer-7").onlyKinds(EventKind.ORDER, EventKind.RETURN);
 * }</pre>
 */
public final class EventScope {

  private enum Reach { NONE, OWN, OUTLET, ALL }

  private final Reach reach;
  private final @Nullable String outlet;
  private final Set<EventKind> kinds;

  private EventScope(Reach reach, @Nullable String outlet, Set<EventKind> kinds) {
    this.reach = reach;
    this.outlet = outlet;
    this.kinds = kinds;
  }

  /**
   * Returns the scope that sees no event.
   *
   * @return the scope
   */
  public static EventScope none() {
    return new EventScope(Reach.NONE, null, EnumSet.allOf(EventKind.class));
  }

  /**
   * Returns the scope that sees the events the channel itself recorded.
   *
   * @return the scope
   */
  public static EventScope own() {
    return new EventScope(Reach.OWN, null, EnumSet.allOf(EventKind.class));
  }

  /**
   * Returns the scope that sees the events that happened at one store or dealer, whichever channel
   * recorded them.
   *
   * @param outlet the store's or dealer's id
   * @return the scope
   * @throws IllegalArgumentException if the outlet is blank
   */
  public static EventScope atOutlet(String outlet) {
    if (outlet.isBlank()) {
      throw new IllegalArgumentException("outlet must not be blank: '" + outlet + "'");
    }
    return new EventScope(Reach.OUTLET, outlet, EnumSet.allOf(EventKind.class));
  }

  /**
   * Returns the scope that sees every event.
   *
   * @return the scope
   */
  public static EventScope all() {
    return new EventScope(Reach.ALL, null, EnumSet.allOf(EventKind.class));
  }

  /**
   * Returns this scope narrowed to some kinds of event.
   *
   * @param first a kind
   * @param more further kinds
   * @return a new scope that sees only events of these kinds
   */
  public EventScope onlyKinds(EventKind first, EventKind... more) {
    return new EventScope(reach, outlet, EnumSet.of(first, more));
  }

  /**
   * Returns whether a channel with this scope sees {@code event}.
   *
   * @param channel the channel that asks
   * @param event the event
   * @return {@code true} if the event is within the scope
   */
  public boolean covers(String channel, TimelineEvent event) {
    if (!kinds.contains(event.kind())) {
      return false;
    }
    return switch (reach) {
      case NONE -> false;
      case OWN -> event.channel().equals(channel);
      case OUTLET -> Objects.equals(event.outlet(), outlet);
      case ALL -> true;
    };
  }

  @Override
  public String toString() {
    String where =
        reach == Reach.OUTLET ? "outlet " + outlet : reach.name().toLowerCase(Locale.ROOT);
    return kinds.size() == EventKind.values().length ? where : where + " " + kinds;
  }
}
