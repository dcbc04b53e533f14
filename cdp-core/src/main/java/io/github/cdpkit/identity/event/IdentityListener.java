package io.github.cdpkit.identity.event;

/**
 * Follows the events of a resolver. Called synchronously, one event at a time, in sequence order,
 * after the change is visible to lookups; a listener may look up identities but must not block for
 * long. An exception thrown by a listener is logged and does not stop the other listeners.
 */
@FunctionalInterface
public interface IdentityListener {

  /**
   * Receives one event.
   *
   * @param event the event
   */
  void onEvent(IdentityEvent event);
}
