package io.github.cdpkit.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.GenericValueDetected;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.identity.spi.IdentityLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Resolves identifiers through a slow {@link IdentityLookup}, keeping the answers for cold
 * identifiers in a bounded Caffeine cache that follows the resolver's events: a merge, a split, a
 * record's removal ({@link RecordRemoved}) or an erasure drops every cached answer naming an id it
 * changed, and a value found generic or taken out of a record ({@link LinkRemoved}) drops its own
 * answer. A value
 * named by a {@link Conflict} is never cached from then on: a guard left it with several people, and
 * the resolver's answer for it (the person holding its record with the smallest key) can change
 * when a record arrives, with no event naming the person it was. A cache registered after such a
 * conflict (on a resolver read back from a store or a snapshot) has not seen it, and may keep an
 * answer for such a value that a later ingest changes.
 *
 * <p>The values conflicts named are kept apart from the bounded cache, and for good: no event says
 * that a value is no longer contested (a dismissed refusal stays dismissed, a pending one can leave
 * the review queue without an event). They take about 130 bytes each, so memory beyond
 * {@link Builder#maximumSize} grows with the distinct values the resolver's conflicts named since
 * the cache was registered: about 9 MB for the 66,000 pending conflicts of 10 million generated
 * records, small beside the resolver itself. Replacing the cache to shed them is not safe: a new
 * one would not know them, as above.
 *
 * <p>Register it as a listener of the resolver whose answers the source reflects. Only found
 * identifiers are cached, so an identifier ingested after a miss is found on the next call. An
 * answer loaded while an invalidating event came in is not kept, so the cache never holds an answer
 * older than the last event it saw, and a call that starts after an event's {@link #onEvent}
 * returned never gets an answer loaded before it. Thread-safe; cache maintenance runs on the calling
 * threads, never on a pool of its own.
 *
 * <pre>{@code
 * CachedIdentityLookup lookup = CachedIdentityLookup.builder(assignmentTable::find)
 *     .maximumSize(1_000_000)
 *     .build();
 * resolver.addListener(lookup);
 * Optional<OneId> person = lookup.resolve(Identifier.of("phone", "138 0013 8000"));
 * }</pre>
 */
public final class CachedIdentityLookup implements IdentityListener {

  /** The default {@link Builder#maximumSize(long)}. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  private final IdentityLookup source;
  private final IdentifierTypes types;
  private final Consumer<Identifier> afterStore;
  private final Cache<Identifier, OneId> cache;
  private final ConcurrentHashMap<OneId, Set<Identifier>> cachedByOneId = new ConcurrentHashMap<>();
  private final AtomicLong invalidations = new AtomicLong();
  // Identifiers a guard refused to link (a Conflict named them): their records may belong to
  // several people, and the answer is the person of the holder with the smallest record key, which
  // a later record can change with no event naming the cached person. Never cached.
  private final Set<Identifier> contested = ConcurrentHashMap.newKeySet();

  private CachedIdentityLookup(Builder builder) {
    this.source = builder.source;
    this.types = builder.types;
    this.afterStore = builder.afterStore;
    this.cache = Caffeine.newBuilder()
        .maximumSize(builder.maximumSize)
        .executor(Runnable::run)
        // Synchronous with the eviction, inside the map's atomic operation on the key: a removal
        // listener runs after it, and may take the key out of the index after another thread put
        // the same answer back, which the index would then miss on the next merge.
        .evictionListener(
            (@Nullable Identifier key, @Nullable OneId oneId, RemovalCause cause) -> {
              if (key != null && oneId != null) { // null only for collected weak entries
                forget(key, oneId);
              }
            })
        .build();
  }

  /**
   * Starts a cached lookup over {@code source}.
   *
   * @param source the slow source
   * @return a builder
   */
  public static Builder builder(IdentityLookup source) {
    return new Builder(Objects.requireNonNull(source, "source"));
  }

  /**
   * Returns the person holding {@code identifier}, from the cache or else from the source.
   *
   * @param identifier the identifier, as given or normalised
   * @return the person, or empty if unknown to the source or blocked junk
   * @throws InvalidIdentifierException if the identifier is invalid
   */
  public Optional<OneId> resolve(Identifier identifier) {
    Identifier key = types.normalize(identifier).orElse(null);
    if (key == null) {
      return Optional.empty();
    }
    OneId cached = cache.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    long seen = invalidations.get();
    Optional<OneId> loaded = source.resolve(key);
    loaded.ifPresent(oneId -> keep(key, oneId, seen));
    return loaded;
  }

  /**
   * Caches an answer that the source gave after {@code seen} invalidations, unless an event came
   * in since (the answer may be older than the event) or its value is contested.
   *
   * <p>The source is asked outside the cache's lock: inside a compute (or {@code get(key,
   * mappingFunction)}) it would block every update of the key, and of the keys sharing its bin,
   * for as long as the slow source takes, among them the drop of an event's listener callback, on
   * the thread of the resolver's change, whose call does not return before its events are
   * delivered. So only the check and the store are atomic, in one compute on the key: a reader sees
   * the answer only once the check has passed. The key goes into the index before the check: an
   * event that the check does not see moves the counter after it, then finds the key in the index
   * (or, for an event about the value, drops the key itself), and its drop waits for this compute,
   * so that the answer is gone before the event's callback returns.
   */
  private void keep(Identifier key, OneId oneId, long seen) {
    if (contested.contains(key)) {
      return; // sound before the compute too: a Conflict marks its value, then moves the counter
    }
    cache.asMap().compute(key, (k, old) -> {
      if (oneId.equals(old)) {
        return old; // kept, and indexed, already
      }
      index(k, oneId);
      if (invalidations.get() != seen) {
        forget(k, oneId);
        return old; // passed a check of its own when stored: any event since drops it
      }
      if (old != null) {
        forget(k, old);
      }
      return oneId;
    });
    afterStore.accept(key);
  }

  /**
   * Drops the cached answers an identity event made stale.
   *
   * @param event the event
   */
  @Override
  public void onEvent(IdentityEvent event) {
    if (event instanceof Merged merged) {
      invalidate(merged.absorbed());
    } else if (event instanceof Split split) {
      invalidate(List.of(split.before()));
    } else if (event instanceof RecordRemoved removed) {
      // the identifiers only the removed record held no longer resolve to anyone
      invalidate(List.of(removed.person()));
    } else if (event instanceof Erased erased) {
      List<OneId> gone = new ArrayList<>(erased.aliases());
      gone.add(erased.oneId());
      invalidate(gone);
    } else if (event instanceof Conflict conflict) {
      // before the invalidation, so that a lookup under way that missed it does not keep its answer
      contested.add(conflict.identifier());
      forgetIdentifier(conflict.identifier());
    } else if (event instanceof GenericValueDetected generic) {
      forgetIdentifier(generic.identifier());
    } else if (event instanceof LinkRemoved unlinked) {
      // the person's other records may not hold it; if the person split, Split events follow
      forgetIdentifier(unlinked.identifier());
    }
  }

  /**
   * Returns roughly how many answers are cached.
   *
   * @return the estimated count
   */
  public long estimatedSize() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private void forgetIdentifier(Identifier identifier) {
    invalidations.incrementAndGet();
    drop(identifier);
  }

  private void invalidate(List<OneId> stale) {
    invalidations.incrementAndGet();
    for (OneId oneId : stale) {
      Set<Identifier> keys = cachedByOneId.remove(oneId);
      if (keys != null) {
        keys.forEach(this::drop);
      }
    }
  }

  /** Adds an answer to the index; called inside the cache's atomic operation on the key. */
  private void index(Identifier key, OneId oneId) {
    cachedByOneId.compute(oneId, (id, keys) -> {
      Set<Identifier> kept = keys != null ? keys : ConcurrentHashMap.newKeySet();
      kept.add(key);
      return kept;
    });
  }

  /** Drops a cached answer and its entry in the index, atomically on the key. */
  private void drop(Identifier key) {
    cache.asMap().computeIfPresent(key, (k, oneId) -> {
      forget(k, oneId);
      return null;
    });
  }

  /**
   * Takes an answer out of the index; called inside the cache's atomic operation on the key (a
   * compute, or an eviction), so that no put of the same key can come between.
   */
  private void forget(Identifier key, OneId oneId) {
    cachedByOneId.computeIfPresent(oneId, (id, keys) -> {
      keys.remove(key);
      return keys.isEmpty() ? null : keys;
    });
  }

  /** Builds a {@link CachedIdentityLookup}; not thread-safe. */
  public static final class Builder {
    private final IdentityLookup source;
    private IdentifierTypes types = IdentifierTypes.defaults();
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private Consumer<Identifier> afterStore = key -> { };

    private Builder(IdentityLookup source) {
      this.source = source;
    }

    /**
     * Sets the identifier types used to normalise identifiers before they are looked up; they must
     * be the resolver's. By default {@link IdentifierTypes#defaults()}.
     *
     * @param types the types
     * @return this builder
     */
    public Builder types(IdentifierTypes types) {
      this.types = Objects.requireNonNull(types, "types");
      return this;
    }

    /**
     * Sets how many answers the cache keeps at most; by default
     * {@value CachedIdentityLookup#DEFAULT_MAXIMUM_SIZE}.
     *
     * @param maximumSize at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maximumSize} is less than 1
     */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1: " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * Sets what a loading thread runs right after it handed the answer it loaded to the cache, with
     * the identifier: a seam for tests, which pause a loader there to check what readers get.
     */
    Builder afterStore(Consumer<Identifier> hook) {
      this.afterStore = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Returns the cached lookup.
     *
     * @return a new cached lookup with an empty cache
     */
    public CachedIdentityLookup build() {
      return new CachedIdentityLookup(this);
    }
  }
}
