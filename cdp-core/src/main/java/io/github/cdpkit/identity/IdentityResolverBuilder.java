package io.github.cdpkit.identity;

import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.identity.internal.GraphIdentityResolver;
import io.github.cdpkit.identity.internal.ResolverSettings;
import io.github.cdpkit.identity.internal.Snapshots;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link IdentityResolver}; not thread-safe.
 *
 * <pre>{@code
 * IdentityResolver resolver = IdentityResolver.builder()
 *     .types(IdentifierTypes.defaults("CN"))
 *     .genericThreshold(50)
 *     .clock(Clock.systemUTC())
 *     .listener(event -> log.info("{}", event))
 *     .build();
 * }</pre>
 */
public final class IdentityResolverBuilder {

  /** The default {@link #genericThreshold(int)}. */
  public static final int DEFAULT_GENERIC_THRESHOLD = 100;

  /**
   * The largest {@link #expectedRecords(int)}: 2^26 records (about 67 million, 7 GB of graph reserved
   * at once); a graph may still grow past it as records arrive.
   */
  public static final int MAX_EXPECTED_RECORDS = 1 << 26;

  private IdentifierTypes types = IdentifierTypes.defaults();
  private int genericThreshold = DEFAULT_GENERIC_THRESHOLD;
  private int expectedRecords;
  private @Nullable IdentityStore store;
  private Clock clock = Clock.systemUTC();
  private byte @Nullable [] erasureSalt;
  // The salt of the last snapshot restored, for a build() without a salt of the user's.
  private byte @Nullable [] restoredSalt;
  private final List<IdentityListener> listeners = new ArrayList<>();

  IdentityResolverBuilder() {}

  /**
   * Sets the identifier types; by default {@link IdentifierTypes#defaults()}.
   *
   * @param types the types
   * @return this builder
   */
  public IdentityResolverBuilder types(IdentifierTypes types) {
    this.types = Objects.requireNonNull(types, "types");
    return this;
  }

  /**
   * Sets how many records may hold one value before it is taken for generic (a store's counter
   * phone, a demo device) and stops linking; by default {@value #DEFAULT_GENERIC_THRESHOLD}.
   *
   * @param genericThreshold at least 2
   * @return this builder
   * @throws IllegalArgumentException if {@code genericThreshold} is less than 2
   */
  public IdentityResolverBuilder genericThreshold(int genericThreshold) {
    if (genericThreshold < 2) {
      throw new IllegalArgumentException("genericThreshold must be at least 2: " + genericThreshold);
    }
    this.genericThreshold = genericThreshold;
    return this;
  }

  /**
   * Sizes the graph for this many records from the start, as a {@code HashMap}'s initial capacity
   * does; by default it starts small and grows as it fills. Give it the size of a bulk load you know
   * of: the arrays kept per record then never grow during the load, those kept per identifier (sized
   * for as many identifiers as records) or per person grow less often, and the hash tables of record
   * and identifier keys are not rebuilt as they grow. More records are still taken, growing as
   * usual; fewer leave the difference unused. The room is reserved when the resolver is built, about 100
   * bytes per expected record, also when it is restored or reads back a store.
   *
   * @param expectedRecords from 0 to {@value #MAX_EXPECTED_RECORDS}
   * @return this builder
   * @throws IllegalArgumentException if {@code expectedRecords} is negative or above
   *     {@value #MAX_EXPECTED_RECORDS}
   */
  public IdentityResolverBuilder expectedRecords(int expectedRecords) {
    if (expectedRecords < 0 || expectedRecords > MAX_EXPECTED_RECORDS) {
      throw new IllegalArgumentException("expectedRecords must be from 0 to "
          + MAX_EXPECTED_RECORDS + ": " + expectedRecords);
    }
    this.expectedRecords = expectedRecords;
    return this;
  }

  /**
   * Sets the store that keeps what the resolver knows beyond the process: the evidence, id
   * assignments, decisions, deny list and history, all written through before a change becomes
   * visible. A store that already holds records is read back when the resolver is built.
   *
   * <p>Without a store, the resolver keeps the evidence in its own compact graph and the rest in an
   * {@link InMemoryIdentityStore}; {@link IdentityResolver#snapshot} and {@link #restore} then carry
   * it across restarts.
   *
   * @param store the store
   * @return this builder
   */
  public IdentityResolverBuilder store(IdentityStore store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Sets the clock that stamps events and records without an observation time; by default the
   * system clock in UTC.
   *
   * @param clock the clock
   * @return this builder
   */
  public IdentityResolverBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Sets the secret salt of the erasure deny list. A resolver over a durable store must be given the
   * same salt at every start, or replays of erased identifiers are no longer recognised; without
   * one, a random salt is drawn and travels in {@linkplain IdentityResolver#snapshot snapshots}, and
   * a {@link #restore} takes the snapshot's. A restore under a salt of this builder's refuses a
   * snapshot whose erasures were hashed with another.
   *
   * @param salt at least 16 bytes, copied
   * @return this builder
   * @throws IllegalArgumentException if the salt is shorter than 16 bytes
   */
  public IdentityResolverBuilder erasureSalt(byte[] salt) {
    Objects.requireNonNull(salt, "salt");
    if (salt.length < 16) {
      throw new IllegalArgumentException("erasure salt must have at least 16 bytes: " + salt.length);
    }
    this.erasureSalt = salt.clone();
    return this;
  }

  /**
   * Registers a listener from the start.
   *
   * @param listener the listener
   * @return this builder
   */
  public IdentityResolverBuilder listener(IdentityListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Builds the resolver, reading back whatever its store holds.
   *
   * <p>What is read back is decided again under this builder's types and generic threshold. With
   * those it was written with, every person comes back as it was. A value that the types block now
   * but did not when it was linked (an operator found it to be junk, such as a store's counter
   * phone, and blocked it) is taken out of the records that hold it as
   * {@link IdentityResolver#removeLink} would take it: a
   * {@link io.github.cdpkit.identity.event.LinkRemoved} for each, then a
   * {@link io.github.cdpkit.identity.event.Split} wherever a person falls apart, its parts getting
   * back the ids they had, all delivered to this builder's listeners before this method returns,
   * and the records written through to the store, so that it happens once (and is not undone by
   * unblocking the value: ingest the records again for that). The records are written last: if the
   * store fails part-way, the next read back takes the value out again, and the history then holds
   * the {@code LinkRemoved} events recorded before the failure twice. A value that was generic, and
   * so linked no one, still gives a {@code LinkRemoved} for each record that holds it. Other changes
   * (limits, priorities, the generic threshold) are applied silently: people may come back grouped
   * as the changed rules group them, without events.
   *
   * <p>A store that failed part-way through a change, and did not roll it back, may hold ids that
   * its counter does not count yet, in the records or the events written before the failure: they
   * count as issued, and no new person gets one of them.
   *
   * @return the resolver
   * @throws IllegalStateException if a stored record holds an identifier whose type these types do
   *     not define, or whose value they refuse, or a stored record or event names an id past
   *     {@link Integer#MAX_VALUE}, the largest a resolver issues
   */
  public IdentityResolver build() {
    IdentityStore given = store;
    return given != null
        ? new GraphIdentityResolver(settings(), given, true, given::forEachRecord)
        : new GraphIdentityResolver(settings(), new InMemoryIdentityStore(), false, records -> { });
  }

  /**
   * Builds a resolver from a snapshot written by {@link IdentityResolver#snapshot}, loading it into
   * this builder's store, which must be empty.
   *
   * <p>The snapshot is decided again under this builder's types and generic threshold, as
   * {@link #build} decides what a store holds: a value blocked since is taken out, with events.
   *
   * <p>The snapshot is read and checked whole before anything is written to the store, so one that
   * ends early or is found corrupt leaves the store empty, also a store that does not roll back;
   * what it holds waits on the heap meanwhile, as a restore without a store keeps its records
   * there anyway. Its identifiers are checked against the types once the store holds it.
   *
   * @param in the snapshot; read to its end, not closed
   * @return the resolver, knowing what the snapshot's resolver knew
   * @throws IOException if reading fails, or the stream is not a snapshot of a version this release
   *     reads (1, 2 or 3), or is a corrupt one: bytes that do not match its checksum (version 3;
   *     1 and 2 have none), it ends early or bytes follow its end, a negative count, a value the
   *     types of this package refuse (a blank record key), a record key or a founded id written
   *     twice, an id past the int range, a record or an event naming an id past the last one
   *     issued, events out of order
   * @throws IllegalStateException if the store is not empty (it holds records, issued ids, manual
   *     decisions, erased identifiers or events), or this builder was given an
   *     {@link #erasureSalt} other than the one the snapshot's erased identifiers were hashed with
   *     (they would not be recognised again), or its
   *     {@link IdentityStore#atomically} did not run the restore, or ran it twice, or the snapshot
   *     holds an identifier whose type this builder's types do not define, or whose value they
   *     refuse (the store then holds the snapshot: build over it with the types it was written
   *     with)
   */
  public IdentityResolver restore(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    IdentityStore given = store;
    List<String> held = given != null ? contentsOf(given) : List.of();
    if (!held.isEmpty()) {
      throw new IllegalStateException(
          "restore needs an empty store, this one holds " + String.join(", ", held));
    }
    // Read and checked whole before anything is written: a snapshot found corrupt at its end
    // leaves the store empty, also one that does not roll back.
    Snapshots.Contents snapshot = Snapshots.read(in);
    if (erasureSalt != null && !snapshot.deniedHashes().isEmpty()
        && !Arrays.equals(erasureSalt, snapshot.salt())) {
      // Under this salt none of the snapshot's erased identifiers would be recognised again.
      throw new IllegalStateException("the snapshot's " + snapshot.deniedHashes().size()
          + " erased identifiers were hashed with another salt than this builder's erasureSalt; "
          + "restore with the salt the snapshot's resolver had, or with none to take the "
          + "snapshot's");
    }
    IdentityStore target = given != null ? given : new InMemoryIdentityStore();
    int[] runs = {0};
    // One change for the store: a store that fails part-way and rolls back is left empty.
    target.atomically(() -> {
      // Refused as every change of a resolver is: a second run would write the store again.
      if (++runs[0] > 1) {
        throw new IllegalStateException("the store ran the restore twice: a change cannot be"
            + " repeated, only rolled back");
      }
      snapshot.writeTo(target, given != null ? given::putRecord : record -> { });
      return null;
    });
    if (runs[0] == 0) {
      throw new IllegalStateException("the store's atomically did not run the restore");
    }
    // Kept for a build() over the store restored into, which holds no salt; another restore
    // takes its own snapshot's (it took this one's, and its deny list no longer matched).
    restoredSalt = snapshot.salt();
    return given != null
        ? new GraphIdentityResolver(settings(), given, true, given::forEachRecord)
        : new GraphIdentityResolver(settings(), target, false, snapshot.records()::forEach);
  }

  /**
   * What a store holds that a restore would mix with the snapshot's, as words for a message; empty
   * for an empty store. The lists are read whole only when the counts found nothing, so a full
   * store is told apart cheaply.
   */
  private static List<String> contentsOf(IdentityStore store) {
    List<String> held = new ArrayList<>();
    countOf(held, store.recordCount(), "record");
    if (store.lastIssuedId() != 0) {
      held.add("ids issued up to " + store.lastIssuedId());
    }
    if (held.isEmpty()) {
      countOf(held, store.decisions().size(), "manual decision");
      countOf(held, store.deniedHashes().size(), "erased identifier");
      countOf(held, store.events(0).size(), "event");
    }
    return held;
  }

  private static void countOf(List<String> held, long count, String thing) {
    if (count != 0) {
      held.add(count + " " + thing + (count == 1 ? "" : "s"));
    }
  }

  private ResolverSettings settings() {
    byte[] salt = erasureSalt != null ? erasureSalt : restoredSalt;
    if (salt == null) {
      salt = new byte[32];
      new SecureRandom().nextBytes(salt);
    }
    return new ResolverSettings(types, genericThreshold, expectedRecords, clock, salt,
        List.copyOf(listeners));
  }
}
