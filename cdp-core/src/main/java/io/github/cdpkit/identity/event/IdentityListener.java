package io.github.cdpkit.identity.event;

/**
 * Follows the events of a resolver. Called synchronously, one event at a time, in sequence order,
 * after the change is visible to lookups; a listener may look up identities but must not block for
 * long. An exception (or an {@link Error} other than a {@link VirtualMachineError}) thrown by a
 * listener is logged and does not stop the other listeners, nor is the event delivered to it again.
 *
 * <p>A listener may also change the resolver (ingest, merge...). The events of its change come after
 * the event it is handling has reached every listener, so that each listener still sees every event
 * in sequence order: its own change returns before they are delivered, and the call whose event it
 * was delivers them before it returns.
 *
 * <p>A follower that must not miss an event (a loyalty service, a profile pool over a durable store)
 * keeps the {@linkplain IdentityEvent#sequence() sequence number} of the last event it applied, and
 * catches up from the resolver's {@link io.github.cdpkit.identity.IdentityResolver#history history}
 * after that number: after a failure of its own, and at every start, since events are not
 * delivered while it is not registered. Sequence numbers also let it apply an event at most once.
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
