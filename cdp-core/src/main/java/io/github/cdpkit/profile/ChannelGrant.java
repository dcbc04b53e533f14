package io.github.cdpkit.profile;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one channel may see and do in the user pool. A channel without a grant may do nothing; a
 * grant allows nothing it does not name. Immutable.
 *
 * <ul>
 *   <li><b>Attributes</b>: which it may read, which it may edit (editing implies reading); a
 *       channel ingests its own records only, with attributes it may edit.
 *   <li><b>Supplied only</b>: a marketplace sees nothing it did not supply: only profiles it has a
 *       record of, found only by identifiers its own records carry, and there only its own values,
 *       identifiers, memberships and events. That its own records are one person is not hidden:
 *       a profile lists all of them, and an ingest reports the person the record joined.
 *   <li><b>Identifiers</b>: whether it sees the person's identifiers (phones, e-mails, OpenIDs);
 *       a supplied-only channel sees only those its own records carry.
 *   <li><b>Events</b>: which it sees ({@link EventScope}), which kinds it may record.
 *   <li><b>Consent and memberships</b>: whether it may record them. Every channel sees the consents
 *       in force, so that no channel markets to a person who withdrew.
 *   <li><b>Tags</b>: whether it may set and remove the person's tags. Every channel sees the tags,
 *       except that a supplied-only channel sees only those it set.
 * </ul>
 *
 * <pre>{@code
 * ChannelGrant dealer = ChannelGrant.builder("dealer-7")
 *     .reads("city", "nickname").edits("nickname")
 *     .seesEvents(EventScope.atOutlet("dealer-7"))
 *     .records(EventKind.ORDER, EventKind.RETURN)
 *     .managesMemberships()
 *     .build();
 * }</pre>
 */
public final class ChannelGrant {

  private final String channel;
  private final boolean readsAllAttributes;
  private final Set<String> readable;
  private final boolean editsAllAttributes;
  private final Set<String> editable;
  private final boolean readsIdentifiers;
  private final boolean suppliedOnly;
  private final EventScope events;
  private final Set<EventKind> recordable;
  private final boolean managesConsent;
  private final boolean managesMemberships;
  private final boolean managesTags;

  private ChannelGrant(Builder builder) {
    this.channel = builder.channel;
    this.readsAllAttributes = builder.readsAllAttributes;
    this.readable = Set.copyOf(builder.readable);
    this.editsAllAttributes = builder.editsAllAttributes;
    this.editable = Set.copyOf(builder.editable);
    this.readsIdentifiers = builder.readsIdentifiers;
    this.suppliedOnly = builder.suppliedOnly;
    this.events = builder.events;
    this.recordable = builder.recordable.isEmpty()
        ? Set.of() : Set.copyOf(EnumSet.copyOf(builder.recordable));
    this.managesConsent = builder.managesConsent;
    this.managesMemberships = builder.managesMemberships;
    this.managesTags = builder.managesTags;
  }

  /**
   * Starts the grant of {@code channel}, which allows nothing yet.
   *
   * @param channel the channel, as it names its records' source
   * @return a builder
   * @throws IllegalArgumentException if the channel is blank
   */
  public static Builder builder(String channel) {
    if (channel.isBlank()) {
      throw new IllegalArgumentException("channel must not be blank: '" + channel + "'");
    }
    return new Builder(channel);
  }

  /**
   * Returns the channel the grant is for.
   *
   * @return the channel
   */
  public String channel() {
    return channel;
  }

  /**
   * Returns whether the channel may read an attribute.
   *
   * @param attribute the attribute's name
   * @return {@code true} if it may read or edit it
   */
  public boolean canRead(String attribute) {
    return readsAllAttributes || readable.contains(attribute) || canEdit(attribute);
  }

  /**
   * Returns whether the channel may edit an attribute, and supply it in its records.
   *
   * @param attribute the attribute's name
   * @return {@code true} if it may edit it
   */
  public boolean canEdit(String attribute) {
    return editsAllAttributes || editable.contains(attribute);
  }

  /**
   * Returns whether the channel sees the person's identifiers (a supplied-only channel: those its
   * own records carry).
   *
   * @return {@code true} if it does
   */
  public boolean readsIdentifiers() {
    return readsIdentifiers;
  }

  /**
   * Returns whether the channel sees only what it supplied.
   *
   * @return {@code true} for a channel that sees only profiles it has a record of, and there only
   *     its own values, memberships and events
   */
  public boolean suppliedOnly() {
    return suppliedOnly;
  }

  /**
   * Returns which events the channel sees.
   *
   * @return the scope
   */
  public EventScope events() {
    return events;
  }

  /**
   * Returns whether the channel may record events of a kind.
   *
   * @param kind the kind
   * @return {@code true} if it may
   */
  public boolean canRecord(EventKind kind) {
    return recordable.contains(kind);
  }

  /**
   * Returns whether the channel may record consents.
   *
   * @return {@code true} if it may
   */
  public boolean managesConsent() {
    return managesConsent;
  }

  /**
   * Returns whether the channel may record memberships.
   *
   * @return {@code true} if it may
   */
  public boolean managesMemberships() {
    return managesMemberships;
  }

  /**
   * Returns whether the channel may set and remove tags.
   *
   * @return {@code true} if it may
   */
  public boolean managesTags() {
    return managesTags;
  }

  @Override
  public String toString() {
    return "ChannelGrant[" + channel + ", reads " + (readsAllAttributes ? "all" : readable)
        + ", edits " + (editsAllAttributes ? "all" : editable) + ", events " + events
        + (suppliedOnly ? ", supplied only" : "") + "]";
  }

  /** Builds a {@link ChannelGrant}; not thread-safe. */
  public static final class Builder {
    private final String channel;
    private boolean readsAllAttributes;
    private final Set<String> readable = new LinkedHashSet<>();
    private boolean editsAllAttributes;
    private final Set<String> editable = new LinkedHashSet<>();
    private boolean readsIdentifiers;
    private boolean suppliedOnly;
    private EventScope events = EventScope.none();
    private final Set<EventKind> recordable = new LinkedHashSet<>();
    private boolean managesConsent;
    private boolean managesMemberships;
    private boolean managesTags;

    private Builder(String channel) {
      this.channel = channel;
    }

    /**
     * Allows reading some attributes.
     *
     * @param attributes the attributes' names
     * @return this builder
     */
    public Builder reads(String... attributes) {
      readable.addAll(List.of(attributes));
      return this;
    }

    /**
     * Allows reading every attribute.
     *
     * @return this builder
     */
    public Builder readsAllAttributes() {
      readsAllAttributes = true;
      return this;
    }

    /**
     * Allows editing (and so reading) some attributes.
     *
     * @param attributes the attributes' names
     * @return this builder
     */
    public Builder edits(String... attributes) {
      editable.addAll(List.of(attributes));
      return this;
    }

    /**
     * Allows editing (and so reading) every attribute.
     *
     * @return this builder
     */
    public Builder editsAllAttributes() {
      editsAllAttributes = true;
      return this;
    }

    /**
     * Shows the person's identifiers to the channel; a {@link #suppliedOnly} channel sees only
     * those its own records carry.
     *
     * @return this builder
     */
    public Builder readsIdentifiers() {
      readsIdentifiers = true;
      return this;
    }

    /**
     * Restricts the channel to what it supplied, as for a marketplace.
     *
     * @return this builder
     */
    public Builder suppliedOnly() {
      suppliedOnly = true;
      return this;
    }

    /**
     * Sets which events the channel sees; by default none.
     *
     * @param scope the scope
     * @return this builder
     */
    public Builder seesEvents(EventScope scope) {
      events = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /**
     * Allows recording events of some kinds.
     *
     * @param kinds the kinds
     * @return this builder
     */
    public Builder records(EventKind... kinds) {
      recordable.addAll(List.of(kinds));
      return this;
    }

    /**
     * Allows recording consents.
     *
     * @return this builder
     */
    public Builder managesConsent() {
      managesConsent = true;
      return this;
    }

    /**
     * Allows recording memberships.
     *
     * @return this builder
     */
    public Builder managesMemberships() {
      managesMemberships = true;
      return this;
    }

    /**
     * Allows setting and removing tags.
     *
     * @return this builder
     */
    public Builder managesTags() {
      managesTags = true;
      return this;
    }

    /**
     * Returns the grant.
     *
     * @return a new grant with what was allowed so far
     */
    public ChannelGrant build() {
      return new ChannelGrant(this);
    }
  }
}
