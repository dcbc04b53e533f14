package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.Explanation;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IdentityStats;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.IngestResult.Outcome;
import io.github.cdpkit.identity.InvalidIdentifierException;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.Person;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.Strength;
import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.ConflictDismissed;
import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.ErasedReplayRefused;
import io.github.cdpkit.identity.event.GenericValueDetected;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Redacted;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The resolution engine behind {@link IdentityResolver}.
 *
 * <h2>Layout</h2>
 *
 * Identifiers and record keys are interned to dense ints ({@link StringIndex}); everything else is
 * primitive arrays indexed by those ints, in {@link Pages pages} that growing leaves in place. A
 * union-find over records (union by size, path halving) holds the raw connected components: records
 * linked by shared linkable identifiers and manual links. Each component also keeps a circular list
 * of its records, so a component can be walked without any reverse index from identifiers to
 * records.
 *
 * <p>A component is <em>clean</em> when it is one person: the person's id sits at the root. When a
 * guard may fire (a type's distinct count exceeds its limit, or an operator's decision touches the
 * component) the component is decided by {@link GuardDecision}, which may leave it <em>guarded</em>:
 * several people, each record carrying its person's id. The fast path (a record that keeps its
 * component within every limit) never leaves the arrays.
 *
 * <h2>Ids</h2>
 *
 * Every person id is founded by one record; a person's id is the smallest id founded by its
 * records. So a merge keeps the earliest id without relabelling anything, an absorbed id resolves
 * through its founder record to whatever person that record is in now, and a split gives each part
 * the ids its own records founded.
 *
 * <h2>Threads</h2>
 *
 * One {@link StampedLock}: writers hold it exclusively for a whole change (one ingest, a bulk
 * section of {@value #BULK_SECTION} records, a merge...); other reads validate an optimistic read
 * against it, falling back to its read lock. Lookups of identifiers, the hot read, do not use it: they
 * validate against the graph's version ({@link #graphVersion}), a sequence lock that writers hold odd
 * only while they change the graph, one record at a time in an ingest and with the store's writes
 * after it, so a lookup waits neither for the rest of a section nor for the store. Events are queued
 * under the write lock in sequence order and delivered after it is released, by whichever thread
 * holds the dispatch lock, so listeners may call back into the resolver. A bulk ingest, while it
 * holds the write lock, has a common-pool helper intern identifier keys ahead of the linking thread
 * ({@code InternAhead}); {@link StringIndex} allows exactly that one writer beside readers by id
 * and by key, and a key interned ahead holds {@link #UNCLAIMED} until its record is linked. Over a
 * store of the user's, a lookup must not answer from a change the store may still roll back: the
 * components an ingest changed stay in {@link #uncommittedRoots} until it commits, and a lookup
 * that reaches one waits for the commit on the read lock (the ingest holds the write lock until
 * then); the others answer at once.
 */
public final class GraphIdentityResolver implements IdentityResolver {

  private static final int NONE = -1;
  // Among interned identifier ids: a key an operator's decision keeps away from the record.
  private static final int EXCLUDED = Integer.MIN_VALUE;
  private static final int[] NO_IDS = new int[0];
  // What an erased identifier or record key becomes where the history quoted it.
  private static final String ERASED_TEXT = "[erased]";
  // A union-find node is one long per record: the parent in the low 31 bits; at a root, the
  // component's person in bits 32 to 62 and two flags, GUARDED (the component's records are not all
  // one person; each record's person is in personOf) and CONSTRAINED (an operator's decision names
  // one of its records). One read of a root answers both "which root" and "which person": the last
  // cache miss of a lookup, and of each component a new record touches.
  private static final long PARENT_BITS = 0x7FFF_FFFFL;
  private static final long GUARDED = 1L << 31;
  private static final long PERSON_BITS = 0x7FFF_FFFFL << 32;
  private static final long CONSTRAINED = 1L << 63;
  private static final long FLAGS = GUARDED | CONSTRAINED;
  private static final int OPTIMISTIC_ATTEMPTS = 4;
  // The top bit of an identifier's value in the index: the value is generic and links nothing.
  private static final int GENERIC = Integer.MIN_VALUE;
  // An identifier's value in the index from its interning to its first holder's linking: a lookup
  // that finds a key interned ahead of its record takes it for a value no one holds.
  private static final int UNCLAIMED = GENERIC;
  // What a lookup finds in a component an ingest changed and its store has not committed yet.
  private static final int UNCOMMITTED = -2;
  // A lookup that finds the graph changing spins this many times, then parks between tries, for
  // this long at first and twice as long each time after, up to 64 times as long.
  private static final int GRAPH_SPINS = 256;
  private static final long GRAPH_PARK_NANOS = 20_000;
  private static final VarHandle GRAPH_VERSION;

  static {
    try {
      GRAPH_VERSION = MethodHandles.lookup()
          .findVarHandle(GraphIdentityResolver.class, "graphVersion", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  private static final int MIN_CAPACITY = 1 << 10;
  /**
   * The page of {@code founderOf} that every page no id was founded in shares: all {@link #NONE},
   * and never written (setFounder gives a page its own storage first).
   */
  private static final int[] NO_FOUNDERS = foundedByNone(Pages.PAGE);
  // Records per hold of the write lock in ingestAll, and the fewest worth a helper thread.
  private static final int BULK_SECTION = 4096;
  private static final int PIPELINE_MIN = 256;
  // Records read ahead and prepared on the pool by ingestStream while the previous batch links.
  static final int STREAM_BATCH = 4 * BULK_SECTION;

  private final WatchedStore store;
  // The same store, unwatched: history() reads it at any time, and a failure there changes nothing.
  private final IdentityStore unwatched;
  private final boolean recordsInStore;
  private final Clock clock;
  private final int genericThreshold;
  private final IdentifierType[] types;
  private final Map<String, Integer> typeIndexByName = new HashMap<>();
  private final String[] typeNames;
  // The first char of each type's interned keys: its index plus one, as a string made once.
  private final String[] typePrefixes;
  private final int[] limits;
  private final GuardDecision guard;
  private final Scratch scratch;
  private final DenyList denyList;
  private final EventDispatcher dispatcher;
  private final StampedLock lock = new StampedLock();
  // A sequence lock for lookups of identifiers (see the class comment), through GRAPH_VERSION: odd
  // while the graph changes. Written by the writer, who holds the write lock and graphChanging.
  @SuppressWarnings("unused") // read and written through GRAPH_VERSION
  private long graphVersion;
  private boolean graphChanging;
  // Within a record's graph change in an ingest: the store writes it makes (events to append,
  // records to put), made once the graph change is over, so that lookups do not wait for the store.
  private boolean deferringStoreWrites;
  private final List<IdentityEvent> deferredEvents = new ArrayList<>();
  private final List<Integer> deferredRecords = new ArrayList<>();
  // With a store of the user's, which may roll a change back: the components an ingest under way
  // changed (by root), and whether it found a value generic. A lookup that reaches one waits for
  // the change to commit, so that it never answers from a change that then fails; lookups of the
  // rest answer at once. Written in graph changes, read by lookups against graphVersion.
  private final RootSet uncommittedRoots = new RootSet();
  private boolean uncommittedGeneric;

  // Identifiers, by interned id.
  // Beside each key, its owner (a record holding it, by which its component is found) and, in the
  // top bit, whether it is generic: a lookup reads both with the key's bytes.
  private final StringIndex identifiers;
  // The per-record, per-identifier and per-person arrays are paged (Pages): growing them copies no
  // page already there. Each group's capacity is kept beside it.
  private int[][] holderCount = new int[0][];
  private long identifierCapacity;

  // Records, by interned id.
  private final StringIndex records;
  private long[][] node = new long[0][];
  private int[][] size = new int[0][];
  private int[][] next = new int[0][];
  private final Evidence evidence;
  private long[][] observedAt = new long[0][];
  private int[][] foundedMin = new int[0][];
  private int[][] personOf = new int[0][];
  private long recordCapacity;
  private final Map<Integer, int[]> foundedExtra = new HashMap<>();

  // Components, valid at union-find roots (with the person and flags in node).
  private byte[][] typeCounts = new byte[0][];

  // Person ids: founderOf[id] is the record that founded it, NONE once erased or dissolved. Pages
  // that no id was founded in yet may be NO_FOUNDERS, so writes go through setFounder.
  private int[][] founderOf = new int[0][];
  private long founderCapacity;
  private int lastIssued;

  // Operator decisions by the record key they name; pending conflicts by what they are about.
  private final Map<String, List<ManualDecision>> decisionsByRecord = new HashMap<>();
  private final ReviewQueue pending = new ReviewQueue();
  // Refusals an operator dismissed: not queued or reported again.
  private final ConflictKeys dismissed = new ConflictKeys();
  // What values whose holders all left keep for when they come back under a new id.
  private final Unheld unheld = new Unheld();
  // The ids of the generic values whose detection the history holds: only these stay generic
  // through unheld, since a restart knows only these (a value generic by its count alone, under a
  // threshold lowered at read back, has no detection).
  private final Set<Integer> detectedGeneric = new HashSet<>();
  // The events of the history by whom and what they name, for an erasure to rewrite.
  private final HistoryIndex historyIndex = new HistoryIndex();
  private long lastSequence;
  private boolean loading;
  // The events of the change under way (guarded by the write lock), delivered once it succeeds.
  private final List<IdentityEvent> changeEvents = new ArrayList<>();
  // While takeOutBlockedSince runs: the records it changes, written through once its events are.
  private @Nullable Set<Integer> persistLater;

  /**
   * Creates the engine.
   *
   * @param settings what the builder decided
   * @param store where decisions, the deny list, the history and the id counter go
   * @param recordsInStore whether record evidence is written through to {@code store} too; false
   *     when the store is the default in-memory one, whose copy of the evidence would only double
   *     what the graph holds
   * @param initialRecords the evidence to read back, passed record by record to its argument
   */
  public GraphIdentityResolver(ResolverSettings settings, IdentityStore store,
      boolean recordsInStore, java.util.function.Consumer<java.util.function.Consumer<StoredRecord>>
          initialRecords) {
    this.store = new WatchedStore(store);
    this.unwatched = store;
    this.recordsInStore = recordsInStore;
    this.clock = new Clock(settings.clock());
    this.genericThreshold = settings.genericThreshold();
    List<IdentifierType> all = settings.types().all();
    this.types = all.toArray(new IdentifierType[0]);
    this.limits = new int[types.length];
    this.typePrefixes = new String[types.length];
    this.typeNames = new String[types.length];
    int[] priorities = new int[types.length];
    boolean[] weak = new boolean[types.length];
    for (int t = 0; t < types.length; t++) {
      typeIndexByName.put(types[t].name(), t);
      typePrefixes[t] = String.valueOf((char) (t + 1));
      typeNames[t] = types[t].name();
      limits[t] = types[t].maxPerPerson();
      priorities[t] = types[t].priority();
      weak[t] = types[t].strength() == Strength.WEAK;
    }
    this.guard = new GuardDecision(limits, priorities, weak, typeNames);
    this.scratch = new Scratch(types.length);
    int initial = Math.max(MIN_CAPACITY, settings.expectedRecords());
    // As many identifiers as records: a record brings about one no other record has (1.3 in the
    // synthetic population). Room for more would stand empty wherever there are fewer, and growing
    // the slot table once past it costs less than that room.
    this.identifiers = new StringIndex(initial, UNCLAIMED);
    growIdentifiers(initial);
    // About one person for every two or three records.
    growFounders(initial / 2);
    this.records = new StringIndex(initial);
    this.evidence = new Evidence(initial);
    growRecords(initial);
    this.denyList = new DenyList(settings.erasureSalt(), this.store);
    this.dispatcher = new EventDispatcher(settings.listeners());
    load(initialRecords);
  }

  // ---------------------------------------------------------------- ingest

  @Override
  public IngestResult ingest(SourceRecord record) {
    checkInStep();
    Prepared given = prepare(record);
    return mutate(() -> {
      Prepared prepared = checkedAgainstDenyList(given);
      if (prepared.deniedType() == null && records.idLimit() >= recordLimit()
          && records.find(prepared.keyString()) == NONE) {
        // Refused before anything changed; in a bulk section, the same limit comes part-way.
        throw refusal(recordLimitReached());
      }
      return applyAsGraphChange(prepared, internRecord(prepared), internIdentifiers(prepared));
    }, false);
  }

  @Override
  public List<IngestResult> ingestAll(List<SourceRecord> batch) {
    Objects.requireNonNull(batch, "batch");
    checkInStep();
    Preparation.Outcome<Prepared> outcome = Preparation.start(batch, this::prepare).await();
    outcome.throwIfFailed();
    List<IngestResult> results = new ArrayList<>(batch.size());
    applyInSections(outcome.prepared(), results);
    return results;
  }

  /**
   * Reads the records in batches of {@value #STREAM_BATCH} and prepares the next batch on the common
   * pool while this thread links the current one.
   */
  @Override
  public long ingestStream(
      Iterator<? extends SourceRecord> records, Consumer<? super IngestResult> results) {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(results, "results");
    checkInStep();
    long ingested = 0;
    Batch batch = Batch.read(records);
    Preparation<SourceRecord, Prepared> preparing =
        Preparation.start(batch.records(), this::prepare);
    while (true) {
      Preparation.Outcome<Prepared> current = preparing.await();
      Batch following = null;
      if (current.failure() == null && batch.more()) {
        following = Batch.read(records);
        preparing = Preparation.start(following.records(), this::prepare);
      }
      try {
        ingested += applyAndReport(current.prepared(), results);
      } catch (Throwable e) {
        if (following != null) {
          preparing.abandon();
        }
        throw Preparation.sneaky(e);
      }
      current.throwIfFailed();
      RuntimeException unreadable = batch.failure();
      if (unreadable != null) {
        throw unreadable;
      }
      if (following == null) {
        return ingested;
      }
      batch = following;
    }
  }

  /**
   * Applies a batch of a stream and hands over the results of the records it applied, also when
   * applying or handing over fails part way; returns how many it applied.
   */
  private int applyAndReport(List<Prepared> prepared, Consumer<? super IngestResult> results) {
    List<IngestResult> applied = new ArrayList<>(prepared.size());
    Throwable failure = null;
    try {
      applyInSections(prepared, applied);
    } catch (Throwable e) { // errors and a store's sneaky checked exceptions too: passed on as is
      failure = e;
    }
    try {
      applied.forEach(results);
    } catch (Throwable e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw Preparation.sneaky(failure);
    }
    return applied.size();
  }

  /**
   * Up to {@value #STREAM_BATCH} records of a stream, read on the calling thread, and what the
   * iterator threw, if anything, after the last of them.
   */
  private record Batch(
      List<SourceRecord> records, @Nullable RuntimeException failure, boolean more) {

    static Batch read(Iterator<? extends SourceRecord> records) {
      List<SourceRecord> batch = new ArrayList<>(STREAM_BATCH);
      try {
        while (batch.size() < STREAM_BATCH && records.hasNext()) {
          batch.add(records.next());
        }
        return new Batch(batch, null, batch.size() == STREAM_BATCH);
      } catch (RuntimeException e) { // thrown once the records read before it are ingested
        return new Batch(batch, e, false);
      }
    }
  }

  /** Applies prepared records in order, releasing the write lock between sections. */
  private void applyInSections(List<Prepared> prepared, List<IngestResult> results) {
    // The write lock is let go between sections, so that lookups waiting on it get their turn.
    for (int from = 0; from < prepared.size(); from += BULK_SECTION) {
      List<Prepared> section =
          prepared.subList(from, Math.min(prepared.size(), from + BULK_SECTION));
      // Handed over once the section's change succeeded: a store may roll a failed one back.
      List<IngestResult> applied = new ArrayList<>(section.size());
      mutate(() -> {
        applySection(section, applied);
        return null;
      }, false);
      results.addAll(applied);
    }
  }

  /**
   * Applies a section of a batch, under the write lock. Looking up and adding the keys is about
   * half the work of a record, and needs nothing that linking changes: so a helper on the common
   * pool interns them ahead, in record order, while this thread links (see {@link InternAhead}).
   * Each table gets its keys in the order of a serial run, so the ids are the same. With operators'
   * decisions on record, linking may look records up by key while the helper writes, so the section
   * runs serially instead.
   */
  private void applySection(List<Prepared> batchPart, List<IngestResult> results) {
    List<Prepared> section = checkedAgainstDenyList(batchPart);
    if (section.size() < PIPELINE_MIN || !decisionsByRecord.isEmpty()) {
      warm(section);
      section.forEach(prepared -> results.add(
          applyAsGraphChange(prepared, internRecord(prepared), internIdentifiers(prepared))));
      return;
    }
    InternAhead ahead = new InternAhead(section);
    ahead.start();
    int linked = 0;
    try {
      for (; linked < section.size(); linked++) {
        int[] identifiers = ahead.identifiersOf(linked);
        results.add(applyAsGraphChange(section.get(linked), ahead.recordOf(linked), identifiers));
      }
    } finally {
      // Before the write lock goes: a helper must not write into the tables after it.
      ahead.stop();
      if (linked < section.size()) {
        // A failure (a store that threw) stopped the linking: keys interned ahead for the records
        // after the one that failed have no state behind them, and must not be found later. Taking
        // them out moves other keys in the table, which lookups must not see half done.
        beginGraphChange();
        ahead.forgetInternedAfter(linked, section);
      }
    }
  }

  /**
   * Interns the record and identifier keys of a section's records in order, a stride at a time, on
   * whichever thread gets there first: a helper that runs ahead, or the linking thread when it needs
   * a record the helper has not reached (the helper may be busy preparing the next batch of a
   * stream). One thread at a time holds {@link #turn}, so the keys go into the tables in the order of
   * a serial run. The linking thread never waits on the pool (if the helper never starts, it interns
   * everything itself), only on a helper busy with a stride; meanwhile it warms the strides after
   * the helper's ({@link #warmAhead}), where it used to spin for about a tenth of its time.
   */
  private final class InternAhead {
    private static final int STRIDE = 64;
    private static final int WARM_AHEAD = 4;
    private static final long WARMED = 1L << 63;
    private List<Prepared> section; // guarded by turn; let go at stop()
    // recordIds[i] is written before interned[i], whose volatile write publishes both.
    private final int[] recordIds;
    private final AtomicReferenceArray<int[]> interned;
    private final ReentrantLock turn = new ReentrantLock();
    private int next; // guarded by turn
    private @Nullable Throwable failure; // guarded by turn
    // Per stride, 0 until the linking thread warms it ahead (warmAhead), then WARMED with the
    // stride's surely-new record keys in the high half and identifier keys in the low half.
    private final AtomicLongArray warmedStrides;
    private int warmedUpTo; // the linking thread's own: the first stride it has not warmed
    private PoolHandOff<InternAhead> queued = PoolHandOff.none();

    InternAhead(List<Prepared> section) {
      this.section = section;
      this.recordIds = new int[section.size()];
      this.interned = new AtomicReferenceArray<>(section.size());
      this.warmedStrides = new AtomicLongArray((section.size() + STRIDE - 1) / STRIDE);
    }

    /** Starts the helper on the common pool, through a hand-off that {@link #stop} withdraws. */
    void start() {
      queued = PoolHandOff.start(this, 1, InternAhead::run);
    }

    /** The helper's part: a stride at a time, until the section is interned or something failed. */
    void run() {
      while (true) {
        turn.lock();
        try {
          if (next >= section.size() || failure != null) {
            return;
          }
          internStride();
        } catch (Throwable e) { // handed to the linking thread, which rethrows it
          failure = e;
          return;
        } finally {
          turn.unlock();
        }
      }
    }

    /**
     * Returns record {@code i}'s identifier ids (as {@link #internIdentifiers} gives them), interning
     * up to it here if the helper has not.
     */
    int[] identifiersOf(int i) {
      while (true) {
        int[] done = interned.get(i);
        if (done != null) {
          return done;
        }
        if (turn.tryLock()) {
          try {
            Preparation.rethrow(failure, "interning ahead failed");
            while (interned.get(i) == null) {
              internStride();
            }
          } finally {
            turn.unlock();
          }
        } else if (!warmAhead(i)) {
          Thread.onSpinWait();
        }
      }
    }

    /**
     * While the helper interns the stride holding record {@code i}, warms one of the next few
     * strides in its place (see {@link #warm}): the slots wait in the shared cache when the helper
     * gets there, and the helper reserves with the counts made here instead of reading them again.
     * Returns false when there is none to warm.
     *
     * <p>It reads the tables while the helper writes them, on purpose. The counts are estimates:
     * a home slot seen empty here may have filled since, and a table the helper grew meanwhile was
     * read in vain. Reserving only spares the tables growing a key at a time ({@link StringIndex#add}
     * makes room for every key it adds), so an estimate costs at most an early or a late growth.
     */
    private boolean warmAhead(int i) {
      int stride = Math.max(warmedUpTo, i / STRIDE + 1);
      if (stride > i / STRIDE + WARM_AHEAD || stride >= warmedStrides.length()) {
        return false;
      }
      int from = stride * STRIDE;
      long counts = countSurelyNew(section.subList(from, Math.min(section.size(), from + STRIDE)));
      warmedStrides.set(stride, WARMED | counts);
      warmedUpTo = stride + 1;
      return true;
    }

    /**
     * Returns record {@code i}'s id (as {@link #internRecord} gives it), once
     * {@link #identifiersOf}{@code (i)} has returned.
     */
    int recordOf(int i) {
      return recordIds[i];
    }

    /**
     * Takes out of the tables the keys first seen in the records of {@code section} after
     * {@code failed}, newest first; called after {@link #stop}, on the linking thread.
     */
    void forgetInternedAfter(int failed, List<Prepared> section) {
      for (int i = interned.length() - 1; i > failed; i--) {
        int[] ids = interned.get(i);
        if (ids == null) {
          continue;
        }
        for (int k = ids.length - 1; k >= 0; k--) {
          if (ids[k] < 0 && ids[k] != EXCLUDED) {
            identifiers.remove(identifierKeyOf(~ids[k]));
          }
        }
        // A refused record's NONE is no key (and reads as the complement of id 0).
        if (recordIds[i] < 0 && section.get(i).deniedType() == null) {
          records.remove(section.get(i).keyString());
        }
      }
    }

    /**
     * Waits for the helper's stride, if any, and keeps it from starting another; withdraws the
     * helper's hand-off, which a pool that never runs its tasks (parallelism 0) would keep.
     */
    void stop() {
      queued.withdraw();
      turn.lock();
      try {
        section = List.of();
        next = 0;
      } finally {
        turn.unlock();
      }
    }

    private void internStride() {
      List<Prepared> stride = section.subList(next, Math.min(section.size(), next + STRIDE));
      long warmed = warmedStrides.get(next / STRIDE);
      reserveFor(warmed != 0 ? warmed : countSurelyNew(stride));
      for (Prepared prepared : stride) {
        recordIds[next] = internRecord(prepared);
        // Published through the array's volatile write: with it, every table write made for it.
        interned.set(next, internIdentifiers(prepared));
        next++;
      }
    }
  }

  /**
   * Reads the table slots that the records' lookups will need, all at once, and grows the tables
   * once for the keys that are surely new: random reads into tables of millions of keys miss the
   * cache, and here they overlap instead of waiting on each other (see
   * {@link StringIndex#absentAtHome}).
   */
  private void warm(List<Prepared> chunk) {
    reserveFor(countSurelyNew(chunk));
  }

  /**
   * Reads the home slot of every key of these records and returns how many record keys (high half)
   * and identifier keys (low half) are surely new; the reads are {@link #warm}'s point.
   */
  private long countSurelyNew(List<Prepared> chunk) {
    int newRecords = 0;
    int newIdentifiers = 0;
    for (Prepared prepared : chunk) {
      newRecords += records.absentAtHome(prepared.keyString());
      for (String key : prepared.identifierKeys()) {
        newIdentifiers += identifiers.absentAtHome(key);
      }
    }
    return ((long) newRecords << 32) | newIdentifiers;
  }

  /** Makes room in the tables for what {@link #countSurelyNew} counted. */
  private void reserveFor(long counts) {
    records.reserve((int) (counts >>> 32) & Integer.MAX_VALUE);
    identifiers.reserve((int) counts);
  }

  /**
   * What a record becomes once its identifiers are checked and normalised: no state involved.
   * Arrays rather than lists because this is built once per ingested record and never escapes.
   */
  @SuppressWarnings("ArrayRecordComponent")
  private record Prepared(
      RecordKey key,
      String keyString,
      String[] identifierKeys,
      Identifier[] given,
      List<Identifier> ignored,
      long observedMillis,
      int denyVersion,
      @Nullable String deniedType) {}

  /**
   * Returns {@code prepared} checked against the deny list as it is now, under the write lock: a
   * person erased after the record was prepared (a batch is prepared ahead, with no lock held) must
   * not come back through it.
   */
  private Prepared checkedAgainstDenyList(Prepared prepared) {
    int version = denyList.version();
    if (prepared.denyVersion() == version) {
      return prepared;
    }
    return new Prepared(prepared.key(), prepared.keyString(), prepared.identifierKeys(),
        prepared.given(), prepared.ignored(), prepared.observedMillis(), version, deniedType(prepared.keyString(), prepared.identifierKeys(), prepared.given()));
  }

  /** {@link #checkedAgainstDenyList} for a section, copying it only when a record changes. */
  private List<Prepared> checkedAgainstDenyList(List<Prepared> section) {
    int version = denyList.version();
    List<Prepared> checked = null;
    for (int i = 0; i < section.size(); i++) {
      Prepared prepared = section.get(i);
      if (prepared.denyVersion() != version) {
        if (checked == null) {
          checked = new ArrayList<>(section);
        }
        checked.set(i, checkedAgainstDenyList(prepared));
      }
    }
    return checked == null ? section : checked;
  }

  /** The type of the first erased key among a record's, {@code record_key} for its own; or null. */
  private @Nullable String deniedType(String keyString, String[] keys, Identifier[] given) {
    if (!denyList.active()) {
      return null;
    }
    if (denyList.isDenied(keyString)) {
      return "record_key";
    }
    for (int i = 0; i < keys.length; i++) {
      if (denyList.isDenied(keys[i])) {
        return given[i].type();
      }
    }
    return null;
  }

  private Prepared prepare(SourceRecord record) {
    Objects.requireNonNull(record, "record");
    // Read first: an erasure from here on makes the write lock's holder check the record again.
    int denyVersion = denyList.version();
    List<Identifier> given = record.identifiers();
    String[] keys = new String[given.size()];
    Identifier[] kept = new Identifier[given.size()];
    int count = 0;
    List<Identifier> ignored = List.of();
    for (Identifier identifier : given) {
      String key = identifierKey(identifier);
      if (key == null) {
        if (ignored.isEmpty()) {
          ignored = new ArrayList<>(2);
        }
        ignored.add(identifier);
      } else if (!containsKey(keys, count, key)) {
        keys[count] = key;
        kept[count++] = identifier;
      }
    }
    String keyString = recordKeyString(record.key());
    // Hashed and read here, on the preparing threads, rather than on the one that links: the hash is
    // cached in the string, and the instant is one more cache miss. An unknown time is the ingest's.
    int unused = keyString.hashCode();
    Instant observedAt = record.observedAt();
    long observedMillis = (observedAt != null ? observedAt : clock.now()).toEpochMilli();
    String[] identifierKeys = count == keys.length ? keys : Arrays.copyOf(keys, count);
    Identifier[] keptIdentifiers = count == kept.length ? kept : Arrays.copyOf(kept, count);
    return new Prepared(record.key(), keyString, identifierKeys, keptIdentifiers, ignored,
        observedMillis, denyVersion, deniedType(keyString, identifierKeys, keptIdentifiers));
  }

  private static boolean containsKey(String[] keys, int count, String key) {
    // Hashing here, on the preparing threads, also leaves each key's hash cached in its String for
    // the table lookups that follow under the write lock, on one thread.
    int hash = key.hashCode();
    for (int i = 0; i < count; i++) {
      if (keys[i].hashCode() == hash && keys[i].equals(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Looks the record's key up, adding it if first seen; returns its id, or the complement of the id
   * of a record first seen here, or {@link #NONE} for a record refused as erased.
   */
  private int internRecord(Prepared prepared) {
    if (prepared.deniedType() != null) {
      return NONE;
    }
    int record = records.find(prepared.keyString());
    return record != NONE ? record : ~addRecordKey(prepared.keyString());
  }

  /**
   * Looks the record's identifier keys up, adding those first seen. Returns, per key, the
   * identifier's id, or the complement of the id of an identifier first seen here, or
   * {@link #EXCLUDED} for a key an operator's decision keeps away from this record (ids never reach
   * {@code Integer.MAX_VALUE}: the intern arena fills up long before).
   */
  private int[] internIdentifiers(Prepared prepared) {
    String[] keys = prepared.identifierKeys();
    if (prepared.deniedType() != null || keys.length == 0) {
      return NO_IDS;
    }
    Set<String> excluded = excludedFor(prepared.keyString());
    int[] ids = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      if (excluded.contains(keys[i])) {
        ids[i] = EXCLUDED;
      } else {
        int id = identifiers.find(keys[i]);
        ids[i] = id != NONE ? id : ~identifiers.add(keys[i]);
      }
    }
    return ids;
  }

  private IngestResult apply(Prepared prepared, int internedRecord, int[] interns) {
    String deniedType = prepared.deniedType();
    if (deniedType != null) {
      emit(seq -> new ErasedReplayRefused(seq, clock.now(), prepared.key(), deniedType));
      return new IngestResult(prepared.key(), Outcome.REFUSED_ERASED, null, List.of(),
          prepared.ignored());
    }
    List<Identifier> ignored = prepared.ignored();
    boolean known = internedRecord >= 0;
    int record = known ? internedRecord : ~internedRecord;
    // Ids of the record's new evidence; ~id marks an identifier seen for the first time.
    int[] added = scratch.added(interns.length);
    int addedCount = 0;
    for (int i = 0; i < interns.length; i++) {
      int id = interns[i];
      if (id == EXCLUDED) {
        ignored = new ArrayList<>(ignored);
        ignored.add(prepared.given()[i]);
      } else if (id < 0 || !known || !evidence.contains(record, id)) {
        added[addedCount++] = id;
      }
    }
    if (known && addedCount == 0) {
      return new IngestResult(prepared.key(), Outcome.UPDATED, oneId(personOfRecord(record)),
          List.of(), ignored);
    }
    if (!known) {
      initRecord(record, prepared.observedMillis());
    }

    // Which components does the record touch, and what does it add to their type counts?
    Roots roots = scratch.roots(addedCount + 1);
    if (known) {
      roots.add(find(record));
    }
    int[] addedCounts = scratch.addedCounts();
    List<Integer> becameGeneric = List.of();
    for (int i = 0; i < addedCount; i++) {
      int id = added[i];
      if (id < 0) {
        id = ~id;
        added[i] = id;
        ensureIdentifierCapacity(id);
        identifiers.setValue(id, record); // claimed: no longer UNCLAIMED
        Pages.set(holderCount, id, 1);
        if (!unheld.isEmpty() && comesBackGeneric(id)) {
          setGeneric(id, true); // counts for no one, as a generic value does
          detectedGeneric.add(id);
        } else {
          addedCounts[typeOf(id)]++;
        }
      } else {
        int holders = Pages.get(holderCount, id) + 1;
        Pages.set(holderCount, id, holders);
        // One read of the key's entry gives both: the generic flag, else the owner.
        int owner = identifiers.value(id);
        if ((owner & GENERIC) != 0) {
          continue;
        }
        if (holders > genericThreshold) {
          identifiers.setValue(id, owner | GENERIC);
          if (becameGeneric.isEmpty()) {
            becameGeneric = new ArrayList<>(1);
          }
          becameGeneric.add(id);
        } else {
          roots.add(find(owner));
        }
      }
    }
    evidence.append(record, added, addedCount);
    if (!known && !decisionsByRecord.isEmpty()) {
      takeUpDecisions(prepared.keyString(), record, roots);
    }

    IngestResult result = link(prepared.key(), record, known, roots, addedCounts, ignored);
    for (int id : becameGeneric) {
      uncommittedGeneric = recordsInStore;
      detectedGeneric.add(id);
      emit(seq -> new GenericValueDetected(seq, clock.now(), identifierOf(identifierKeyOf(id)),
          Pages.get(holderCount, id), genericThreshold));
      rebuild(members(find(ownerOf(id))), "generic value " + identifierOf(identifierKeyOf(id)));
    }
    if (!becameGeneric.isEmpty()) {
      result = new IngestResult(result.record(), result.outcome(),
          oneId(personOfRecord(record)), result.absorbed(), result.ignored());
    }
    persist(record);
    return result;
  }

  /**
   * Lets a record that is new to the graph, but not to the operators, follow their decisions about
   * it: a record ingested again after {@code removeRecord} (decisions are kept between record keys,
   * and hold however people change). Its component is marked for {@link #link} to re-decide under
   * them, and the records it was merged with by hand are among the components it touches. A
   * partner the index knows is linked already: while decisions exist, a bulk ingest interns and
   * links one record at a time ({@link #applySection}), never ahead.
   */
  private void takeUpDecisions(String keyString, int record, Roots roots) {
    boolean paired = false;
    for (ManualDecision decision : decisionsByRecord.getOrDefault(keyString, List.of())) {
      if (decision.kind() == ManualDecision.Kind.EXCLUDED_LINK) {
        continue; // kept out at interning already
      }
      paired = true;
      int partner = records.find(other(decision, keyString));
      if (decision.kind() == ManualDecision.Kind.MUST_LINK && partner != NONE) {
        roots.add(find(partner));
      }
    }
    if (paired) {
      constrain(find(record));
    }
  }

  /**
   * The arrays {@link #apply} and {@link #link} work in, reused from one record to the next: only
   * the holder of the write lock uses them, one record at a time, and nothing keeps them past the
   * record. Allocated per record, these six small arrays were a fifth of what the linking thread of
   * a bulk load allocated.
   */
  private static final class Scratch {
    private final Roots roots = new Roots();
    private final int[] addedCounts;
    private final int[] totalCounts;
    private int[] added = new int[8];
    private int[] people = new int[8];

    Scratch(int types) {
      addedCounts = new int[types];
      totalCounts = new int[types];
    }

    /** Room for the ids of a record's new evidence, with whatever the last record left in it. */
    int[] added(int capacity) {
      added = withRoom(added, capacity);
      return added;
    }

    /** No roots yet, with room for {@code capacity}. */
    Roots roots(int capacity) {
      roots.clear(capacity);
      return roots;
    }

    /** Per type, how many identifiers the record adds: all zero. */
    int[] addedCounts() {
      Arrays.fill(addedCounts, 0);
      return addedCounts;
    }

    /** Per type, the counts of the components touched: {@code addedCounts} to start from. */
    int[] totalCounts(int[] addedCounts) {
      System.arraycopy(addedCounts, 0, totalCounts, 0, totalCounts.length);
      return totalCounts;
    }

    /** Room for the people of {@code count} roots, with whatever the last record left in it. */
    int[] people(int count) {
      people = withRoom(people, count);
      return people;
    }

    /** {@code array} if it holds {@code capacity}, else a new one at least twice as long. */
    static int[] withRoom(int[] array, int capacity) {
      return array.length >= capacity ? array : new int[Math.max(capacity, 2 * array.length)];
    }
  }

  /** The distinct component roots a record touches: a few ints, no boxing. */
  private static final class Roots {
    private int[] values = new int[8];
    private int size;

    /** Empties the set, with room for {@code capacity} roots. */
    void clear(int capacity) {
      values = Scratch.withRoom(values, capacity);
      size = 0;
    }

    void add(int root) {
      for (int i = 0; i < size; i++) {
        if (values[i] == root) {
          return;
        }
      }
      if (size == values.length) { // past what clear was told: a record's partners by hand
        values = Arrays.copyOf(values, 2 * size);
      }
      values[size++] = root;
    }
  }

  /** Links a record into the components it touches: the fast path, or a canonical decision. */
  private IngestResult link(RecordKey key, int record, boolean known, Roots roots,
      int[] addedCounts, List<Identifier> ignored) {
    int own = find(record);
    int width = types.length;
    boolean fast = (Pages.get(node, own) & FLAGS) == 0;
    int[] total = scratch.totalCounts(addedCounts);
    for (int t = 0; t < width; t++) {
      total[t] += Pages.get(typeCounts, own * width + t) & 0xFF;
    }
    for (int i = 0; i < roots.size; i++) {
      int root = roots.values[i];
      if (root != own) {
        fast &= (Pages.get(node, root) & FLAGS) == 0;
        for (int t = 0; t < width; t++) {
          total[t] += Pages.get(typeCounts, root * width + t) & 0xFF;
        }
      }
    }
    addCounts(own, addedCounts);
    for (int t = 0; t < width && fast; t++) {
      fast = total[t] <= limits[t];
    }
    if (fast) {
      int count = roots.size;
      int[] people = scratch.people(count);
      for (int i = 0; i < count; i++) {
        people[i] = rootPerson(roots.values[i]);
      }
      int root = own;
      for (int i = 0; i < count; i++) {
        root = union(root, roots.values[i]);
      }
      if (count == 0) {
        int person = found(record);
        setRootPerson(root, person);
        return new IngestResult(key, Outcome.NEW_PERSON, oneId(person), List.of(), ignored);
      }
      Arrays.sort(people, 0, count);
      int survivor = people[0];
      setRootPerson(root, survivor);
      if (people[count - 1] == survivor) {
        return new IngestResult(key, known ? Outcome.UPDATED : Outcome.JOINED, oneId(survivor),
            List.of(), ignored);
      }
      Set<Integer> others = new TreeSet<>();
      for (int i = 1; i < count; i++) {
        if (people[i] != survivor) {
          others.add(people[i]);
        }
      }
      List<OneId> absorbed = oneIds(others);
      emit(seq -> new Merged(seq, clock.now(), oneId(survivor), absorbed, false));
      return new IngestResult(key, Outcome.MERGED, oneId(survivor), absorbed, ignored);
    }

    Before before = personsBefore(Arrays.copyOf(roots.values, roots.size));
    int root = own;
    for (int i = 0; i < roots.size; i++) {
      root = union(root, roots.values[i]);
    }
    decide(root);
    emitChanges(before, false, "re-decided when " + key + " arrived");
    int person = personOfRecord(record);
    Set<Integer> joined = new TreeSet<>();
    boolean personBefore = false;
    for (int i = 0; i < before.records().length; i++) {
      int was = before.persons()[i];
      personBefore |= was == person;
      if (personOfRecord(before.records()[i]) == person) {
        joined.add(was);
      }
    }
    joined.remove(person);
    if (!known && !personBefore && joined.isEmpty()) {
      return new IngestResult(key, Outcome.NEW_PERSON, oneId(person), List.of(), ignored);
    }
    if (!joined.isEmpty()) {
      return new IngestResult(key, Outcome.MERGED, oneId(person), oneIds(joined), ignored);
    }
    return new IngestResult(key, known ? Outcome.UPDATED : Outcome.JOINED, oneId(person),
        List.of(), ignored);
  }

  // ---------------------------------------------------------------- lookups

  @Override
  public Optional<OneId> resolve(Identifier identifier) {
    Objects.requireNonNull(identifier, "identifier");
    checkInStep();
    int type = typeIndex(identifier);
    String normalized = types[type].normalize(identifier).orElse(null);
    if (normalized == null) {
      return Optional.empty();
    }
    String namespace = identifier.namespace();
    // The hot read of the library: no key built, no lambda, no lock; one pass in the common case,
    // validated against the graph's version, which a writer holds odd only while it changes the
    // graph (see the class comment).
    boolean interrupted = false;
    try {
      for (int attempt = 0; ; attempt++) {
        long version = (long) GRAPH_VERSION.getAcquire(this);
        if ((version & 1) == 0) {
          checkInStep();
          try {
            int person = personHolding(type, namespace, normalized);
            if (graphStillAt(version)) {
              if (person != UNCOMMITTED) {
                return person == NONE ? Optional.empty() : Optional.of(oneId(person));
              }
              // The ingest under way holds the write lock until its store has committed (or
              // failed) and the uncommitted set is cleared: wait for that blocked, rather than
              // poll for as long as the store takes.
              lock.unlockRead(lock.readLock());
              continue;
            }
          } catch (RuntimeException inconsistent) {
            if (graphStillAt(version)) {
              throw inconsistent;
            }
          }
        }
        if (attempt < GRAPH_SPINS) {
          Thread.onSpinWait();
        } else {
          // A long change of the graph (a manual one, a crowded component decided again): naps
          // that double up to about a millisecond.
          LockSupport.parkNanos(GRAPH_PARK_NANOS << Math.min(attempt - GRAPH_SPINS, 6));
          // An interrupt makes every park return at once: kept for the caller instead.
          interrupted |= Thread.interrupted();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the graph has not changed since {@code version} was read, nor is changing. */
  private boolean graphStillAt(long version) {
    VarHandle.acquireFence(); // the reads of the graph before the version's second read
    return (long) GRAPH_VERSION.getOpaque(this) == version;
  }

  /** The person holding an identifier, or NONE when it is unknown or generic. */
  private int personHolding(int type, @Nullable String namespace, String normalized) {
    // The key as identifierKey writes it, found from its parts.
    long value = identifiers.findValue(typePrefixes[type], namespace, normalized);
    if (value == NONE) {
      return NONE;
    }
    int owner = (int) value;
    if ((owner & GENERIC) != 0) {
      return uncommittedGeneric ? UNCOMMITTED : NONE; // generic, or interned ahead: no one's
    }
    int root = findReadOnly(owner);
    if (recordsInStore && !uncommittedRoots.isEmpty() && uncommittedRoots.contains(root)) {
      return UNCOMMITTED;
    }
    return personOfRecord(owner, root);
  }

  @Override
  public Optional<OneId> resolve(RecordKey record) {
    Objects.requireNonNull(record, "record");
    return read(() -> {
      // The key as recordKeyString writes it, found from its parts.
      int index = records.find("", record.source(), record.recordId());
      return index == NONE
          ? Optional.<OneId>empty()
          : Optional.of(oneId(personOfRecord(index)));
    });
  }

  @Override
  public Optional<OneId> current(OneId oneId) {
    Objects.requireNonNull(oneId, "oneId");
    return read(() -> {
      int founder = founderOfReadOnly(oneId);
      return founder == NONE
          ? Optional.<OneId>empty()
          : Optional.of(oneId(personOfRecord(founder)));
    });
  }

  /**
   * Runs a change under the write lock, as one {@link IdentityStore#atomically} of the store, records
   * the ids issued, and delivers the events it made once the lock is released, so that listeners may
   * call back into the resolver. The events of a change that fails are dropped, and the resolver is
   * out of step from then on, unless the change refused bad input before changing anything
   * ({@link #refusal}).
   */
  private <T> T mutate(Supplier<T> change) {
    return mutate(change, true);
  }

  /**
   * {@link #mutate}, where {@code oneGraphChange} says whether the whole change is one change of
   * the graph for lookups of identifiers; an ingest, which is not, makes each record's linking one
   * ({@link #applyAsGraphChange}).
   */
  private <T> T mutate(Supplier<T> change, boolean oneGraphChange) {
    T result;
    long stamp = lock.writeLock();
    try {
      checkInStep();
      store.beginChange();
      if (oneGraphChange) {
        beginGraphChange();
      }
      result = store.atomically(() -> {
        T made = change.get();
        persistIssued();
        return made;
      });
      dispatcher.enqueueAll(changeEvents);
    } finally {
      changeEvents.clear();
      deferringStoreWrites = false;
      deferredEvents.clear();
      deferredRecords.clear();
      store.endChange();
      if (store.failure() == null && (uncommittedGeneric || !uncommittedRoots.isEmpty())) {
        // Committed (or refused, unchanged): what lookups waited for is the store's now.
        beginGraphChange();
        uncommittedRoots.clear();
        uncommittedGeneric = false;
      }
      // Only now, when the store knows whether the change failed: lookups check that first, and a
      // failed change may leave the graph half changed.
      endGraphChange();
      lock.unlockWrite(stamp);
    }
    dispatcher.drain();
    return result;
  }

  /**
   * Links one record of an ingest as one change of the graph for lookups of identifiers, and makes
   * the store writes of its linking after it. With a store of the user's, the components it changed
   * stay {@link #uncommittedRoots uncommitted} until the store commits the change. A record that
   * fails leaves the graph change open, for {@link #mutate} to close once the store knows of the
   * failure.
   */
  private IngestResult applyAsGraphChange(Prepared prepared, int internedRecord,
      int[] identifierIds) {
    beginGraphChange();
    deferringStoreWrites = true;
    IngestResult result = apply(prepared, internedRecord, identifierIds);
    deferringStoreWrites = false;
    if (recordsInStore && result.outcome() != Outcome.REFUSED_ERASED) {
      // ~ marks a new record, as in apply
      uncommittedRoots.add(find(internedRecord >= 0 ? internedRecord : ~internedRecord));
    }
    endGraphChange();
    for (IdentityEvent event : deferredEvents) {
      store.append(event);
    }
    deferredEvents.clear();
    for (int changed : deferredRecords) {
      store.putRecord(stored(changed));
    }
    deferredRecords.clear();
    return result;
  }

  /**
   * A set of union-find roots, open addressing over an int array (a root plus one; 0 is free):
   * written by the writer in graph changes, read by lookups validated against the graph's version.
   * A section of an ingest adds a few thousand at most.
   */
  private static final class RootSet {
    private int[] slots = new int[64];
    private int size;

    boolean isEmpty() {
      return size == 0;
    }

    boolean contains(int root) {
      int[] table = slots;
      int mask = table.length - 1;
      for (int slot = home(root + 1, mask), probes = 0; probes < table.length;
          slot = (slot + 1) & mask, probes++) {
        if (table[slot] == 0) {
          return false;
        }
        if (table[slot] == root + 1) {
          return true;
        }
      }
      return false;
    }

    void add(int root) {
      if (contains(root)) {
        return;
      }
      if (2 * (size + 1) > slots.length) {
        int[] old = slots;
        int[] grown = new int[2 * old.length];
        for (int entry : old) {
          if (entry != 0) {
            place(grown, entry);
          }
        }
        slots = grown;
      }
      place(slots, root + 1);
      size++;
    }

    void clear() {
      if (slots.length > 64) {
        slots = new int[64];
      } else {
        Arrays.fill(slots, 0);
      }
      size = 0;
    }

    private static int home(int entry, int mask) {
      int spread = entry * 0x9E3779B9;
      return (spread ^ (spread >>> 16)) & mask;
    }

    private static void place(int[] table, int entry) {
      int mask = table.length - 1;
      int slot = home(entry, mask);
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = entry;
    }
  }

  /** Marks the graph changing for lookups of identifiers (the version goes odd), if not yet. */
  private void beginGraphChange() {
    if (!graphChanging) {
      graphChanging = true;
      GRAPH_VERSION.setOpaque(this, (long) GRAPH_VERSION.getOpaque(this) + 1);
      VarHandle.releaseFence(); // the odd version before any of the change's writes
    }
  }

  /** Marks the graph still again (the version goes even, after every write of the change). */
  private void endGraphChange() {
    if (graphChanging) {
      GRAPH_VERSION.setRelease(this, (long) GRAPH_VERSION.getOpaque(this) + 1);
      graphChanging = false;
    }
  }

  /**
   * Notes that the change under way refuses bad input before it changed anything, so that the
   * resolver stays in step with its store (any other failure of a change puts it out of step).
   *
   * @param refused the exception to throw
   * @return {@code refused}
   */
  private <E extends RuntimeException> E refusal(E refused) {
    store.refusing();
    return refused;
  }

  /**
   * Refuses to go on once the store failed during a change: the graph may hold what the store does
   * not.
   *
   * @throws IllegalStateException if the store failed during a change, with its exception as cause
   */
  private void checkInStep() {
    Throwable failure = store.failure();
    if (failure != null) {
      throw new IllegalStateException("this resolver is out of step with its store: a change"
          + " failed part-way (" + failure + "); build a new resolver over the store", failure);
    }
  }

  /** Runs a read optimistically, retrying on interference, then under the read lock. */
  private <T> T read(Supplier<T> body) {
    for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      long stamp = lock.tryOptimisticRead();
      if (stamp == 0) {
        Thread.onSpinWait();
        continue;
      }
      checkInStep();
      try {
        T value = body.get();
        if (lock.validate(stamp)) {
          return value;
        }
      } catch (RuntimeException inconsistent) {
        if (lock.validate(stamp)) {
          throw inconsistent;
        }
      }
    }
    return underReadLock(body);
  }

  @Override
  public Optional<Person> person(OneId oneId) {
    Objects.requireNonNull(oneId, "oneId");
    return underReadLock(() -> {
      int founder = founderOfReadOnly(oneId);
      if (founder == NONE) {
        return Optional.<Person>empty();
      }
      int person = personOfRecord(founder);
      List<Integer> mine = recordsOfPerson(founder, person);
      TreeSet<Integer> aliases = new TreeSet<>();
      TreeMap<String, RecordKey> keys = new TreeMap<>();
      TreeSet<Integer> held = new TreeSet<>(this::compareIdentifiers);
      for (int member : mine) {
        keys.put(recordKeyString(member), recordKeyOf(member));
        forEachFounded(member, aliases::add);
        addLinkable(member, held);
      }
      aliases.remove(person);
      return Optional.of(new Person(oneId(person), oneIds(aliases), List.copyOf(keys.values()),
          identifierList(held)));
    });
  }

  @Override
  public Optional<List<Identifier>> identifiersOf(RecordKey record) {
    Objects.requireNonNull(record, "record");
    return underReadLock(() -> {
      int index = records.find("", record.source(), record.recordId());
      if (index == NONE) {
        return Optional.<List<Identifier>>empty();
      }
      TreeSet<Integer> held = new TreeSet<>(this::compareIdentifiers);
      addLinkable(index, held);
      return Optional.of(identifierList(held));
    });
  }

  @Override
  public Optional<Identifier> normalize(Identifier identifier) {
    String key = identifierKey(identifier);
    return key == null ? Optional.empty() : Optional.of(identifierOf(key));
  }

  /** Adds the ids of the record's identifiers that link, the generic ones left out. */
  private void addLinkable(int record, Set<Integer> held) {
    for (int id : evidence.of(record)) {
      if (!isGeneric(id)) {
        held.add(id);
      }
    }
  }

  /** The identifiers of these ids, in the set's order. */
  private List<Identifier> identifierList(Set<Integer> ids) {
    List<Identifier> list = new ArrayList<>(ids.size());
    for (int id : ids) {
      list.add(identifierOf(identifierKeyOf(id)));
    }
    return List.copyOf(list);
  }

  @Override
  public Optional<Explanation> explain(Identifier from, Identifier to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    checkInStep();
    String fromKey = identifierKey(from);
    String toKey = identifierKey(to);
    if (fromKey == null || toKey == null) {
      return Optional.empty();
    }
    return underReadLock(() -> {
      int a = identifiers.find(fromKey);
      int b = identifiers.find(toKey);
      if (a == NONE || b == NONE || isGeneric(a) || isGeneric(b)) {
        return Optional.<Explanation>empty();
      }
      return chainBetween(a, b).map(found -> new Explanation(identifierOf(fromKey),
          identifierOf(toKey), recordKeyOf(found.start()), found.links()));
    });
  }

  /**
   * The chain from identifier {@code a} to {@code b} inside a person holding {@code a}: the
   * person of the record the index keeps for {@code a} first, then the component's others that
   * hold it (a value that refused links left with several people may be kept for another person's
   * record than the one holding both).
   */
  private Optional<Explainer.Chain> chainBetween(int a, int b) {
    int owner = ownerOf(a);
    Optional<Explainer.Chain> chain = chainWithin(owner, a, b);
    if (chain.isPresent()) {
      return chain;
    }
    Set<Integer> tried = new HashSet<>(List.of(personOfRecord(owner)));
    for (int record : members(findReadOnly(owner))) {
      if (evidence.contains(record, a) && tried.add(personOfRecord(record))) {
        chain = chainWithin(record, a, b);
        if (chain.isPresent()) {
          return chain;
        }
      }
    }
    return Optional.empty();
  }

  /** The chain from identifier {@code a} to {@code b} inside the person of {@code record}. */
  private Optional<Explainer.Chain> chainWithin(int record, int a, int b) {
    return Explainer.explain(this, recordsOfPerson(record, personOfRecord(record)), a, b);
  }

  @Override
  public List<Conflict> pendingConflicts() {
    return underReadLock(pending::oldestFirst);
  }

  @Override
  public boolean dismiss(long conflictSequence) {
    return mutate(() -> {
      ConflictKey key = pending.removeBySequence(conflictSequence);
      if (key == null) {
        return false;
      }
      dismissed.add(key);
      emit(seq -> new ConflictDismissed(seq, clock.now(), conflictSequence));
      return true;
    });
  }

  @Override
  public List<IdentityEvent> history(long afterSequence) {
    // Under the read lock, not checked for step: a change under way appends its events and an
    // erasure rewrites the history event by event, which a read between would see half done.
    long stamp = lock.readLock();
    try {
      return unwatched.events(afterSequence);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void addListener(IdentityListener listener) {
    Objects.requireNonNull(listener, "listener");
    dispatcher.add(listener);
  }

  @Override
  public boolean removeListener(IdentityListener listener) {
    Objects.requireNonNull(listener, "listener");
    return dispatcher.remove(listener);
  }

  @Override
  public IdentityStats stats() {
    return underReadLock(() -> {
      long people = 0;
      // Page by page, past those no id was founded in: a last issued id near 2^31 read back is not
      // 2^31 reads, and an id of Integer.MAX_VALUE does not wrap around. Ids past the last issued
      // one, and id 0, are founded by no record.
      for (int p = 0; p < founderOf.length; p++) {
        int[] page = founderOf[p];
        if (page == NO_FOUNDERS) {
          continue;
        }
        int first = p << Pages.SHIFT;
        for (int i = 0; i < page.length; i++) {
          int founder = page[i];
          if (founder != NONE && personOfRecord(founder) == first + i) {
            people++;
          }
        }
      }
      return new IdentityStats(records.size(), identifiers.size(), people, pending.size());
    });
  }

  @Override
  public void snapshot(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    long stamp = lock.readLock();
    try {
      checkInStep();
      Snapshots.write(out, records.size(), this::forEachStoredRecord, store, denyList.salt());
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private <T> T underReadLock(Supplier<T> body) {
    long stamp = lock.readLock();
    try {
      checkInStep();
      return body.get();
    } finally {
      lock.unlockRead(stamp);
    }
  }

  // ---------------------------------------------------------------- manual decisions

  @Override
  public OneId merge(OneId a, OneId b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return mutate(() -> {
      int founderA = liveFounder(a);
      int founderB = liveFounder(b);
      int personA = personOfRecord(founderA);
      int personB = personOfRecord(founderB);
      if (personA == personB) {
        return oneId(personA);
      }
      int left = firstRecordOf(founderA, personA);
      int right = firstRecordOf(founderB, personB);
      // The records come in the order of their union-find ring, which a live resolver builds in
      // ingest order and a restore in key order: the refusal names the smallest declaration that
      // blocks the merge, so that the same state gives the same message.
      ManualDecision blocking = null;
      for (int x : recordsOfPerson(founderA, personA)) {
        for (ManualDecision decision : decisionsOf(x)) {
          if (decision.kind() == ManualDecision.Kind.CANNOT_LINK
              && personOfRecordKey(other(decision, recordKeyString(x))) == personB
              && (blocking == null || comparePairs(decision, blocking) < 0)) {
            blocking = decision;
          }
        }
      }
      if (blocking != null) {
        throw refusal(new IllegalStateException("cannot merge " + oneId(personA) + " and "
            + oneId(personB) + ": declared never to merge (" + blocking.left() + " / "
            + blocking.right() + ")"));
      }
      addDecision(ManualDecision.mustLink(recordKeyOf(left), recordKeyOf(right)));
      Before before = personsBefore(find(left), find(right));
      int root = union(find(left), find(right));
      constrain(root);
      decide(root);
      emitChanges(before, true, "manual merge");
      return oneId(personOfRecord(left));
    });
  }

  @Override
  public void neverMerge(OneId a, OneId b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    mutate(() -> {
      int founderA = liveFounder(a);
      int founderB = liveFounder(b);
      if (founderA == founderB) {
        throw refusal(new IllegalArgumentException(
            "cannot keep " + a + " apart from " + b + ": they were founded by the same record"));
      }
      addDecision(ManualDecision.cannotLink(recordKeyOf(founderA), recordKeyOf(founderB)));
      constrain(find(founderA));
      constrain(find(founderB));
      if (find(founderA) == find(founderB)) {
        rebuild(members(find(founderA)), "declared never to merge");
      }
      return null;
    });
  }

  @Override
  public List<OneId> removeRecord(RecordKey key) {
    Objects.requireNonNull(key, "key");
    return mutate(() -> {
      int record = knownRecord(key);
      int person = personOfRecord(record);
      int[] rest = without(members(find(record)), List.of(record));
      List<Integer> heirs = recordsOfPerson(record, person);
      heirs.remove(Integer.valueOf(record));
      handOverFounded(record, heirs);
      forgetRecord(record);
      persistRemoval(key);
      emit(seq -> new RecordRemoved(seq, clock.now(), key, oneId(person)));
      rebuild(rest, "record " + key + " removed");
      return peopleOf(heirs);
    });
  }

  @Override
  public List<OneId> removeLink(RecordKey key, Identifier identifier) {
    Objects.requireNonNull(key, "key");
    String identifierKey = identifierKey(identifier);
    if (identifierKey == null) {
      throw new IllegalArgumentException(
          "record " + key + " holds no link through " + identifier + ": it is blocked junk");
    }
    return mutate(() -> {
      int record = knownRecord(key);
      int id = identifiers.find(identifierKey);
      if (id == NONE || !evidence.contains(record, id)) {
        throw refusal(
            new IllegalArgumentException("record " + key + " does not hold " + identifier));
      }
      int[] component = members(find(record));
      int person = personOfRecord(record);
      Identifier removed = identifierOf(identifierKey);
      evidence.remove(record, id);
      releaseIdentifier(id);
      addDecision(ManualDecision.excludedLink(key, removed));
      persist(record);
      emit(seq -> new LinkRemoved(seq, clock.now(), key, removed, oneId(person)));
      rebuild(component, "link " + removed + " of " + key + " removed");
      return peopleOf(Arrays.stream(component).boxed().toList());
    });
  }

  @Override
  public Erased erase(OneId oneId) {
    Objects.requireNonNull(oneId, "oneId");
    return mutate(() -> {
      int founder = liveFounder(oneId);
      int person = personOfRecord(founder);
      List<Integer> mine = recordsOfPerson(founder, person);
      int[] rest = without(members(find(founder)), mine);
      Set<Integer> aliases = new TreeSet<>();
      Map<Integer, Integer> heldByMine = new HashMap<>();
      Set<String> erasedKeys = new HashSet<>();
      for (int record : mine) {
        forEachFounded(record, aliases::add);
        for (int id : evidence.of(record)) {
          heldByMine.merge(id, 1, Integer::sum);
        }
      }
      // A value that records of other people hold too (a family's phone, a store's counter phone)
      // is theirs as well: it stays with them, and only the person's own values are denied.
      Set<String> erasedIdentifierKeys = new HashSet<>();
      Set<Integer> ownIds = new HashSet<>();
      heldByMine.forEach((id, held) -> {
        if (Pages.get(holderCount, id) == held) {
          erasedIdentifierKeys.add(identifierKeyOf(id));
          ownIds.add(id);
        }
      });
      erasedIdentifierKeys.forEach(denyList::deny);
      for (int record : mine) {
        String key = recordKeyString(record);
        erasedKeys.add(key);
        denyList.deny(key);
        forEachFounded(record, id -> setFounder(id, NONE));
        persistRemoval(recordKeyOf(record));
        forgetRecord(record);
      }
      // Links taken away by hand from the person's records: their reasons quote the identifiers.
      List<String> quoted = new ArrayList<>();
      for (String key : erasedKeys) {
        for (ManualDecision decision : decisionsByRecord.getOrDefault(key, List.of())) {
          Identifier excluded = decision.identifier();
          if (excluded != null) {
            quoted.add(excluded.toString());
          }
        }
      }
      forgetDecisionsOf(erasedKeys);
      // The person's own values leave no trace but their hashes on the deny list, generic or not.
      unheld.forgetValues(erasedIdentifierKeys);
      aliases.remove(person);
      // The person's conflicts about values that others hold too go when the rest is re-decided
      // below, since a conflict is between people of the component as it is now; those about the
      // person's own values go here.
      pending.removeAbout(ownIds.stream().mapToInt(Integer::intValue).toArray(), Set.of());
      forgetDismissalsInvolving(person);
      aliases.forEach(this::forgetDismissalsInvolving);
      rebuild(rest, "person " + oneId(person) + " erased");
      int records = mine.size();
      int identifierCount = erasedIdentifierKeys.size();
      Erased erased = (Erased) emit(seq -> new Erased(seq, clock.now(), oneId(person),
          oneIds(aliases), records, identifierCount));
      // Last, the history's rewrite: the graph is erased by then, and a store that fails here puts
      // the resolver out of step (one that rolls back takes the whole erasure back).
      for (String key : erasedIdentifierKeys) {
        quoted.add(identifierOf(key).toString());
      }
      for (String key : erasedKeys) {
        quoted.add(recordKeyOf(key).toString());
      }
      redactHistory(erasedIdentifierKeys, quoted, erased);
      return erased;
    });
  }

  /**
   * Rewrites the events of the history that name what an erasure removed: a conflict that involved
   * the person (under its id or an alias) or one of their own identifiers, a generic value that was
   * one of their own, a removal of one of their records and a refused replay under one of their
   * record keys (whoever held the record then: it may have been removed from another person and
   * come back to this one), and a removed link of one of their records or of a value it quotes
   * (whoever held the record then) become {@link Redacted}; a split's
   * reason loses the identifiers and record keys it quoted ({@code quoted}, to which the keys of the
   * removed records are added). Identifiers that others still hold are theirs too, and stay. Reads
   * only the events that the {@link HistoryIndex} says may name them, and checks each.
   */
  private void redactHistory(Set<String> identifierKeys, List<String> quoted, Erased erased) {
    Set<OneId> erasedIds = new HashSet<>(erased.aliases());
    erasedIds.add(erased.oneId());
    Set<Identifier> gone = new HashSet<>();
    for (String key : identifierKeys) {
      gone.add(identifierOf(key));
    }
    Set<Long> naming = historyIndex.naming(erasedIds, gone);
    List<IdentityEvent> history = new ArrayList<>(store.events(naming));
    List<String> texts = new ArrayList<>(quoted);
    for (IdentityEvent event : history) {
      if (event instanceof RecordRemoved removed && erasedIds.contains(removed.person())) {
        texts.add(removed.record().toString());
      }
    }
    // The splits that quote them, once the removed records' keys are known from their removals,
    // and the removed links of the erased records, whoever held them then.
    Set<Long> quoting = historyIndex.quoting(texts);
    Set<String> quotedTexts = new HashSet<>(texts);
    quoting.removeAll(naming);
    if (!quoting.isEmpty()) {
      history.addAll(store.events(quoting));
    }
    history.sort(java.util.Comparator.comparingLong(IdentityEvent::sequence));
    // Longest first, so that a key that starts another is not taken for a part of it.
    texts.sort(java.util.Comparator.comparingInt(String::length).reversed());
    List<String> alternatives = new ArrayList<>(texts.size());
    texts.forEach(text -> alternatives.add(Pattern.quote(text)));
    // Reasons quote an identifier or a record key between spaces: "generic value phone=+86...".
    Pattern named = Pattern.compile(
        "(?<!\\S)(?:" + String.join("|", alternatives) + ")(?!\\S)");
    for (IdentityEvent event : history) {
      IdentityEvent kept = event;
      boolean aboutErased = (event instanceof Conflict conflict
          && (gone.contains(conflict.identifier()) || erasedIds.contains(conflict.left())
              || erasedIds.contains(conflict.right())))
          || (event instanceof GenericValueDetected generic && gone.contains(generic.identifier()))
          || (event instanceof RecordRemoved removed && (erasedIds.contains(removed.person())
              || quotedTexts.contains(removed.record().toString())))
          || (event instanceof ErasedReplayRefused refused
              && quotedTexts.contains(refused.record().toString()))
          || (event instanceof LinkRemoved unlinked && (erasedIds.contains(unlinked.person())
              || gone.contains(unlinked.identifier())
              || quotedTexts.contains(unlinked.record().toString())
              || quotedTexts.contains(unlinked.identifier().toString())));
      if (aboutErased) {
        kept = new Redacted(
            event.sequence(), event.at(), event.getClass().getSimpleName(), erased.oneId());
      } else if (event instanceof Split split && !texts.isEmpty()) {
        String reason = named.matcher(split.reason()).replaceAll(ERASED_TEXT);
        if (!reason.equals(split.reason())) {
          kept = new Split(split.sequence(), split.at(), split.before(), split.parts(), reason);
        }
      }
      if (kept != event) {
        store.replaceEvent(kept);
        historyIndex.add(kept);
      }
    }
  }

  // ---------------------------------------------------------------- the canonical decision

  /**
   * Decides the people of the component at {@code root}, and emits the conflicts that are new. The
   * caller emits the merges and splits, since one change may touch several components.
   */
  private void decide(int root) {
    int[] members = inKeyOrder(members(root));
    boolean withinLimits = (Pages.get(node, root) & CONSTRAINED) == 0;
    for (int t = 0; t < types.length && withinLimits; t++) {
      withinLimits = (Pages.get(typeCounts, root * types.length + t) & 0xFF) <= limits[t];
    }
    int[] groupOf;
    int groups;
    List<GuardDecision.Refusal> refusals;
    if (withinLimits) {
      groupOf = new int[members.length];
      groups = 1;
      refusals = List.of();
    } else {
      GuardDecision.Result result = guard.decide(new ComponentView(members),
          pairs(members, ManualDecision.Kind.MUST_LINK),
          pairs(members, ManualDecision.Kind.CANNOT_LINK));
      groupOf = result.groupOf();
      groups = result.groups();
      refusals = result.refusals();
      int[] ids = result.identifiers();
      for (int k = 0; k < ids.length; k++) {
        setOwner(ids[k], members[result.firstHolders()[k]]);
      }
    }

    // Ids: each group takes the smallest id its records founded, or founds one.
    int[] groupPerson = new int[groups];
    for (int i = 0; i < members.length; i++) {
      int founded = Pages.get(foundedMin, members[i]);
      int g = groupOf[i];
      if (founded != 0 && (groupPerson[g] == 0 || founded < groupPerson[g])) {
        groupPerson[g] = founded;
      }
    }
    for (int i = 0; i < members.length; i++) {
      int g = groupOf[i];
      if (groupPerson[g] == 0) {
        groupPerson[g] = found(members[i]);
        persist(members[i]);
      }
    }
    if (groups == 1) {
      Pages.set(node, root, Pages.get(node, root) & ~GUARDED);
      setRootPerson(root, groupPerson[0]);
    } else {
      Pages.set(node, root, Pages.get(node, root) | GUARDED);
      for (int i = 0; i < members.length; i++) {
        Pages.set(personOf, members[i], groupPerson[groupOf[i]]);
      }
    }
    emitConflicts(members, refusals);
  }

  /** The records in the order of their keys, the canonical order of a decision. */
  private int[] inKeyOrder(int[] someRecords) {
    int[] order = records.keyOrder(someRecords);
    int[] ordered = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      ordered[i] = someRecords[order[i]];
    }
    return ordered;
  }

  /** The records of the components a change touches, and the person of each before it. */
  @SuppressWarnings("ArrayRecordComponent") // built once per change and only read
  private record Before(int[] records, int[] persons) {}

  /**
   * Emits a Split for every person now in several parts and a Merged for every new union, each kind
   * in increasing order of the person. Only the people of records whose person changed can be in
   * either: their records' (before, now) pairs of people, sorted as longs both ways round, give
   * each one's parts and each one's sources in increasing order.
   */
  private void emitChanges(Before before, boolean manual, String reason) {
    int n = before.records().length;
    int[] now = new int[n];
    int changed = 0;
    for (int i = 0; i < n; i++) {
      now[i] = personOfRecord(before.records()[i]);
      changed += now[i] != before.persons()[i] ? 1 : 0;
    }
    if (changed == 0) {
      return;
    }
    int[] involved = new int[2 * changed];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (now[i] != before.persons()[i]) {
        involved[k++] = before.persons()[i];
        involved[k++] = now[i];
      }
    }
    Arrays.sort(involved);
    long[] partsOf = new long[n];
    long[] sourcesOf = new long[n];
    int pairs = 0;
    for (int i = 0; i < n; i++) {
      int was = before.persons()[i];
      if (was != now[i] || Arrays.binarySearch(involved, was) >= 0) {
        partsOf[pairs] = ((long) was << 32) | now[i];
        sourcesOf[pairs++] = ((long) now[i] << 32) | was;
      }
    }
    Arrays.sort(partsOf, 0, pairs);
    Arrays.sort(sourcesOf, 0, pairs);
    for (int from = 0, to; from < pairs; from = to) {
      to = runEnd(partsOf, from, pairs);
      int was = (int) (partsOf[from] >>> 32);
      List<OneId> parts = distinctLowHalves(partsOf, from, to);
      if (parts.size() > 1) {
        emit(seq -> new Split(seq, clock.now(), oneId(was), parts, reason));
      }
    }
    for (int from = 0, to; from < pairs; from = to) {
      to = runEnd(sourcesOf, from, pairs);
      OneId survivor = oneId((int) (sourcesOf[from] >>> 32));
      List<OneId> absorbed = distinctLowHalves(sourcesOf, from, to);
      boolean stays = absorbed.remove(survivor);
      if (!absorbed.isEmpty() && (stays || absorbed.size() > 1)) {
        emit(seq -> new Merged(seq, clock.now(), survivor, absorbed, manual));
      }
    }
  }

  /** The end of the run from {@code from} of sorted longs whose high halves are the same. */
  private static int runEnd(long[] sorted, int from, int end) {
    int to = from + 1;
    while (to < end && sorted[to] >>> 32 == sorted[from] >>> 32) {
      to++;
    }
    return to;
  }

  /** The distinct low halves of such a run, as ids in increasing order. */
  private static List<OneId> distinctLowHalves(long[] sorted, int from, int to) {
    List<OneId> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (i == from || sorted[i] != sorted[i - 1]) {
        ids.add(oneId((int) sorted[i]));
      }
    }
    return ids;
  }

  /**
   * Reports the refusals not yet pending (nor dismissed), and takes out the pending conflicts about
   * the component's identifiers that no refusal backs any more.
   */
  private void emitConflicts(int[] members, List<GuardDecision.Refusal> refusals) {
    if (refusals.isEmpty() && pending.size() == 0) {
      return; // nothing queued to take back, nothing new to report
    }
    Set<ConflictKey> kept = new HashSet<>();
    for (GuardDecision.Refusal refusal : refusals) {
      int identifier = refusal.identifier();
      int left = personOfRecord(members[refusal.left()]);
      int right = personOfRecord(members[refusal.right()]);
      if (left == right) {
        // Refused through this identifier, joined through another: no two people to decide on.
        continue;
      }
      ConflictKey key = ConflictKey.of(identifier, left, right);
      // Pending already, from before or from an earlier refusal of this decision: it stays.
      if (pending.contains(key)) {
        kept.add(key);
      } else if (!dismissed.contains(key) && !loading) {
        Conflict conflict = (Conflict) emit(seq -> new Conflict(seq, clock.now(), oneId(left),
            oneId(right), identifierOf(identifierKeyOf(identifier)), refusal.rule(),
            refusal.detail()));
        pending.put(key, conflict);
        kept.add(key);
      }
    }
    pending.removeAbout(evidence.ofAll(members), kept);
  }

  /**
   * The conflicts waiting for review, indexed by identifier: re-deciding a component takes out and
   * puts back only the conflicts about its own identifiers, however long the queue; and by
   * sequence number, so that dismissing one does not scan the queue (an operator who dismissed a
   * queue of n conflicts one by one waited n squared steps). An identifier nearly always has one
   * conflict pending, kept as it is; several go in an array. Keys are not kept: a conflict's key is
   * its identifier and its two people.
   */
  private static final class ReviewQueue {
    private static final Conflict[] NONE_PENDING = new Conflict[0];

    // Per identifier, a Conflict or a Conflict[] of two or more.
    private final Map<Integer, Object> byIdentifier = new HashMap<>();
    private final Map<Long, Integer> identifierBySequence = new HashMap<>();
    private int size;

    /**
     * Takes out the conflicts about these identifiers (each may come more than once) but those
     * with a key in {@code kept}.
     */
    void removeAbout(int[] identifiers, Set<ConflictKey> kept) {
      for (int i = 0; i < identifiers.length && size > 0; i++) {
        int identifier = identifiers[i];
        Conflict[] about = about(identifier);
        int stay = 0;
        for (Conflict conflict : about) {
          if (kept.contains(keyOf(identifier, conflict))) {
            about[stay++] = conflict;
          } else {
            identifierBySequence.remove(conflict.sequence());
          }
        }
        if (stay < about.length) {
          size -= about.length - stay;
          store(identifier, about, stay);
        }
      }
    }

    void put(ConflictKey key, Conflict conflict) {
      Conflict[] about = about(key.identifier());
      for (int i = 0; i < about.length; i++) {
        if (keyOf(key.identifier(), about[i]).equals(key)) {
          identifierBySequence.remove(about[i].sequence());
          about[i] = conflict;
          identifierBySequence.put(conflict.sequence(), key.identifier());
          store(key.identifier(), about, about.length);
          return;
        }
      }
      Conflict[] grown = Arrays.copyOf(about, about.length + 1);
      grown[about.length] = conflict;
      store(key.identifier(), grown, grown.length);
      identifierBySequence.put(conflict.sequence(), key.identifier());
      size++;
    }

    boolean contains(ConflictKey key) {
      for (Conflict conflict : about(key.identifier())) {
        if (keyOf(key.identifier(), conflict).equals(key)) {
          return true;
        }
      }
      return false;
    }

    /** Takes out the conflict with this sequence number; returns its key, or null if none. */
    @Nullable ConflictKey removeBySequence(long sequence) {
      Integer identifier = identifierBySequence.remove(sequence);
      if (identifier == null) {
        return null;
      }
      Conflict[] about = about(identifier);
      int stay = 0;
      ConflictKey removed = null;
      for (Conflict conflict : about) {
        if (conflict.sequence() == sequence) {
          removed = keyOf(identifier, conflict);
        } else {
          about[stay++] = conflict;
        }
      }
      size -= about.length - stay;
      store(identifier, about, stay);
      return removed;
    }

    List<Conflict> oldestFirst() {
      List<Conflict> all = new ArrayList<>(size);
      for (int identifier : byIdentifier.keySet()) {
        all.addAll(Arrays.asList(about(identifier)));
      }
      all.sort(java.util.Comparator.comparingLong(Conflict::sequence));
      return all;
    }

    int size() {
      return size;
    }

    /** The identifier's pending conflicts, as an array the caller may reorder and pass back. */
    private Conflict[] about(int identifier) {
      Object about = byIdentifier.get(identifier);
      if (about == null) {
        return NONE_PENDING;
      }
      return about instanceof Conflict one ? new Conflict[] {one} : (Conflict[]) about;
    }

    /** Keeps the first {@code count} of {@code conflicts} as the identifier's pending ones. */
    private void store(int identifier, Conflict[] conflicts, int count) {
      if (count == 0) {
        byIdentifier.remove(identifier);
      } else if (count == 1) {
        byIdentifier.put(identifier, conflicts[0]);
      } else {
        byIdentifier.put(identifier, count == conflicts.length
            ? conflicts : Arrays.copyOf(conflicts, count));
      }
    }

    private static ConflictKey keyOf(int identifier, Conflict conflict) {
      return ConflictKey.of(identifier, (int) conflict.left().value(),
          (int) conflict.right().value());
    }
  }

  /**
   * Conflict keys by the people on either side and by identifier: an erasure finds a person's, and
   * a value that loses its last holder its own, without a scan.
   */
  private static final class ConflictKeys {
    private final Map<Integer, Set<ConflictKey>> byPerson = new HashMap<>();
    private final Map<Integer, Set<ConflictKey>> byIdentifier = new HashMap<>();

    void add(ConflictKey key) {
      byPerson.computeIfAbsent(key.left(), k -> new HashSet<>()).add(key);
      byPerson.computeIfAbsent(key.right(), k -> new HashSet<>()).add(key);
      byIdentifier.computeIfAbsent(key.identifier(), k -> new HashSet<>()).add(key);
    }

    boolean contains(ConflictKey key) {
      Set<ConflictKey> involving = byPerson.get(key.left());
      return involving != null && involving.contains(key);
    }

    /** Takes out the keys with {@code person} on either side. */
    void removeInvolving(int person) {
      Set<ConflictKey> involving = byPerson.remove(person);
      if (involving != null) {
        for (ConflictKey key : involving) {
          removeFrom(byPerson, key.left() == person ? key.right() : key.left(), key);
          removeFrom(byIdentifier, key.identifier(), key);
        }
      }
    }

    /** Takes out and returns the keys about {@code identifier}. */
    Set<ConflictKey> removeAbout(int identifier) {
      Set<ConflictKey> about = byIdentifier.remove(identifier);
      if (about == null) {
        return Set.of();
      }
      for (ConflictKey key : about) {
        removeFrom(byPerson, key.left(), key);
        removeFrom(byPerson, key.right(), key);
      }
      return about;
    }

    private static void removeFrom(Map<Integer, Set<ConflictKey>> index, int at,
        ConflictKey key) {
      Set<ConflictKey> keys = index.get(at);
      if (keys != null && keys.remove(key) && keys.isEmpty()) {
        index.remove(at);
      }
    }
  }

  /**
   * What the resolver keeps, by key, of values whose holders all left, for when one comes back
   * under a new id: that it was found generic (a value once found generic stays generic, from its
   * first holder on) and the refusals about it that an operator dismissed (they stay dismissed). A
   * restart reads both from the history, and so takes them the same way. A few keys, if any.
   */
  private static final class Unheld {
    private final Set<String> generic = new HashSet<>();
    // The keys carry the identifier id the value had when it left; only their people count.
    private final Map<String, Set<ConflictKey>> dismissed = new HashMap<>();

    boolean isEmpty() {
      return generic.isEmpty() && dismissed.isEmpty();
    }

    void keepGeneric(String key) {
      generic.add(key);
    }

    void keepDismissed(String key, Collection<ConflictKey> dismissals) {
      if (!dismissals.isEmpty()) {
        dismissed.computeIfAbsent(key, k -> new HashSet<>()).addAll(dismissals);
      }
    }

    boolean takeGeneric(String key) {
      return generic.remove(key);
    }

    Set<ConflictKey> takeDismissed(String key) {
      Set<ConflictKey> dismissals = dismissed.remove(key);
      return dismissals == null ? Set.of() : dismissals;
    }

    void forgetValues(Collection<String> keys) {
      generic.removeAll(keys);
      dismissed.keySet().removeAll(keys);
    }

    void forgetDismissalsInvolving(int person) {
      dismissed.values().forEach(dismissals -> dismissals.removeIf(
          key -> key.left() == person || key.right() == person));
      dismissed.values().removeIf(Set::isEmpty);
    }
  }

  /** What a refusal is about: an identifier between two people, in either order. */
  private record ConflictKey(int identifier, int left, int right) {
    static ConflictKey of(int identifier, int one, int other) {
      // Which side is "left" depends on which record holds the value first, which can change.
      return new ConflictKey(identifier, Math.min(one, other), Math.max(one, other));
    }

    // Written out, with the values the generated ones give: those go through method handles, and
    // re-deciding a crowded component looks up thousands of keys.
    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof ConflictKey key
          && key.identifier == identifier && key.left == left && key.right == right;
    }

    @Override
    public int hashCode() {
      return (identifier * 31 + left) * 31 + right;
    }
  }

  /**
   * Rebuilds the union-find of {@code component}'s records from their evidence and decisions, then
   * decides each resulting component: the way back from anything that takes evidence away.
   */
  private void rebuild(int[] component, String reason) {
    if (component.length == 0) {
      return;
    }
    rebuildParts(component, reason);
    if (deferringStoreWrites && recordsInStore) {
      // In an ingest: the parts, which may no longer hold the record, are uncommitted too.
      for (int record : component) {
        uncommittedRoots.add(find(record));
      }
    }
  }

  private void rebuildParts(int[] component, String reason) {
    int[] persons = new int[component.length];
    for (int i = 0; i < component.length; i++) {
      persons[i] = personOfRecord(component[i]);
    }
    Before before = new Before(component, persons);
    int[] ordered = inKeyOrder(component);
    for (int record : ordered) {
      resetNode(record);
    }
    Map<Integer, Integer> firstHolder = new HashMap<>();
    for (int record : ordered) {
      for (int id : evidence.of(record)) {
        if (isGeneric(id)) {
          continue;
        }
        Integer first = firstHolder.putIfAbsent(id, record);
        if (first == null) {
          setOwner(id, record);
          int[] one = new int[types.length];
          one[typeOf(id)] = 1;
          addCounts(find(record), one);
        } else {
          union(find(first), find(record));
        }
      }
    }
    // Nearly always so: no record key to rebuild per record to look decisions up.
    if (!decisionsByRecord.isEmpty()) {
      Map<String, Integer> byKey = new HashMap<>();
      for (int record : ordered) {
        byKey.put(recordKeyString(record), record);
      }
      for (int record : ordered) {
        for (ManualDecision decision : decisionsOf(record)) {
          constrain(find(record));
          Integer other = decision.kind() == ManualDecision.Kind.MUST_LINK
              ? byKey.get(other(decision, recordKeyString(record))) : null;
          if (other != null) {
            union(find(record), find(other));
            constrain(find(record));
          }
        }
      }
    }
    Set<Integer> roots = new LinkedHashSet<>();
    for (int record : ordered) {
      roots.add(find(record));
    }
    for (int root : roots) {
      decide(root);
    }
    if (!loading) {
      emitChanges(before, false, reason);
    }
  }

  // ---------------------------------------------------------------- union-find

  /** The root of a record, halving the path on the way. */
  private int find(int record) {
    long[][] nodes = node;
    int up = parentIn(Pages.get(nodes, record));
    while (up != record) {
      int grandparent = parentIn(Pages.get(nodes, up));
      // A node below the root holds its parent alone.
      Pages.set(nodes, record, grandparent);
      record = grandparent;
      up = parentIn(Pages.get(nodes, record));
    }
    return record;
  }

  /** A walk without path compression, bounded so an inconsistent optimistic read cannot spin. */
  private int findReadOnly(int record) {
    long[][] nodes = node;
    long bound = recordCapacity;
    for (int steps = 0; parentIn(Pages.get(nodes, record)) != record; steps++) {
      if (steps > bound) {
        throw new IllegalStateException("parent cycle seen by an interrupted read");
      }
      record = parentIn(Pages.get(nodes, record));
    }
    return record;
  }

  private static int parentIn(long node) {
    return (int) (node & PARENT_BITS);
  }

  /** How many records the graph has room for before its arrays grow. */
  long recordCapacity() {
    return recordCapacity;
  }

  private static int personIn(long node) {
    return (int) ((node & PERSON_BITS) >>> 32);
  }

  private int rootPerson(int root) {
    return personIn(Pages.get(node, root));
  }

  private void setRootPerson(int root, int person) {
    Pages.set(node, root, (Pages.get(node, root) & ~PERSON_BITS) | ((long) person << 32));
  }

  /** Marks a component as one an operator's decision names. */
  private void constrain(int root) {
    Pages.set(node, root, Pages.get(node, root) | CONSTRAINED);
  }

  /** Unions two roots by size; the merged root keeps the smaller person id of clean roots. */
  private int union(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b) {
      return a;
    }
    int sizeA = Pages.get(size, a);
    int sizeB = Pages.get(size, b);
    if (sizeA < sizeB) {
      int swap = a;
      a = b;
      b = swap;
    }
    long absorbed = Pages.get(node, b);
    Pages.set(node, b, a);
    Pages.set(size, a, sizeA + sizeB);
    int swap = Pages.get(next, a);
    Pages.set(next, a, Pages.get(next, b));
    Pages.set(next, b, swap);
    int width = types.length;
    for (int t = 0; t < width; t++) {
      int sum = (Pages.get(typeCounts, a * width + t) & 0xFF)
          + (Pages.get(typeCounts, b * width + t) & 0xFF);
      Pages.set(typeCounts, a * width + t, (byte) Math.min(255, sum));
    }
    Pages.set(node, a, Pages.get(node, a) | (absorbed & FLAGS));
    int absorbedPerson = personIn(absorbed);
    int person = rootPerson(a);
    if (absorbedPerson != 0 && (person == 0 || absorbedPerson < person)) {
      setRootPerson(a, absorbedPerson);
    }
    return a;
  }

  private void addCounts(int root, int[] counts) {
    int width = types.length;
    for (int t = 0; t < width; t++) {
      int sum = (Pages.get(typeCounts, root * width + t) & 0xFF) + counts[t];
      Pages.set(typeCounts, root * width + t, (byte) Math.min(255, sum));
    }
  }

  private void resetNode(int record) {
    Pages.set(node, record, record);
    Pages.set(size, record, 1);
    Pages.set(next, record, record);
    for (int i = record * types.length; i < (record + 1) * types.length; i++) {
      Pages.set(typeCounts, i, (byte) 0);
    }
  }

  /** The records of the component at {@code root}, round its ring. */
  private int[] members(int root) {
    int[] members = new int[Pages.get(size, root)];
    int record = root;
    for (int i = 0; i < members.length; i++) {
      members[i] = record;
      record = Pages.get(next, record);
    }
    return members;
  }

  // ---------------------------------------------------------------- people and ids

  /**
   * The person of a record. It walks up without compressing the path, so that it may run under the
   * read lock, and in optimistic reads, where nothing may be written.
   */
  private int personOfRecord(int record) {
    return personOfRecord(record, findReadOnly(record));
  }

  /** The person of a record whose union-find root is {@code root}. */
  private int personOfRecord(int record, int root) {
    long rootNode = Pages.get(node, root);
    return (rootNode & GUARDED) != 0 ? Pages.get(personOf, record) : personIn(rootNode);
  }

  private int founderOfReadOnly(OneId oneId) {
    long value = oneId.value();
    return value > lastIssued || value >= founderCapacity ? NONE : Pages.get(founderOf, (int) value);
  }

  private int liveFounder(OneId oneId) {
    int founder = founderOfReadOnly(oneId);
    if (founder == NONE) {
      throw refusal(new IllegalArgumentException("unknown or erased person: " + oneId));
    }
    return founder;
  }

  /** Issues the next id, founded by {@code record}. */
  private int found(int record) {
    if (lastIssued == Integer.MAX_VALUE) {
      throw new IllegalStateException("person ids exhausted at " + lastIssued);
    }
    int id = ++lastIssued;
    ensureFounderCapacity(id);
    setFounder(id, record);
    addFounded(record, id);
    return id;
  }

  private void addFounded(int record, int id) {
    int min = Pages.get(foundedMin, record);
    if (min == 0) {
      Pages.set(foundedMin, record, id);
      return;
    }
    int low = Math.min(min, id);
    int high = Math.max(min, id);
    Pages.set(foundedMin, record, low);
    int[] extra = foundedExtra.getOrDefault(record, new int[0]);
    int[] grown = Arrays.copyOf(extra, extra.length + 1);
    grown[extra.length] = high;
    Arrays.sort(grown);
    foundedExtra.put(record, grown);
  }

  private void forEachFounded(int record, java.util.function.IntConsumer action) {
    int min = Pages.get(foundedMin, record);
    if (min != 0) {
      action.accept(min);
    }
    for (int id : foundedExtra.getOrDefault(record, new int[0])) {
      action.accept(id);
    }
  }

  /** Gives a removed record's ids to the first of the records that stay with its person. */
  private void handOverFounded(int record, List<Integer> heirs) {
    if (heirs.isEmpty()) {
      forEachFounded(record, id -> setFounder(id, NONE));
      return;
    }
    int heir = heirs.stream().min(this::compareRecords).orElseThrow();
    forEachFounded(record, id -> {
      setFounder(id, heir);
      addFounded(heir, id);
    });
    persist(heir);
  }

  private List<Integer> recordsOfPerson(int anyRecord, int person) {
    List<Integer> mine = new ArrayList<>();
    for (int member : members(findReadOnly(anyRecord))) {
      if (personOfRecord(member) == person) {
        mine.add(member);
      }
    }
    return mine;
  }

  private int firstRecordOf(int anyRecord, int person) {
    return recordsOfPerson(anyRecord, person).stream()
        .min(this::compareRecords).orElseThrow();
  }

  private Before personsBefore(int... roots) {
    int count = 0;
    for (int root : roots) {
      count += Pages.get(size, root);
    }
    int[] records = new int[count];
    int[] persons = new int[count];
    int i = 0;
    for (int root : roots) {
      for (int member : members(root)) {
        records[i] = member;
        persons[i++] = personOfRecord(member);
      }
    }
    return new Before(records, persons);
  }

  /** The records except those in {@code gone}, in their order. */
  private static int[] without(int[] records, List<Integer> gone) {
    Set<Integer> excluded = new HashSet<>(gone);
    return Arrays.stream(records).filter(record -> !excluded.contains(record)).toArray();
  }

  private List<OneId> peopleOf(List<Integer> someRecords) {
    TreeSet<Integer> people = new TreeSet<>();
    for (int record : someRecords) {
      if (records.isLive(record)) {
        people.add(personOfRecord(record));
      }
    }
    return oneIds(people);
  }

  private static OneId oneId(int value) {
    return OneId.of(value);
  }

  private static List<OneId> oneIds(Set<Integer> values) {
    List<OneId> ids = new ArrayList<>(values.size());
    for (int value : values) {
      ids.add(OneId.of(value));
    }
    return ids;
  }

  // ---------------------------------------------------------------- records and identifiers

  private int newRecord(String keyString, @Nullable Instant observed) {
    int record = addRecordKey(keyString);
    initRecord(record, (observed != null ? observed : clock.now()).toEpochMilli());
    return record;
  }

  /**
   * Adds a record key first seen, refusing it, with nothing changed, when its record could have no
   * place in the per-record arrays: they hold 2^31 elements at most, and the type counts take one
   * byte per type per record.
   */
  private int addRecordKey(String keyString) {
    if (records.idLimit() >= recordLimit()) {
      throw recordLimitReached();
    }
    return records.add(keyString);
  }

  /** How many records the per-record arrays can hold: one type count per record and type. */
  private long recordLimit() {
    return Pages.MAX_CAPACITY / types.length;
  }

  private IllegalStateException recordLimitReached() {
    return new IllegalStateException("record limit reached: " + records.idLimit() + " records of "
        + types.length + " identifier types, at most " + recordLimit());
  }

  /** Gives a record just added to the record index its place in the arrays. */
  private void initRecord(int record, long observedMillis) {
    ensureRecordCapacity(record);
    resetNode(record);
    evidence.clear(record);
    Pages.set(observedAt, record, observedMillis);
    Pages.set(foundedMin, record, 0);
  }

  /** Drops a record from every index, and the identifiers that only it held. */
  private void forgetRecord(int record) {
    for (int id : evidence.of(record)) {
      releaseIdentifier(id);
    }
    records.remove(recordKeyString(record));
    evidence.clear(record);
    Pages.set(foundedMin, record, 0);
    foundedExtra.remove(record);
  }

  /**
   * One holder fewer; the identifier leaves the index (its bytes wiped) with its last holder, and
   * {@link #unheld} keeps its dismissals and, if the history holds its detection, that it is
   * generic.
   */
  private void releaseIdentifier(int id) {
    int holders = Pages.get(holderCount, id) - 1;
    Pages.set(holderCount, id, holders);
    String key = identifiers.key(id);
    if (key != null && holders <= 0) {
      boolean detected = detectedGeneric.remove(id);
      if (detected && isGeneric(id)) {
        unheld.keepGeneric(key);
      }
      unheld.keepDismissed(key, dismissed.removeAbout(id));
      identifiers.remove(key);
    }
  }

  /**
   * Gives a value that left with its holders and comes back, as the new identifier {@code id},
   * what it kept: its dismissals are dismissals again. Returns whether it was generic.
   */
  private boolean comesBackGeneric(int id) {
    String key = identifierKeyOf(id);
    for (ConflictKey old : unheld.takeDismissed(key)) {
      dismissed.add(new ConflictKey(id, old.left(), old.right()));
    }
    return unheld.takeGeneric(key);
  }

  /** An erased person's dismissals, of values held or not, go: their ids never come back. */
  private void forgetDismissalsInvolving(int person) {
    dismissed.removeInvolving(person);
    unheld.forgetDismissalsInvolving(person);
  }

  private int knownRecord(RecordKey key) {
    int record = records.find(recordKeyString(key));
    if (record == NONE) {
      throw refusal(new IllegalArgumentException("unknown record: " + key));
    }
    return record;
  }

  private int typeOf(int id) {
    return identifiers.firstChar(id) - 1;
  }

  private int compareIdentifiers(int a, int b) {
    int byPriority = Integer.compare(types[typeOf(b)].priority(), types[typeOf(a)].priority());
    return byPriority != 0 ? byPriority
        : identifiers.compare(a, b);
  }

  /**
   * Checks and normalises an identifier into its interned key: the type's index plus one as the
   * first char, then {@code namespace \0} for namespaced types, then the normalised value. Returns
   * null for blocked junk.
   */
  private @Nullable String identifierKey(Identifier identifier) {
    Objects.requireNonNull(identifier, "identifier");
    int index = typeIndex(identifier);
    String namespace = identifier.namespace();
    String normalized = types[index].normalize(identifier).orElse(null);
    if (normalized == null) {
      return null;
    }
    return keyOf(index, namespace, normalized);
  }

  private String keyOf(int type, @Nullable String namespace, String normalized) {
    return namespace == null
        ? typePrefixes[type] + normalized
        : typePrefixes[type] + namespace + '\0' + normalized;
  }

  /**
   * The key of a stored identifier as it was written, its value normalised then: so even if these
   * types block the value now; {@code null} if they do not define its type.
   */
  private @Nullable String writtenKey(Identifier identifier) {
    Integer type = typeIndexByName.get(identifier.type());
    return type == null ? null : keyOf(type, identifier.namespace(), identifier.value());
  }

  /**
   * The key of an identifier that a stored record holds, under this resolver's types: {@code null}
   * if they block its value now (an operator may block a value found to be junk after it was
   * linked; see {@link #takeOutBlockedSince}).
   *
   * @throws IllegalStateException if these types do not define its type or refuse its value: the
   *     resolver was built with other types than the ones the store or snapshot was written with
   */
  private @Nullable String storedIdentifierKey(RecordKey record, Identifier identifier) {
    try {
      return identifierKey(identifier);
    } catch (InvalidIdentifierException e) {
      throw new IllegalStateException("cannot read back record " + record + ": "
          + e.getMessage() + "; build the resolver with the identifier types it was written with",
          e);
    }
  }

  /** Whether {@code value} is among the first {@code length} of {@code values}. */
  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /**
   * The key of an identifier named by the history or an operator's decision, or {@code null} if
   * it can link nothing under this resolver's types: blocked, refused, or of a type they no longer
   * define. Such an identifier can match no record's, so what names it no longer applies.
   */
  private @Nullable String keyIfLinkable(Identifier identifier) {
    try { // an unknown type is refused as an invalid identifier too
      return identifierKey(identifier);
    } catch (InvalidIdentifierException e) {
      return null;
    }
  }

  // Reference equality on purpose: a fast path for the common case, with the map for equal strings.
  @SuppressWarnings("ReferenceEquality")
  private int typeIndex(Identifier identifier) {
    String type = identifier.type();
    // Most callers name a type by the very string it was defined with (a constant): no hashing.
    for (int t = 0; t < types.length; t++) {
      if (typeNames[t] == type) {
        return t;
      }
    }
    Integer index = typeIndexByName.get(type);
    if (index == null) {
      throw InvalidIdentifierException.invalidIdentifier(identifier, "unknown-type",
          "known types are " + typeIndexByName.keySet().stream().sorted().toList());
    }
    return index;
  }

  /** Turns an interned key back into an identifier with its normalised value. */
  Identifier identifierOf(String key) {
    IdentifierType type = types[key.charAt(0) - 1];
    if (!type.namespaced()) {
      return Identifier.of(type.name(), key.substring(1));
    }
    int split = key.indexOf('\0');
    return Identifier.of(type.name(), key.substring(1, split), key.substring(split + 1));
  }

  private static String recordKeyString(RecordKey key) {
    return key.source() + '\0' + key.recordId();
  }

  RecordKey recordKeyOf(int record) {
    return recordKeyOf(Objects.requireNonNull(records.key(record), "record key"));
  }

  /** Turns a record key string back into the key (the inverse of {@link #recordKeyString}). */
  private static RecordKey recordKeyOf(String key) {
    int split = key.indexOf('\0');
    return RecordKey.of(key.substring(0, split), key.substring(split + 1));
  }

  String identifierKeyOf(int id) {
    return Objects.requireNonNull(identifiers.key(id), "identifier key");
  }

  int[] evidenceOf(int record) {
    return evidence.of(record);
  }

  boolean isGeneric(int id) {
    return (identifiers.value(id) & GENERIC) != 0;
  }

  private void setGeneric(int id, boolean isGeneric) {
    int owner = ownerOf(id);
    identifiers.setValue(id, isGeneric ? owner | GENERIC : owner);
  }

  private int ownerOf(int id) {
    return identifiers.value(id) & ~GENERIC;
  }

  private void setOwner(int id, int record) {
    identifiers.setValue(id, (identifiers.value(id) & GENERIC) | record);
  }

  List<String> mustLinkPartners(int record) {
    List<String> partners = new ArrayList<>();
    for (ManualDecision decision : decisionsOf(record)) {
      if (decision.kind() == ManualDecision.Kind.MUST_LINK) {
        partners.add(other(decision, recordKeyString(record)));
      }
    }
    return partners;
  }

  private int compareRecords(int a, int b) {
    return records.compare(a, b);
  }

  String recordKeyString(int record) {
    return Objects.requireNonNull(records.key(record));
  }

  /** Writes a record's evidence through to a store the user gave; the graph holds it anyway. */
  private void persist(int record) {
    if (!recordsInStore) {
      return;
    }
    Set<Integer> later = persistLater;
    if (later != null) {
      later.add(record);
    } else if (deferringStoreWrites) {
      deferredRecords.add(record);
    } else {
      store.putRecord(stored(record));
    }
  }

  private void persistRemoval(RecordKey key) {
    if (recordsInStore) {
      store.removeRecord(key);
    }
  }

  private void persistIssued() {
    if (store.lastIssuedId() != lastIssued) {
      store.setLastIssuedId(lastIssued);
    }
  }

  /** Passes every record's evidence to {@code action}, in the order records were first seen. */
  private void forEachStoredRecord(java.util.function.Consumer<StoredRecord> action) {
    for (int record = 0; record < records.idLimit(); record++) {
      if (records.isLive(record)) {
        action.accept(stored(record));
      }
    }
  }

  private StoredRecord stored(int record) {
    int[] ids = evidence.of(record);
    List<Identifier> held = new ArrayList<>(ids.length);
    for (int id : ids) {
      held.add(identifierOf(identifierKeyOf(id)));
    }
    List<Long> founded = new ArrayList<>();
    forEachFounded(record, id -> founded.add((long) id));
    return new StoredRecord(recordKeyOf(record), held,
        Instant.ofEpochMilli(Pages.get(observedAt, record)), founded);
  }

  // ---------------------------------------------------------------- decisions

  private void addDecision(ManualDecision decision) {
    store.putDecision(decision);
    indexDecision(decision);
  }

  private void indexDecision(ManualDecision decision) {
    decisionsByRecord.computeIfAbsent(recordKeyString(decision.left()), k -> new ArrayList<>())
        .add(decision);
    RecordKey right = decision.right();
    if (right != null) {
      decisionsByRecord.computeIfAbsent(recordKeyString(right), k -> new ArrayList<>())
          .add(decision);
    }
  }

  private List<ManualDecision> decisionsOf(int record) {
    return decisionsByRecord.getOrDefault(recordKeyString(record), List.of());
  }

  private Set<String> excludedFor(String recordKey) {
    if (decisionsByRecord.isEmpty()) {
      return Set.of();
    }
    List<ManualDecision> decisions = decisionsByRecord.get(recordKey);
    if (decisions == null) {
      return Set.of();
    }
    Set<String> excluded = new HashSet<>();
    for (ManualDecision decision : decisions) {
      Identifier identifier = decision.identifier();
      String key = identifier == null ? null : keyIfLinkable(identifier);
      if (key != null) {
        excluded.add(key);
      }
    }
    return excluded;
  }

  private void forgetDecisionsOf(Set<String> recordKeys) {
    Set<ManualDecision> gone = new LinkedHashSet<>();
    for (String key : recordKeys) {
      gone.addAll(decisionsByRecord.getOrDefault(key, List.of()));
    }
    for (ManualDecision decision : gone) {
      store.removeDecision(decision);
      for (List<ManualDecision> list : decisionsByRecord.values()) {
        list.remove(decision);
      }
    }
    recordKeys.forEach(decisionsByRecord::remove);
  }

  /** Orders decisions between two records by their left record, then their right. */
  private static int comparePairs(ManualDecision a, ManualDecision b) {
    int byLeft = a.left().compareTo(b.left());
    return byLeft != 0 ? byLeft : Objects.requireNonNull(a.right(), "pair decision")
        .compareTo(Objects.requireNonNull(b.right(), "pair decision"));
  }

  private static String other(ManualDecision decision, String recordKey) {
    RecordKey right = Objects.requireNonNull(decision.right(), "pair decision");
    return recordKeyString(decision.left()).equals(recordKey)
        ? recordKeyString(right) : recordKeyString(decision.left());
  }

  private int personOfRecordKey(String recordKey) {
    int record = records.find(recordKey);
    return record == NONE ? NONE : personOfRecord(record);
  }

  /** The operator's decisions of this kind between the members, as pairs of member indices. */
  private List<int[]> pairs(int[] members, ManualDecision.Kind kind) {
    // Nearly always so in a bulk load: no record key to rebuild per member to look decisions up.
    if (decisionsByRecord.isEmpty()) {
      return List.of();
    }
    Set<ManualDecision> seen = new LinkedHashSet<>();
    for (int record : members) {
      for (ManualDecision decision : decisionsOf(record)) {
        if (decision.kind() == kind) {
          seen.add(decision);
        }
      }
    }
    if (seen.isEmpty()) {
      return List.of();
    }
    Map<Integer, Integer> local = new HashMap<>();
    for (int i = 0; i < members.length; i++) {
      local.put(members[i], i);
    }
    List<int[]> pairs = new ArrayList<>();
    for (ManualDecision decision : seen) {
      Integer left = local.get(records.find(recordKeyString(decision.left())));
      RecordKey rightKey = Objects.requireNonNull(decision.right());
      Integer right = local.get(records.find(recordKeyString(rightKey)));
      if (left != null && right != null) {
        pairs.add(new int[] {left, right});
      }
    }
    return pairs;
  }

  // ---------------------------------------------------------------- events

  /** Appends an event with the next sequence number and queues it for the listeners. */
  private IdentityEvent emit(java.util.function.LongFunction<IdentityEvent> factory) {
    IdentityEvent event = factory.apply(++lastSequence);
    if (deferringStoreWrites) {
      deferredEvents.add(event);
    } else {
      store.append(event);
    }
    historyIndex.add(event);
    changeEvents.add(event);
    return event;
  }

  // ---------------------------------------------------------------- capacity and loading

  private void ensureIdentifierCapacity(int id) {
    if (id >= identifierCapacity) {
      growIdentifiers(Pages.grownCapacity(identifierCapacity, id + 1L));
    }
  }

  /** Lays the per-identifier arrays out for {@code capacity} identifiers, adding pages only. */
  private void growIdentifiers(long capacity) {
    identifierCapacity = Pages.capacityFor(capacity);
    holderCount = Pages.grow(holderCount, identifierCapacity, int[]::new);
  }

  private void ensureRecordCapacity(int record) {
    if (record >= recordCapacity) {
      growRecords(Pages.grownCapacity(recordCapacity, record + 1L));
    }
  }

  /** Lays the per-record arrays out for {@code capacity} records, adding pages only. */
  private void growRecords(long capacity) {
    long laidOut = Pages.capacityFor(capacity);
    // Every directory first, then the fields: a growth that fails (out of memory) leaves the
    // arrays as they were, not some grown and the capacity ahead of the others.
    long[][] grownNode = Pages.grow(node, laidOut, long[]::new);
    int[][] grownSize = Pages.grow(size, laidOut, int[]::new);
    int[][] grownNext = Pages.grow(next, laidOut, int[]::new);
    long[][] grownObservedAt = Pages.grow(observedAt, laidOut, long[]::new);
    int[][] grownFoundedMin = Pages.grow(foundedMin, laidOut, int[]::new);
    int[][] grownPersonOf = Pages.grow(personOf, laidOut, int[]::new);
    byte[][] grownTypeCounts = Pages.grow(typeCounts, laidOut * types.length, byte[]::new);
    evidence.ensureCapacity(laidOut);
    node = grownNode;
    size = grownSize;
    next = grownNext;
    observedAt = grownObservedAt;
    foundedMin = grownFoundedMin;
    personOf = grownPersonOf;
    typeCounts = grownTypeCounts;
    recordCapacity = laidOut;
  }

  /**
   * Lays {@code founderOf} out for ids up to {@code id}. The pages added past the first share
   * {@link #NO_FOUNDERS} until an id in them is founded ({@link #setFounder}). Ids are issued one
   * by one, but what is read back may start far up: a last issued id up to
   * {@link Integer#MAX_VALUE} (a store's or a snapshot's), or a store's founded id past its
   * counter. A page for every id below one near 2^31 took 8 GB (an {@link OutOfMemoryError} at read
   * back); the directory alone takes half a megabyte.
   */
  private void ensureFounderCapacity(int id) {
    if (id >= founderCapacity) {
      long capacity = Pages.grownCapacity(founderCapacity, id + 1L);
      // The first page grows by copying, into storage of its own, never into the shared page.
      int[][] grown = Pages.grow(founderOf, Math.min(capacity, Pages.PAGE),
          GraphIdentityResolver::foundedByNone);
      founderOf = Pages.grow(grown, capacity, GraphIdentityResolver::noFoundersYet);
      founderCapacity = capacity;
    }
  }

  /**
   * Lays {@code founderOf} out for {@code capacity} person ids, every page with storage of its own:
   * the room the constructor makes for the expected records, allocated up front as the other
   * arrays' is.
   */
  private void growFounders(long capacity) {
    founderCapacity = Pages.capacityFor(capacity);
    founderOf = Pages.grow(founderOf, founderCapacity, GraphIdentityResolver::foundedByNone);
  }

  /** Sets {@code founderOf[id]}, giving its page storage of its own if it shares NO_FOUNDERS. */
  private void setFounder(int id, int record) {
    int p = id >>> Pages.SHIFT;
    if (founderOf[p] == NO_FOUNDERS) {
      founderOf[p] = foundedByNone(Pages.PAGE);
    }
    Pages.set(founderOf, id, record);
  }

  /** A page of {@code founderOf}: ids not issued yet are founded by no record. */
  private static int[] foundedByNone(int length) {
    int[] page = new int[length];
    Arrays.fill(page, NONE);
    return page;
  }

  /** A page of {@code founderOf} that no id was founded in yet: the shared one if it is whole. */
  private static int[] noFoundersYet(int length) {
    return length == Pages.PAGE ? NO_FOUNDERS : foundedByNone(length);
  }

  /** The largest id {@code event} names, or 0 if it names none. */
  private static long lastIdNamed(IdentityEvent event) {
    List<OneId> named;
    if (event instanceof Merged merged) {
      named = new ArrayList<>(merged.absorbed());
      named.add(merged.survivor());
    } else if (event instanceof Split split) {
      named = new ArrayList<>(split.parts());
      named.add(split.before());
    } else if (event instanceof Conflict conflict) {
      named = List.of(conflict.left(), conflict.right());
    } else if (event instanceof Erased erased) {
      named = new ArrayList<>(erased.aliases());
      named.add(erased.oneId());
    } else if (event instanceof Redacted redacted) {
      named = List.of(redacted.erased());
    } else if (event instanceof RecordRemoved removed) {
      named = List.of(removed.person());
    } else if (event instanceof LinkRemoved unlinked) {
      named = List.of(unlinked.person());
    } else {
      named = List.of(); // a dismissal, a generic value, a refused replay: no person
    }
    return named.stream().mapToLong(OneId::value).max().orElse(0);
  }

  /** Reads the store back: evidence, founded ids, decisions; then decides every component. */
  private void load(
      java.util.function.Consumer<java.util.function.Consumer<StoredRecord>> initialRecords) {
    long storedLastIssued = store.lastIssuedId();
    if (storedLastIssued < 0 || storedLastIssued > Integer.MAX_VALUE) {
      throw new IllegalStateException("cannot read back the store: its last issued id "
          + storedLastIssued + " is not from 0 to " + Integer.MAX_VALUE);
    }
    lastIssued = (int) storedLastIssued;
    ensureFounderCapacity(lastIssued);
    List<IdentityEvent> history = store.events(0);
    for (IdentityEvent event : history) {
      // A store that failed part-way through a change holds its events without the counter, which
      // is written last: an id they name was issued, and handing it out again would give a new
      // person an id the history gave another (and write a snapshot that restore refuses).
      long named = lastIdNamed(event);
      if (named > Integer.MAX_VALUE) {
        throw new IllegalStateException("cannot read back the store: event " + event.sequence()
            + " names id " + named + ", past the largest a resolver issues, "
            + Integer.MAX_VALUE);
      }
      lastIssued = Math.max(lastIssued, (int) named);
    }
    lastSequence = history.isEmpty() ? 0 : history.get(history.size() - 1).sequence();
    history.forEach(historyIndex::add);
    store.decisions().forEach(this::indexDecision);
    List<Integer> all = new ArrayList<>();
    List<BlockedSince> blockedSince = new ArrayList<>();
    initialRecords.accept(stored -> {
      int record = newRecord(recordKeyString(stored.key()), stored.observedAt());
      int[] ids = new int[stored.identifiers().size()];
      int distinct = 0;
      for (Identifier identifier : stored.identifiers()) {
        String key = storedIdentifierKey(stored.key(), identifier);
        // A value its type blocks now comes back as it was written, so that the people come back
        // as they were, and is taken out once they have (takeOutBlockedSince), with events.
        String linked = key != null ? key : Objects.requireNonNull(writtenKey(identifier));
        // Two values that its normaliser now makes one come back once.
        if (!contains(ids, distinct, identifiers.find(linked))) {
          int id = identifiers.intern(linked);
          ensureIdentifierCapacity(id);
          Pages.set(holderCount, id, Pages.get(holderCount, id) + 1);
          ids[distinct++] = id;
          if (key == null) {
            blockedSince.add(new BlockedSince(record, id));
          }
        }
      }
      evidence.append(record, distinct == ids.length ? ids : Arrays.copyOf(ids, distinct));
      for (long founded : stored.foundedIds()) {
        if (founded > Integer.MAX_VALUE) {
          throw new IllegalStateException("cannot read back record " + stored.key() + ": it founded"
              + " id " + founded + ", past the largest a resolver issues, " + Integer.MAX_VALUE);
        }
        // A store that failed between writing a record and the id counter holds ids past it.
        lastIssued = Math.max(lastIssued, (int) founded);
        ensureFounderCapacity((int) founded);
        setFounder((int) founded, record);
        addFounded(record, (int) founded);
      }
      all.add(record);
    });
    for (int id = 0; id < identifiers.idLimit(); id++) {
      if (identifiers.isLive(id)) {
        setGeneric(id, Pages.get(holderCount, id) > genericThreshold);
      }
    }
    // A value once found generic stays generic, as it does in the resolver that found it, even if
    // holders left since (a removed record, an erased holder): so a restart changes no one.
    for (IdentityEvent event : history) {
      if (event instanceof GenericValueDetected detected) {
        // As these types write the value (their normaliser may have changed since), or else as
        // it was written (they may block it now).
        String key = keyIfLinkable(detected.identifier());
        int id = internedId(key);
        if (id == NONE) {
          id = internedId(writtenKey(detected.identifier()));
        }
        if (id != NONE) {
          setGeneric(id, true);
          detectedGeneric.add(id);
        } else if (key != null) {
          unheld.keepGeneric(key); // its holders all left
        }
      }
    }
    Set<Long> dismissals = new HashSet<>();
    for (IdentityEvent event : history) {
      if (event instanceof ConflictDismissed dismissal) {
        dismissals.add(dismissal.conflict());
      }
    }
    Map<ConflictKey, Conflict> historic = new LinkedHashMap<>();
    for (IdentityEvent event : history) {
      if (event instanceof Conflict conflict) {
        String key = keyIfLinkable(conflict.identifier());
        int id = internedId(key);
        ConflictKey conflictKey = ConflictKey.of(id, (int) conflict.left().value(),
            (int) conflict.right().value());
        boolean wasDismissed = dismissals.contains(conflict.sequence());
        if (id != NONE) {
          if (wasDismissed) {
            dismissed.add(conflictKey);
          } else {
            historic.put(conflictKey, conflict);
          }
        } else if (key != null && wasDismissed) {
          unheld.keepDismissed(key, List.of(conflictKey)); // its holders all left
        }
      }
    }
    // A refusal reported again after it had left the queue (a record removed and ingested again)
    // has two reports; dismissing the later one dismisses the refusal, the earlier one with it.
    historic.keySet().removeIf(dismissed::contains);
    historic.forEach(pending::put);
    // What reading back writes (ids founded under changed rules, values blocked since) goes to the
    // store as one change.
    store.atomically(() -> {
      // Every component decided again, silently: the history already tells it.
      loading = true;
      try {
        rebuild(all.stream().mapToInt(Integer::intValue).toArray(), "restored");
      } finally {
        loading = false;
      }
      Set<Integer> stripped = takeOutBlockedSince(blockedSince);
      // Deciding again under other rules than the store's may have split people, and a part with
      // no id of its own got a new one: the store's counter must know, or the next person gets it.
      persistIssued();
      // The records go to the store last: a store that fails before then leaves them holding the
      // value, and the next read back takes it out again, events and all, instead of finding the
      // people split already and telling no one.
      stripped.forEach(this::persist);
      return null;
    });
    dispatcher.enqueueAll(changeEvents); // the events of takeOutBlockedSince, if any
    changeEvents.clear();
    dispatcher.drain();
  }

  /** The id of an identifier key, or {@link #NONE} if there is no key or it is not interned. */
  private int internedId(@Nullable String identifierKey) {
    return identifierKey == null ? NONE : identifiers.find(identifierKey);
  }

  /** A value that a stored record holds and that this resolver's types block. */
  private record BlockedSince(int record, int identifier) {}

  /**
   * Takes the values that these types block, but did not when they were linked, out of the records
   * that hold them, as {@link #removeLink} would: a {@link LinkRemoved} each, then a {@link Split}
   * wherever a person falls apart (queued, for {@link #load} to deliver). This is how an operator
   * undoes what a value found to be junk (a store's counter phone) joined: block it in the types,
   * and start again.
   *
   * @return the records changed, for {@link #load} to write through once the events and ids are, so
   *     that the next read back finds the values gone
   */
  private Set<Integer> takeOutBlockedSince(List<BlockedSince> blocked) {
    if (blocked.isEmpty()) {
      return Set.of();
    }
    Map<Integer, int[]> components = new LinkedHashMap<>();
    Map<Integer, Set<String>> valuesByComponent = new HashMap<>();
    for (BlockedSince link : blocked) {
      int root = find(link.record());
      components.computeIfAbsent(root, this::members);
      valuesByComponent.computeIfAbsent(root, r -> new TreeSet<>())
          .add(identifierOf(identifierKeyOf(link.identifier())).toString());
    }
    Set<Integer> stripped = new LinkedHashSet<>();
    persistLater = stripped;
    try {
      for (BlockedSince link : blocked) {
        RecordKey key = recordKeyOf(link.record());
        Identifier removed = identifierOf(identifierKeyOf(link.identifier()));
        OneId person = oneId(personOfRecord(link.record()));
        evidence.remove(link.record(), link.identifier());
        // Blocked now, it is never interned again: not worth remembering as generic. (Its
        // dismissals were never read back: the history's conflicts about it name a blocked value.)
        detectedGeneric.remove(link.identifier());
        releaseIdentifier(link.identifier());
        persist(link.record());
        emit(seq -> new LinkRemoved(seq, clock.now(), key, removed, person));
      }
      components.forEach((root, members) -> rebuild(members,
          "blocked by the identifier types: " + String.join(", ", valuesByComponent.get(root))));
    } finally {
      persistLater = null;
    }
    return stripped;
  }

  // ---------------------------------------------------------------- small helpers

  /** The records of one component, as {@link GuardDecision} reads them. */
  private final class ComponentView implements GuardDecision.Component {
    private final int[] members;

    ComponentView(int[] members) {
      this.members = members;
    }

    @Override
    public int recordCount() {
      return members.length;
    }

    @Override
    public int[] identifiersOf(int record) {
      // A copy of the record's evidence, so the generic values can be dropped from it in place.
      int[] linkable = evidence.of(members[record]);
      int n = 0;
      for (int id : linkable) {
        if (!isGeneric(id)) {
          linkable[n++] = id;
        }
      }
      return n == linkable.length ? linkable : Arrays.copyOf(linkable, n);
    }

    @Override
    public int typeOf(int identifier) {
      return GraphIdentityResolver.this.typeOf(identifier);
    }

    @Override
    public int[] keyOrder(int[] ids) {
      return identifiers.keyOrder(ids);
    }
  }

  /** The injected clock, read once per event. */
  private record Clock(java.time.Clock source) {
    Instant now() {
      return source.instant();
    }
  }

  /** Delivers queued events in order, one thread at a time. */
  private static final class EventDispatcher {
    private final List<IdentityListener> listeners;
    private final ArrayDeque<IdentityEvent> queue = new ArrayDeque<>();
    private final java.util.concurrent.locks.ReentrantLock delivering =
        new java.util.concurrent.locks.ReentrantLock();

    EventDispatcher(List<IdentityListener> initial) {
      listeners = new java.util.concurrent.CopyOnWriteArrayList<>(initial);
    }

    void add(IdentityListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    boolean remove(IdentityListener listener) {
      return listeners.remove(listener);
    }

    synchronized void enqueueAll(List<IdentityEvent> events) {
      queue.addAll(events);
    }

    private synchronized @Nullable IdentityEvent poll() {
      return queue.poll();
    }

    void drain() {
      if (delivering.isHeldByCurrentThread()) {
        // A listener's own change: its events wait in the queue behind the event being delivered,
        // which the loop below this call on the stack delivers to the remaining listeners first.
        return;
      }
      delivering.lock();
      try {
        IdentityEvent event;
        while ((event = poll()) != null) {
          for (IdentityListener listener : listeners) {
            try {
              listener.onEvent(event);
            } catch (VirtualMachineError fatal) {
              throw fatal;
            } catch (Throwable e) { // an Error too (an assertion of the listener's own): logged
              org.slf4j.LoggerFactory.getLogger(IdentityResolver.class)
                  .warn("identity listener {} failed on {}", listener, event, e);
            }
          }
        }
      } finally {
        delivering.unlock();
      }
    }
  }
}
