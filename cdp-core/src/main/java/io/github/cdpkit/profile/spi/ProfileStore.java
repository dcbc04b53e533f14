package io.github.cdpkit.profile.spi;

import io.github.cdpkit.identity.RecordKey;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps what each channel record contributes to the profiles, by record key. The user pool writes
 * through the store before a change becomes visible, and reads it back when it starts.
 *
 * <p>A contribution reads back equal to the one stored, from {@link #get} and from {@link
 * #forEach} alike (the pool rebuilds itself from a visit when it starts): every part, the lists in
 * their order, instants to the nanosecond, amounts exactly (minor units over the whole {@code long}
 * range, negative ones, any currency), and strings as given, in any Unicode, spaces at their ends
 * kept. Keys are compared exactly, as {@link RecordKey#equals} does: keys that differ only in case,
 * accents or a trailing space, or whose parts join into the same text, name different records.
 *
 * <p>Implementations must be thread-safe; the pool calls one store from one thread at a time, but a
 * store may be shared with tools of the user's own. The contract every implementation must pass is
 * {@code io.github.cdpkit.testkit.profile.ProfileStoreContract} in {@code cdp-testkit}.
 */
public interface ProfileStore {

  /**
   * Returns a record's contribution.
   *
   * @param key the record's key
   * @return the contribution, or empty if none is stored
   */
  Optional<ProfileRecord> get(RecordKey key);

  /**
   * Stores a record's contribution, replacing the one stored under the same key.
   *
   * @param record the contribution
   */
  void put(ProfileRecord record);

  /**
   * Removes a record's contribution, leaving no trace of it.
   *
   * @param key the record's key
   * @return {@code true} if one was stored
   */
  boolean remove(RecordKey key);

  /**
   * Visits every stored contribution once, in no particular order.
   *
   * @param visitor receives each contribution
   */
  void forEach(Consumer<ProfileRecord> visitor);

  /**
   * Returns how many contributions are stored.
   *
   * @return the count
   */
  int size();
}
