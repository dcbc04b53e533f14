package io.github.cdpkit.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event on a person's timeline: an order, a return, a review, a message sent, a coupon, a
 * stored-value card.
 *
 * <pre>{@code
 * TimelineEvent order = TimelineEvent.builder("o-881", EventKind.ORDER, "dealer_app", at)
 *     .outlet("dealer-7")
 *     .line("FRIDGE-500L", 1, Money.of("5999.00", "CNY"))
 *     .build(); // amount CNY 5999.00, the sum of the lines
 * }</pre>
 *
 * @param id the event's id within its channel; recording an event with the same id again
 *     replaces it
 * @param kind what the event records
 * @param channel the channel that recorded it
 * @param at when it happened
 * @param outlet the store or dealer it happened at, or {@code null}
 * @param amount what it was worth (an order's total, a refund, a card's top-up), or {@code null}
 * @param lines the items of an order or return, else empty
 * @param details further facts by name, such as a review's rating or a coupon's code
 */
public record TimelineEvent(
    String id,
    EventKind kind,
    String channel,
    Instant at,
    @Nullable String outlet,
    @Nullable Money amount,
    List<OrderLine> lines,
    Map<String, String> details) {

  /**
   * Validates the parts and copies the collections.
   *
   * @param id the event's id within its channel
   * @param kind what the event records
   * @param channel the channel that recorded it
   * @param at when it happened
   * @param outlet the store or dealer it happened at, or {@code null}
   * @param amount what it was worth, or {@code null}
   * @param lines the items of an order or return, else empty
   * @param details further facts by name
   * @throws IllegalArgumentException if the id, channel or outlet is blank
   */
  public TimelineEvent {
    requireText("id", id);
    requireText("channel", channel);
    if (outlet != null) {
      requireText("outlet", outlet);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    lines = List.copyOf(lines);
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * Starts an event.
   *
   * @param id the event's id within its channel
   * @param kind what it records
   * @param channel the channel that records it
   * @param at when it happened
   * @return a builder
   */
  public static Builder builder(String id, EventKind kind, String channel, Instant at) {
    return new Builder(id, kind, channel, at);
  }

  private static void requireText(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank: '" + value + "'");
    }
  }

  /** Builds a {@link TimelineEvent}; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final EventKind kind;
    private final String channel;
    private final Instant at;
    private @Nullable String outlet;
    private @Nullable Money amount;
    private final List<OrderLine> lines = new ArrayList<>();
    private final Map<String, String> details = new LinkedHashMap<>();

    private Builder(String id, EventKind kind, String channel, Instant at) {
      this.id = id;
      this.kind = kind;
      this.channel = channel;
      this.at = at;
    }

    /**
     * Sets the store or dealer the event happened at.
     *
     * @param outlet the store's or dealer's id
     * @return this builder
     */
    public Builder outlet(String outlet) {
      this.outlet = Objects.requireNonNull(outlet, "outlet");
      return this;
    }

    /**
     * Sets the amount; without one, an event with lines is worth the sum of its lines.
     *
     * @param amount the amount
     * @return this builder
     */
    public Builder amount(Money amount) {
      this.amount = Objects.requireNonNull(amount, "amount");
      return this;
    }

    /**
     * Adds an item.
     *
     * @param sku the item's stock-keeping unit
     * @param quantity how many, at least 1
     * @param unitPrice the price of one
     * @return this builder
     * @throws IllegalArgumentException if the sku is blank or the quantity less than 1
     */
    public Builder line(String sku, long quantity, Money unitPrice) {
      lines.add(new OrderLine(sku, quantity, unitPrice));
      return this;
    }

    /**
     * Sets a further fact, replacing an earlier one of the same name.
     *
     * @param name the fact's name
     * @param value its value
     * @return this builder
     */
    public Builder detail(String name, String value) {
      details.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Returns the event.
     *
     * @return a new event with what was set so far
     * @throws IllegalArgumentException if the lines have different currencies
     */
    public TimelineEvent build() {
      Money worth = amount;
      if (worth == null && !lines.isEmpty()) {
        worth = lines.stream().map(OrderLine::total).reduce(Money::plus).orElseThrow();
      }
      return new TimelineEvent(id, kind, channel, at, outlet, worth, lines, details);
    }
  }
}
