package io.github.cdpkit.identity.spi;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.IdentityEvent;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where a resolver keeps what it knows: the evidence (which record carried which identifiers), the
 * id assignments (which record founded which id, and the last id issued), the operators' decisions,
 * the deny list of erased identifiers, and the append-only history of events.
 *
 * <p>A resolver built with a store writes every change through to it before the change becomes
 * visible, and reads the store back when it starts, so a process restarts without re-ingesting.
 * The resolver's in-memory graph is derived from the store and never written back. A resolver built
 * without one keeps the evidence in its graph alone and uses an {@link InMemoryIdentityStore} for
 * the rest.
 *
 * <p>Implementations must be thread-safe; the resolver calls a store from one thread at a time for
 * writes, and from any thread for reads. {@code cdp-testkit} has the abstract contract test,
 * {@code IdentityStoreContract}, that every implementation must pass, and for a store that
 * overrides {@link #atomically} with transactions, {@code AtomicIdentityStoreContract}.
 *
 * <p>What a store gives back is what it was given: records, decisions and events equal to those
 * stored, their instants to the nanosecond (the system clock stamps microseconds or finer). The
 * lists it returns ({@link #decisions}, {@link #deniedHashes}, {@link #events(long)},
 * {@link #events(Collection)}) hold what it held when called: later writes do not change them, and
 * a caller that changes them, where they allow it, does not change the store (the resolver hands
 * {@code events} to its own callers as its history).
 *
 * <p><b>Failures.</b> What a store throws reaches the caller of the resolver's method as it was
 * thrown. If it is thrown during a change (an ingest, a merge, an erasure...), or a change fails
 * part-way by itself (a clock that throws, memory running out), the resolver's graph may hold what
 * the store does not, so the resolver is out of step from then on: every later call but
 * {@code history}, {@code addListener} and {@code removeListener} throws an
 * {@link IllegalStateException} whose cause is the failure, and the failed change's events and
 * results are not handed out. Build a new resolver over the store. A store that makes each
 * change's writes atomic ({@link #atomically}) then starts it exactly where the last change that
 * succeeded left off; one that does not keeps the writes made before the failure, events included,
 * which listeners can read with {@code history} from the last sequence number they saw. Bad input
 * that the resolver refuses before changing anything leaves it in step.
 *
 * <p>The resolver makes its writes inside {@link #atomically}; a store must accept writes outside
 * it too (tools, tests, and the contract test write so).
 */
public interface IdentityStore {

  /**
   * Stores a record's evidence, replacing what was stored under its key. A replaced record keeps
   * its place in {@link #forEachRecord} order; a record removed and stored again goes last.
   *
   * @param record the record
   */
  void putRecord(StoredRecord record);

  /**
   * Removes a record's evidence.
   *
   * @param key the record's key
   * @return {@code true} if it was stored
   */
  boolean removeRecord(RecordKey key);

  /**
   * Returns a record's evidence.
   *
   * @param key the record's key
   * @return the record, or empty
   */
  Optional<StoredRecord> record(RecordKey key);

  /**
   * Passes every stored record to {@code action}, in the order they were first stored. The action
   * must not change the store.
   *
   * @param action what to do with each
   */
  void forEachRecord(Consumer<? super StoredRecord> action);

  /**
   * Returns how many records are stored.
   *
   * @return the count
   */
  long recordCount();

  /**
   * Returns the value of the last {@link io.github.cdpkit.identity.OneId} issued, 0 if none.
   *
   * @return the value
   */
  long lastIssuedId();

  /**
   * Records that ids up to {@code value} have been issued.
   *
   * @param value the last issued id's value; never less than the one stored
   * @throws IllegalArgumentException if {@code value} is less than the stored one
   */
  void setLastIssuedId(long value);

  /**
   * Stores an operator's decision; storing it twice keeps one.
   *
   * @param decision the decision
   */
  void putDecision(ManualDecision decision);

  /**
   * Removes an operator's decision.
   *
   * @param decision the decision
   * @return {@code true} if it was stored
   */
  boolean removeDecision(ManualDecision decision);

  /**
   * Returns the stored decisions, in the order they were stored.
   *
   * @return the decisions
   */
  List<ManualDecision> decisions();

  /**
   * Adds a salted hash of an erased identifier or record key to the deny list; a hash already there
   * is kept once.
   *
   * @param hash the hash, as the resolver computed it
   */
  void deny(String hash);

  /**
   * Returns whether a hash is on the deny list.
   *
   * @param hash the hash
   * @return {@code true} if denied
   */
  boolean isDenied(String hash);

  /**
   * Returns the deny list, in the order the hashes were added.
   *
   * @return the hashes
   */
  List<String> deniedHashes();

  /**
   * Appends an event to the history. Sequence numbers arrive in increasing order.
   *
   * @param event the event
   * @throws IllegalArgumentException if its sequence number is not greater than the last one
   */
  void append(IdentityEvent event);

  /**
   * Replaces the stored event that has the same sequence number: the one change the append-only
   * history allows, made when a person is erased, so that no conflict, generic-value report or
   * record removal about them is left (a {@link io.github.cdpkit.identity.event.Redacted} stands
   * in) and no split reason quotes their identifiers or record keys. Refusals of replayed records
   * ({@link io.github.cdpkit.identity.event.ErasedReplayRefused}) keep the replayed record's key:
   * reporting the replay is their purpose (unless a record under that key, accepted later, belongs
   * to a person erased in turn).
   *
   * @param event the event to keep instead
   * @throws IllegalArgumentException if no stored event has its sequence number
   */
  void replaceEvent(IdentityEvent event);

  /**
   * Returns the events after {@code afterSequence}, oldest first.
   *
   * @param afterSequence a sequence number; 0 for all
   * @return the events
   */
  List<IdentityEvent> events(long afterSequence);

  /**
   * Returns the events that have the given sequence numbers, oldest first: how the resolver reads
   * the few events an erasure rewrites without copying the whole history. Numbers that no stored
   * event has are left out, and a number given twice gives its event once.
   *
   * <p>The default implementation reads the whole history with {@link #events(long)} and keeps the
   * events asked for; a store that can look events up by sequence number should override it.
   *
   * @param sequences the sequence numbers, in any order
   * @return the events, in sequence order
   * @throws NullPointerException if {@code sequences} or one of its numbers is null
   */
  default List<IdentityEvent> events(Collection<Long> sequences) {
    Set<Long> wanted = new HashSet<>();
    for (Long sequence : sequences) {
      wanted.add(Objects.requireNonNull(sequence, "sequence"));
    }
    if (wanted.isEmpty()) {
      return List.of();
    }
    return events(0).stream().filter(event -> wanted.contains(event.sequence())).toList();
  }

  /**
   * Runs one change of a resolver: every write it makes for one call (an ingest, a section of a
   * bulk ingest, a merge, an erasure, a restore...), and the reads between them. A store that can
   * make them atomic, such as one over a database, overrides this to commit them together, and none
   * of them if {@code change} throws (then rethrowing what it threw). The default runs
   * {@code change} as it is: a failure part-way leaves what was written before it.
   *
   * <p>Run {@code change} exactly once, on any thread: a change cannot be repeated (a store that
   * retries a transaction must give up and throw instead), and the resolver takes a change run
   * twice, or not at all, for a failure. The change reads its own writes, through every read of the
   * store. Other threads may read the store while a change runs ({@code IdentityResolver.history},
   * for one): a store that shows them only committed writes never shows the events of a change that
   * is then undone. {@code AtomicIdentityStoreContract} in {@code cdp-testkit} checks these rules.
   *
   * <p>For example, with a transaction manager that the store's writes join:
   *
   * <pre>{@code
   * public <T> T atomically(Supplier<T> change) {
   *   transactions.begin();
   *   try {
   *     T result = change.get();
   *     transactions.commit();
   *     return result;
   *   } catch (Throwable e) { // also a checked exception that the change threw undeclared
   *     transactions.rollback();
   *     throw e; // the compiler knows change.get() declares none
   *   }
   * }
   * }</pre>
   *
   * @param change the change; it makes its writes through this store
   * @param <T> what the change returns
   * @return what the change returned
   */
  default <T> T atomically(Supplier<T> change) {
    return change.get();
  }
}
