package io.github.cdpkit.profile;

import io.github.cdpkit.identity.OneId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a channel asks for something outside its {@link ChannelGrant}: a channel without a
 * grant, an attribute it may not read or edit, an event or consent it may not record. Nothing is
 * changed. The message names the channel, the operation and the profile.
 */
public final class ChannelAccessException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The channel that asked. */
  private final String channel;

  /** What it asked to do, such as {@code edit attribute 'address'}. */
  private final String operation;

  /** The profile it asked about, if one. */
  private final transient @Nullable OneId profile;

  private ChannelAccessException(String channel, String operation, @Nullable OneId profile) {
    super("channel '" + channel + "' may not " + operation
        + (profile == null ? "" : " of profile " + profile));
    this.channel = channel;
    this.operation = operation;
    this.profile = profile;
  }

  /**
   * Creates the exception for {@code channel}, which may not do {@code operation}.
   *
   * @param channel the channel that asked
   * @param operation what it asked to do, such as {@code edit attribute 'address'}
   * @param profile the profile it asked about, or {@code null} if none
   * @return the exception
   */
  public static ChannelAccessException channelAccessDenied(
      String channel, String operation, @Nullable OneId profile) {
    return new ChannelAccessException(channel, operation, profile);
  }

  /**
   * Returns the channel that asked.
   *
   * @return the channel
   */
  public String channel() {
    return channel;
  }

  /**
   * Returns what the channel asked to do.
   *
   * @return the operation, such as {@code edit attribute 'address'}
   */
  public String operation() {
    return operation;
  }

  /**
   * Returns the profile the channel asked about.
   *
   * @return the profile's id, or empty if the call was about none
   */
  public Optional<OneId> profile() {
    return Optional.ofNullable(profile);
  }
}
