package io.github.cdpkit.loyalty.event;

/**
 * Follows the events of a loyalty service. Called synchronously after the change, outside the
 * accounts' locks, on the thread that made the change; an exception thrown by a listener is logged
 * and does not stop the other listeners.
 */
@FunctionalInterface
public interface LoyaltyListener {

  /**
   * Receives one event.
   *
   * @param event the event
   */
  void onEvent(LoyaltyEvent event);
}
