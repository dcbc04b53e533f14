package io.github.cdpkit.identity;

import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.IdentityListener;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Resolves channel records into people: records that share a normalised identifier belong to the same
 * person, transitively, unless a guard refuses the link.
 *
 * <h2>Guards</h2>
 *
 * A link that would give one person more values of a type than the type's
 * {@linkplain IdentifierType#maxPerPerson() limit}, or join two people an operator declared apart, is
 * not made: the lower-priority evidence gives way, the record joins the person its highest-priority
 * identifiers point to, and the refused link is reported as a {@link Conflict} and kept in the
 * {@linkplain #pendingConflicts() review queue}. Blocked values never link. A value held by more
 * records than the generic threshold stops linking.
 *
 * <h2>Order does not matter</h2>
 *
 * The people made from a set of records are the same whatever order the records arrive in, and
 * incremental ingest gives what a rebuild of the same records gives, guards included: where a guard
 * fires, the whole connected component is decided by a canonical rule (identifiers by descending type
 * priority, strong before weak, then by value; records by key), and re-decided whenever a new record
 * changes it.
 *
 * <h2>Stable ids</h2>
 *
 * When people merge, the earliest-created (the smallest {@link OneId}) survives; the others stay
 * resolvable through {@link #current(OneId)}. When a person splits, each part gets back the id it had
 * before it was merged, where it had one.
 *
 * <h2>Threads</h2>
 *
 * Implementations are thread-safe: concurrent calls give what some serial order of the same calls
 * gives. Lookups of known identifiers ({@link #resolve(Identifier)}) do not wait for ingestion: not
 * for other records of a bulk ingest, nor for the store's writes. Over a store of the user's, a
 * lookup that reaches a person the ingest under way changed waits for the store to commit it, so
 * that no answer comes from a change that then fails. Lookups wait for a manual change
 * ({@link #merge}, {@link #removeRecord}, {@link #erase}...) under way, as the other reads wait for
 * any change under way.
 *
 * <h2>Failures</h2>
 *
 * Bad input is refused with an exception before anything changes. A change that fails part-way
 * (its store throws, or something else does, such as its clock) leaves the resolver out of step
 * with its store: the caller gets the failure, and every later call but {@link #history},
 * {@link #addListener} and {@link #removeListener} throws an {@link IllegalStateException} whose
 * cause it is. Build a new resolver over the store (see
 * {@link io.github.cdpkit.identity.spi.IdentityStore}, "Failures", and its {@code atomically}).
 *
 * <pre>{@code
 * IdentityResolver resolver = IdentityResolver.builder().build();
 * resolver.ingest(SourceRecord.builder("A", "1").identifier("phone", "13800138000")
 *     .identifier("device_id", "IDFA-0001-AAAA").build());
 * resolver.ingest(SourceRecord.builder("B", "1").identifier("email", "li@example.com")
 *     .identifier("device_id", "idfa-0001-aaaa").build());
 * IngestResult c = resolver.ingest(SourceRecord.builder("C", "1")
 *     .identifier("email", "LI@example.com")
 *     .identifier(Identifier.of("wechat_openid", "wxapp1", "oAbC123")).build());
 * // A, B and C are one person, who holds the phone, the e-mail and the OpenID
 * }</pre>
 */
public interface IdentityResolver {

  /**
   * Starts building a resolver with the built-in identifier types and an in-memory store.
   *
   * @return a builder
   */
  static IdentityResolverBuilder builder() {
    return new IdentityResolverBuilder();
  }

  /**
   * Ingests one record. A record whose key is already known adds its new identifiers to the
   * record's evidence; evidence is only taken away by {@link #removeLink} and {@link #removeRecord}.
   *
   * @param record the record
   * @return what happened
   * @throws InvalidIdentifierException if an identifier has an unknown type, an empty or malformed
   *     value, or a missing or unexpected namespace; nothing is changed
   */
  IngestResult ingest(SourceRecord record);

  /**
   * Ingests records in bulk, as if one by one in the given order: the same results, ids and events.
   * Either all are ingested or, when one is invalid, none is. It uses the common
   * {@link java.util.concurrent.ForkJoinPool} beside the calling thread: to normalise the records
   * first, then to look their identifiers up while the calling thread links them; it never waits
   * for a pool thread to become free (when none does, the calling thread does the work itself).
   *
   * @param records the records
   * @return one result per record, in the given order
   * @throws InvalidIdentifierException naming the first invalid identifier; nothing is changed
   */
  List<IngestResult> ingestAll(List<SourceRecord> records);

  /**
   * Ingests a stream of records of any length, as if one by one in the given order, for bulk loads:
   * the same results, ids and events as {@link #ingest}, without holding the records or their
   * results. It reads the records in batches on the calling thread and normalises the next batch on
   * the common {@link java.util.concurrent.ForkJoinPool} while the calling thread links the current
   * one, so that normalising and linking overlap (with {@link #ingestAll} they follow each other);
   * like {@code ingestAll}, it never waits for a pool thread to become free.
   *
   * <p>Unlike {@code ingestAll} it is not all or nothing: when a record is invalid, every record
   * before it has been ingested and given to {@code results}, and neither it nor any record after
   * it is ingested. The iterator may have been read past the invalid record, to the end of its batch.
   * When the iterator itself throws, every record it returned before has been ingested and given to
   * {@code results}, and its exception propagates. Results are handed over a batch at a time, once
   * the batch is linked; when {@code results} throws, its exception propagates and the records of
   * that batch stay ingested, their remaining results not handed over.
   *
   * <pre>{@code
   * try (Stream<SourceRecord> lines = Files.lines(export).map(MyFormat::parse)) {
   *   long loaded = resolver.ingestStream(lines.iterator(), result -> {
   *     if (result.outcome() == IngestResult.Outcome.MERGED) {
   *       log.info("{} merged {}", result.oneId(), result.absorbed());
   *     }
   *   });
   * }
   * }</pre>
   *
   * @param records the records, read on the calling thread
   * @param results gets each record's result, in order, on the calling thread
   * @return how many records were ingested
   * @throws InvalidIdentifierException naming the first invalid identifier; the records before it
   *     are ingested
   * @throws NullPointerException if {@code records}, {@code results} or a record is null; the
   *     records before a null one are ingested
   * @throws RuntimeException what the iterator or {@code results} threw, as they threw it
   */
  long ingestStream(Iterator<? extends SourceRecord> records, Consumer<? super IngestResult> results);

  /**
   * Returns the person holding {@code identifier}. When a refused link left the identifier with
   * several people, returns the one that holds its record with the smallest key.
   *
   * @param identifier the identifier, as given or normalised
   * @return the person, or empty if the identifier is unknown, blocked or generic
   * @throws InvalidIdentifierException if the identifier is invalid
   */
  Optional<OneId> resolve(Identifier identifier);

  /**
   * Returns the person a record belongs to.
   *
   * @param record the record's key
   * @return the person, or empty if the record is unknown
   */
  Optional<OneId> resolve(RecordKey record);

  /**
   * Returns the id a person is known by now: the id itself, or the survivor it was merged into.
   *
   * @param oneId an id this resolver issued
   * @return the current id, or empty if the person was erased or the id never issued
   */
  Optional<OneId> current(OneId oneId);

  /**
   * Returns the person with id {@code oneId}, following aliases.
   *
   * @param oneId an id, current or absorbed
   * @return the person, or empty if unknown or erased
   */
  Optional<Person> person(OneId oneId);

  /**
   * Returns one record's linkable identifiers: its evidence, normalised, as every ingest of the
   * record brought it (values whose link a guard refused included), without the blocked and
   * generic ones and those whose link was removed ({@link #removeLink}). A person's identifiers
   * ({@link Person#identifiers}) are those of all its records; this tells which record brought
   * which, as a view that shows a channel only what it supplied needs.
   *
   * <pre>{@code
   * resolver.ingest(SourceRecord.builder("pos", "p-1")
   *     .identifier("phone", "13800138000").identifier("email", "li@example.com").build());
   * resolver.ingest(SourceRecord.builder("tmall", "t-9").identifier("phone", "13800138000").build());
   * resolver.identifiersOf(RecordKey.of("tmall", "t-9")); // the phone, +8613800138000, alone
   * }</pre>
   *
   * @param record the record's key
   * @return its identifiers, ordered as {@link Person#identifiers} orders them; empty if the record
   *     is unknown
   */
  Optional<List<Identifier>> identifiersOf(RecordKey record);

  /**
   * Returns an identifier as this resolver's types normalise it, the form {@link Person#identifiers}
   * and {@link #identifiersOf} give. Reads no state.
   *
   * <pre>{@code
   * resolver.normalize(Identifier.of("phone", "138 0013 8000")); // phone +8613800138000
   * resolver.normalize(Identifier.of("phone", "00000000000"));   // empty: a blocked value
   * }</pre>
   *
   * @param identifier the identifier, as given or normalised
   * @return the normalised identifier, or empty if its value is blocked
   * @throws InvalidIdentifierException if the identifier is invalid
   */
  Optional<Identifier> normalize(Identifier identifier);

  /**
   * Merges two people by hand, overriding the profile limits (not a never-merge declaration). The
   * merge is kept as a manual link between their records (the first record of each, by key), so it
   * survives later re-decisions, and a record removed and ingested again follows it.
   *
   * <p>The link overrides the limits between those two records only. A record that belonged to one
   * of the two only through a value whose link the merged person's limits now refuse (a record
   * holding one person's member number, once the other's is in the merged person) is split off by
   * the re-decision of the component; merge it by hand as well.
   *
   * @param a a person
   * @param b another person
   * @return the merged person's id: the smaller of the two current ids, unless a record split off
   *     as above keeps it
   * @throws IllegalArgumentException if either id is unknown or erased
   * @throws IllegalStateException if the two were declared never to merge; nothing is changed.
   *     The message names one declaration that forbids it, the smallest by record key when there
   *     are several
   */
  OneId merge(OneId a, OneId b);

  /**
   * Declares that two people must never merge; if they are one person now (one id an alias of the
   * other), they are split. The declaration is kept between the records that founded the two ids.
   *
   * @param a a person
   * @param b another person
   * @throws IllegalArgumentException if either id is unknown or erased, or both ids were founded by
   *     the same record and so cannot be told apart
   */
  void neverMerge(OneId a, OneId b);

  /**
   * Removes a record and its evidence, and emits a
   * {@link io.github.cdpkit.identity.event.RecordRemoved} event. The person it belonged to is rebuilt
   * from the remaining evidence and may split ({@link io.github.cdpkit.identity.event.Split} events
   * follow the removal).
   *
   * @param record the record's key
   * @return the ids of the people the remaining records now form, in increasing order
   * @throws IllegalArgumentException if the record is unknown; nothing is changed
   */
  List<OneId> removeRecord(RecordKey record);

  /**
   * Removes one identifier from one record's evidence. The person is rebuilt and may split: a
   * {@link io.github.cdpkit.identity.event.LinkRemoved} event reports the removal whether or not it
   * does, and {@link io.github.cdpkit.identity.event.Split} events follow it when it does.
   *
   * @param record the record's key
   * @param identifier the identifier to take away
   * @return the ids of the people the affected records now form, in increasing order
   * @throws IllegalArgumentException if the record is unknown or does not hold the identifier, or
   *     the identifier is blocked junk; nothing is changed
   */
  List<OneId> removeLink(RecordKey record, Identifier identifier);

  /**
   * Erases a person (PIPL / GDPR): every record and identifier, and every trace in the indexes and
   * the history. The person's records and own identifiers stay only as salted hashes on a deny list,
   * so that a replay of old data is refused and reported rather than silently bringing the person
   * back.
   *
   * <p>An identifier that records of other people hold too (a family's shared phone, a store's
   * counter phone) is theirs as well: it stays in the graph with them and is not denied, so their
   * records keep resolving through it and new records carrying it are still accepted.
   *
   * <p>In the {@linkplain #history history}, each conflict that involved the person or one of their
   * own identifiers, each generic-value report about one of their own identifiers, each removal
   * of one of their records (also from another person it belonged to before), each removal of a
   * link from one of their records or of one of their own identifiers
   * ({@link io.github.cdpkit.identity.event.LinkRemoved}) and each refused replay under one of
   * their record keys is replaced by a {@link io.github.cdpkit.identity.event.Redacted} under
   * the same sequence number, and split reasons that quoted their identifiers or record keys read
   * {@code [erased]} there instead. Listeners that kept copies of earlier events must drop them
   * themselves on the {@link Erased} event.
   *
   * @param oneId the person, current or absorbed id
   * @return the erasure event
   * @throws IllegalArgumentException if the person is unknown or already erased
   */
  Erased erase(OneId oneId);

  /**
   * Explains why two identifiers belong to one person.
   *
   * @param from an identifier
   * @param to another identifier
   * @return the chain of records that links them, or empty if they are not one person (or either
   *     is unknown, blocked or generic)
   * @throws InvalidIdentifierException if either identifier is invalid
   */
  Optional<Explanation> explain(Identifier from, Identifier to);

  /**
   * Returns the conflicts waiting for a person to decide, oldest first. A decision is made with
   * {@link #merge}, {@link #neverMerge} or {@link #dismiss}.
   *
   * @return the pending conflicts
   */
  List<Conflict> pendingConflicts();

  /**
   * Takes a conflict off the review queue without acting on it, and emits a
   * {@link io.github.cdpkit.identity.event.ConflictDismissed} event. The dismissal sticks: the same
   * refusal (the same identifier between the same two people) is not queued or reported again, also
   * after a restart or a restore, which read it back from the history.
   *
   * @param conflictSequence the conflict event's sequence number
   * @return {@code true} if it was pending
   */
  boolean dismiss(long conflictSequence);

  /**
   * Returns the events after {@code afterSequence}, oldest first: those of the changes made so far,
   * never part of one under way (an erasure rewrites the earlier events that name the person as it
   * goes), so it waits for a change under way to end. It answers also when the resolver is out of
   * step, from what the store holds.
   *
   * @param afterSequence a sequence number; 0 for the whole history
   * @return the events
   */
  List<IdentityEvent> history(long afterSequence);

  /**
   * Registers a listener for the events that happen from now on.
   *
   * @param listener the listener
   */
  void addListener(IdentityListener listener);

  /**
   * Unregisters a listener.
   *
   * @param listener the listener
   * @return {@code true} if it was registered
   */
  boolean removeListener(IdentityListener listener);

  /**
   * Returns counts of what the resolver holds.
   *
   * @return the counts
   */
  IdentityStats stats();

  /**
   * Writes everything the resolver knows (evidence, id assignments, manual decisions, the deny list
   * and the history) to {@code out}, so that
   * {@link IdentityResolverBuilder#restore(java.io.InputStream)} can start a new process where this
   * one stopped, without re-ingesting. The snapshot is in format version 3, which ends in a CRC32C
   * checksum of its bytes: a copy changed since (a flipped bit, a lost or repeated block) is
   * refused, not restored as another resolver.
   *
   * @param out the stream; not closed
   * @throws IOException if writing fails
   */
  void snapshot(OutputStream out) throws IOException;
}
