package io.github.cdpkit.benchmarks;

import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.SourceRecord;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import org.jgrapht.alg.util.UnionFind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk OneID resolution: how long it takes to resolve {@code records} channel records into people,
 * from nothing, for CDP Kit's {@link IdentityResolver} and for the two things a user would write
 * instead.
 *
 * <ul>
 *   <li>{@code cdpkit}: {@link IdentityResolver#ingestStream} over the whole list, with the built-in
 *       identifier types and default guards. It <em>does more work</em> than the
 *       baselines: it validates and normalises every identifier (phones to E.164, e-mails trimmed and
 *       lower-cased, device ids upper-cased), drops blocked junk values, checks the per-person limits
 *       and the generic-value threshold, keeps the evidence and gives every record a {@code OneId}.
 *   <li>{@code cdpkit-sized}: the same, with the resolver built for the number of records
 *       ({@code expectedRecords}), as a bulk load of a known size would be; the baselines have no
 *       such setting that fits (JGraphT's {@code UnionFind} takes its elements up front; the
 *       {@code HashMap} would need the number of distinct identifiers, not of records), so the
 *       comparison with them, and the CI guard, use {@code cdpkit}.
 *   <li>{@code jgrapht}: {@link JGraphTResolution}, a JGraphT {@link UnionFind} over identifier
 *       strings.
 *   <li>{@code hashmap}: {@link HashMapUnionFind}, a hand-written parent-pointer union-find in a
 *       {@code HashMap<String, String>}.
 *   <li>{@code openaddressing}: {@link OpenAddressingUnionFind}, identifier strings interned to ints
 *       in an open-addressing table, with an {@code int[]} union-find by size: the baseline the OneID
 *       issue's performance goal was sized against ("JGraphT about 5 times slower than a plain
 *       open-addressing table with an {@code int[]} union-find"), so it shows how much of the 10x
 *       a union-find that does nothing but link strings already takes.
 *   <li>{@code twocores} and {@code twocores-normalised}: {@link TwoCoreUnionFind}, the floor: the
 *       records' own identifiers (no key built or copied) hashed and interned on both cores, then
 *       linked, as given or through the built-in types' normalisation. Not what a user would
 *       write, but what the hardware leaves for an engine that also guards, keeps evidence and
 *       answers each record.
 * </ul>
 *
 * The baselines do no normalisation, no junk filtering and no guards: they link identifiers exactly
 * as given, so their partition is not the same as ours (formatting variants of one phone stay apart,
 * junk values join strangers). They are the floor of what "union-find over identifier strings" costs.
 *
 * <p>The records are generated before the timed region ({@code @Setup(Level.Trial)}) and held in a
 * list (about 0.4 KB a record, measured with {@link RetainedHeap}: 4 GB at 10M, which fits beside
 * the resolver in the fork's 16 GB heap); every implementation consumes the same list. One
 * operation is the whole job, so the mode is single-shot and the score is the time of one
 * resolution; divide {@code records} by it for records per second (the guard and the README do).
 * Each iteration starts from a collected heap.
 *
 * <p>JGraphT is measured at 1M records only, where it finishes in reasonable time; at 10M the
 * baselines refuse to start (a setup failure that JMH reports and skips). Run:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BulkResolutionBenchmark -p records=1000000
 * java -jar benchmarks/target/benchmarks.jar BulkResolutionBenchmark -p records=10000000 -p implementation=cdpkit,cdpkit-sized
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx16g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class BulkResolutionBenchmark {

  /** How many records are resolved. */
  @Param({"1000000", "10000000"})
  public int records;

  /**
   * Who resolves them: {@code cdpkit}, {@code cdpkit-sized}, {@code jgrapht}, {@code hashmap},
   * {@code openaddressing}, {@code twocores} or {@code twocores-normalised}.
   */
  @Param({"cdpkit", "cdpkit-sized", "jgrapht", "hashmap", "openaddressing", "twocores",
      "twocores-normalised"})
  public String implementation;

  private List<SourceRecord> input;
  private Object last;

  /** Generates the records, once per fork. */
  @Setup(Level.Trial)
  public void generate() {
    if (!implementation.startsWith("cdpkit") && records > 1_000_000) {
      throw new UnsupportedOperationException("the " + implementation
          + " baseline is measured at 1M records only (issue 6); not at " + records);
    }
    input = Workload.materialise(records);
  }

  /** Lets the previous iteration's graph go and collects it, so each iteration starts alike. */
  @Setup(Level.Iteration)
  public void collect() {
    last = null;
    System.gc();
    System.gc();
  }

  /** Checks that the work was done, after each iteration. */
  @TearDown(Level.Iteration)
  public void check() {
    if (last == null) {
      throw new IllegalStateException("nothing resolved");
    }
    last = null;
  }

  /**
   * Resolves the records.
   *
   * @return what the implementation built, which holds the partition
   */
  @Benchmark
  public Object resolve() {
    Object result = switch (implementation) {
      case "cdpkit" -> Workload.resolveWithCdpKit(input, IdentityResolver.builder());
      case "cdpkit-sized" -> Workload.resolveWithCdpKit(input,
          IdentityResolver.builder().expectedRecords(input.size()));
      case "jgrapht" -> JGraphTResolution.resolve(input);
      case "hashmap" -> HashMapUnionFind.resolve(input);
      case "openaddressing" -> OpenAddressingUnionFind.resolve(input);
      case "twocores" -> TwoCoreUnionFind.resolve(input, null);
      case "twocores-normalised" -> TwoCoreUnionFind.resolve(input, IdentifierTypes.defaults());
      default -> throw new IllegalArgumentException("unknown implementation: " + implementation);
    };
    last = result;
    return result;
  }

  /**
   * Joins the sets of {@code a} and {@code b} in an {@code int[]} union-find, the smaller under the
   * larger, halving the paths it walks: the union the lean baselines share.
   *
   * @return whether they were two sets
   */
  private static boolean unionBySize(int[] parent, int[] setSize, int a, int b) {
    int rootA = root(parent, a);
    int rootB = root(parent, b);
    if (rootA == rootB) {
      return false;
    }
    if (setSize[rootA] < setSize[rootB]) {
      int swap = rootA;
      rootA = rootB;
      rootB = swap;
    }
    parent[rootB] = rootA;
    setSize[rootA] += setSize[rootB];
    return true;
  }

  /**
   * Returns a table of twice the length holding the slots of {@code old}, each a key's hash in the
   * high half and its id plus one in the low half, placed from {@code home(hash, mask)} by linear
   * probing: the growth the open-addressing baselines share.
   */
  private static long[] doubled(long[] old, IntBinaryOperator home) {
    long[] slots = new long[2 * old.length];
    int mask = slots.length - 1;
    for (long held : old) {
      if (held != 0) {
        int slot = home.applyAsInt((int) (held >>> 32), mask);
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = held;
      }
    }
    return slots;
  }

  private static int root(int[] parent, int id) {
    int node = id;
    while (parent[node] != node) {
      parent[node] = parent[parent[node]];
      node = parent[node];
    }
    return node;
  }

  /**
   * The JGraphT baseline: a {@link UnionFind UnionFind&lt;String&gt;} over identifier keys
   * ({@link Workload#key}), written the way a competent user would write it, not crippled: each new
   * identifier is added once (a {@link HashSet} says whether it is new, since {@code UnionFind} has
   * no public membership test and {@code addElement} throws on a known one), then the record's
   * identifiers are unioned with its first. No normalisation, no guards.
   */
  static final class JGraphTResolution {
    private final UnionFind<String> unionFind = new UnionFind<>(new HashSet<>());
    private Set<String> known = new HashSet<>();

    JGraphTResolution() {}

    /**
     * Resolves the records.
     *
     * @param records the records
     * @return the resolution
     */
    static JGraphTResolution resolve(List<SourceRecord> records) {
      JGraphTResolution resolution = new JGraphTResolution();
      resolution.addAll(records);
      return resolution;
    }

    /**
     * Adds records.
     *
     * @param records the records
     */
    void addAll(List<SourceRecord> records) {
      for (SourceRecord record : records) {
        String first = null;
        for (Identifier identifier : record.identifiers()) {
          String key = Workload.key(identifier);
          if (known.add(key)) {
            unionFind.addElement(key);
          }
          if (first == null) {
            first = key;
          } else {
            unionFind.union(first, key);
          }
        }
      }
    }

    /**
     * Drops the membership set, which only adding more records needs, leaving the union-find.
     */
    void dropMembership() {
      known = new HashSet<>();
    }

    /**
     * Returns the union-find.
     *
     * @return the union-find; {@link UnionFind#numberOfSets()} is the number of people
     */
    UnionFind<String> unionFind() {
      return unionFind;
    }
  }

  /**
   * The hand-written baseline: a parent-pointer union-find in a {@code HashMap<String, String>} over
   * identifier keys ({@link Workload#key}), with path compression, written the way a competent user
   * would write it, not crippled: one {@code putIfAbsent} per identifier adds it, an iterative
   * {@code find} compresses the path it walked. No union by rank (that would take a second map), no
   * normalisation, no guards.
   */
  static final class HashMapUnionFind {
    private final HashMap<String, String> parent = new HashMap<>();
    private int sets;

    HashMapUnionFind() {}

    /**
     * Resolves the records.
     *
     * @param records the records
     * @return the union-find
     */
    static HashMapUnionFind resolve(List<SourceRecord> records) {
      HashMapUnionFind unionFind = new HashMapUnionFind();
      unionFind.addAll(records);
      return unionFind;
    }

    /**
     * Adds records.
     *
     * @param records the records
     */
    void addAll(List<SourceRecord> records) {
      for (SourceRecord record : records) {
        String first = null;
        for (Identifier identifier : record.identifiers()) {
          String key = Workload.key(identifier);
          add(key);
          if (first == null) {
            first = key;
          } else {
            union(first, key);
          }
        }
      }
    }

    /** Adds {@code key} as a set of its own, if new. */
    private void add(String key) {
      if (parent.putIfAbsent(key, key) == null) {
        sets++;
      }
    }

    /** Returns the root of a known key, pointing every key on the way straight at it. */
    private String find(String key) {
      String root = key;
      for (String up = parent.get(root); !up.equals(root); up = parent.get(root)) {
        root = up;
      }
      String node = key;
      while (!node.equals(root)) {
        String up = parent.get(node);
        parent.put(node, root);
        node = up;
      }
      return root;
    }

    private void union(String a, String b) {
      String rootA = find(a);
      String rootB = find(b);
      if (!rootA.equals(rootB)) {
        parent.put(rootB, rootA);
        sets--;
      }
    }

    /**
     * Returns how many distinct identifiers it holds.
     *
     * @return the number of keys
     */
    int size() {
      return parent.size();
    }

    /**
     * Returns how many sets (people) there are.
     *
     * @return the number of sets
     */
    int sets() {
      return sets;
    }
  }

  /**
   * The lean baseline: identifier keys ({@link Workload#key}) interned to dense ints in an
   * open-addressing table with linear probing (a power-of-two {@code long[]}, half full at most,
   * each slot the key's hash beside its id, so that a probe reads one word and a key's
   * {@code String} only on a hash match), and a union-find over {@code int[]} parents, by size,
   * with path halving. What an engineer who knows the trade writes for "union-find over strings"
   * when speed matters; like the others it does no normalisation and no guards.
   */
  static final class OpenAddressingUnionFind {
    private long[] slots = new long[1 << 10];
    private String[] keyOf = new String[1 << 9];
    private int[] parent = new int[1 << 9];
    private int[] setSize = new int[1 << 9];
    private int keys;
    private int sets;

    OpenAddressingUnionFind() {}

    /**
     * Resolves the records.
     *
     * @param records the records
     * @return the union-find
     */
    static OpenAddressingUnionFind resolve(List<SourceRecord> records) {
      OpenAddressingUnionFind unionFind = new OpenAddressingUnionFind();
      unionFind.addAll(records);
      return unionFind;
    }

    /**
     * Adds records.
     *
     * @param records the records
     */
    void addAll(List<SourceRecord> records) {
      for (SourceRecord record : records) {
        int first = -1;
        for (Identifier identifier : record.identifiers()) {
          int id = intern(Workload.key(identifier));
          if (first < 0) {
            first = id;
          } else {
            union(first, id);
          }
        }
      }
    }

    /** Returns the id of {@code key}, adding it as a set of its own if new. */
    private int intern(String key) {
      int hash = key.hashCode();
      int mask = slots.length - 1;
      for (int slot = home(hash, mask); ; slot = (slot + 1) & mask) {
        long held = slots[slot];
        if (held == 0) {
          slots[slot] = slotOf(hash, keys);
          addSet(key);
          if (2 * keys > slots.length) {
            grow();
          }
          return keys - 1;
        }
        int id = (int) held - 1;
        if ((int) (held >>> 32) == hash && keyOf[id].equals(key)) {
          return id;
        }
      }
    }

    private void grow() {
      slots = doubled(slots, OpenAddressingUnionFind::home);
    }

    private static long slotOf(int hash, int id) {
      return ((long) hash << 32) | (id + 1L); // 0 stays the empty slot
    }

    private static int home(int hash, int mask) {
      // String hashes of similar keys differ in their low bits: mix them across the word first.
      int mixed = hash * 0x9E3779B9;
      return (mixed ^ (mixed >>> 16)) & mask;
    }

    private void addSet(String key) {
      if (keys == parent.length) {
        parent = Arrays.copyOf(parent, 2 * keys);
        setSize = Arrays.copyOf(setSize, 2 * keys);
        keyOf = Arrays.copyOf(keyOf, 2 * keys);
      }
      keyOf[keys] = key;
      parent[keys] = keys;
      setSize[keys] = 1;
      keys++;
      sets++;
    }

    private void union(int a, int b) {
      if (unionBySize(parent, setSize, a, b)) {
        sets--;
      }
    }

    /**
     * Returns how many distinct identifiers it holds.
     *
     * @return the number of keys
     */
    int size() {
      return keys;
    }

    /**
     * Returns how many sets (people) there are.
     *
     * @return the number of sets
     */
    int sets() {
      return sets;
    }
  }

  /**
   * The floor: a union-find over the records' identifiers that does as little as the job allows and
   * uses both cores, to show what the hardware leaves for an engine that must also do the rest. No
   * key is built or copied: the table holds the records' own {@link Identifier} objects (so it
   * retains them, and is not measured for heap), and equality is the record's. Three phases:
   *
   * <ol>
   *   <li>both cores, each half the records: every identifier, through its type's
   *       {@link IdentifierType#normalize normalisation} when {@code types} is given (blocked junk
   *       dropped), and its hash into flat arrays;
   *   <li>both cores, each half the hash space: each interns the identifiers whose hash falls in its
   *       half into a table of its own (open addressing, a {@code long[]} of hash and id), so
   *       neither waits for the other;
   *   <li>one core: a union-find by size over {@code int[]}, the records in order.
   * </ol>
   *
   * <p>No guards, no evidence, no answer per record, ids not in record order: none of what the
   * resolver does beyond the union-find itself, normalisation aside.
   */
  static final class TwoCoreUnionFind {
    private final int keys;
    private final int sets;

    private TwoCoreUnionFind(int keys, int sets) {
      this.keys = keys;
      this.sets = sets;
    }

    /**
     * Resolves the records on two cores.
     *
     * @param records the records
     * @param types the types that normalise each identifier, or null to link them as given
     * @return the union-find's counts
     */
    static TwoCoreUnionFind resolve(List<SourceRecord> records, IdentifierTypes types) {
      Map<String, IdentifierType> typeOf = new HashMap<>();
      if (types != null) {
        types.all().forEach(type -> typeOf.put(type.name(), type));
      }
      int middle = records.size() / 2;
      Flattened[] halves = {new Flattened(middle), new Flattened(records.size() - middle)};
      onBothCores(half -> halves[half].add(
          half == 0 ? records.subList(0, middle) : records.subList(middle, records.size()),
          types == null ? null : typeOf));
      Table[] tables = {new Table(), new Table()};
      onBothCores(half -> tables[half].internAll(halves, half));
      int[] parent = new int[2 * Math.max(tables[0].size, tables[1].size)];
      int[] setSize = new int[parent.length];
      for (int id = 0; id < parent.length; id++) {
        parent[id] = id;
        setSize[id] = 1;
      }
      int unions = 0;
      for (Flattened half : halves) {
        unions += half.link(parent, setSize);
      }
      int keys = tables[0].size + tables[1].size;
      return new TwoCoreUnionFind(keys, keys - unions);
    }

    /** Runs {@code work} for half 0 on this thread and for half 1 on another, and waits for both. */
    private static void onBothCores(IntConsumer work) {
      FutureTask<Void> other = new FutureTask<>(() -> work.accept(1), null);
      new Thread(other, "two-core-union-find").start();
      work.accept(0);
      try {
        other.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("the other core failed", e.getCause());
      }
    }

    private static int hash(Identifier identifier) {
      String namespace = identifier.namespace();
      int hash = identifier.value().hashCode() * 31 + identifier.type().hashCode()
          + (namespace == null ? 0 : namespace.hashCode() * 961);
      // Similar values differ in their low bits, which choose the half and the slot: mix first.
      hash *= 0x9E3779B9;
      return hash ^ (hash >>> 16);
    }

    /** One half of the records' identifiers, flattened, with where each record's end. */
    private static final class Flattened {
      private Identifier[] identifiers = new Identifier[1 << 10];
      private int[] hashes = new int[1 << 10];
      private int[] ids;
      private final int[] recordEnds;
      private int count;
      private int recordCount;

      Flattened(int records) {
        recordEnds = new int[records];
        ids = new int[0];
      }

      /** Appends the records' identifiers, normalised when {@code typeOf} is not null. */
      void add(List<SourceRecord> records, Map<String, IdentifierType> typeOf) {
        for (SourceRecord record : records) {
          for (Identifier given : record.identifiers()) {
            Identifier identifier = typeOf == null ? given : normalised(given, typeOf);
            if (identifier != null) {
              append(identifier);
            }
          }
          recordEnds[recordCount++] = count;
        }
        ids = new int[count];
      }

      private static Identifier normalised(Identifier given,
          Map<String, IdentifierType> typeOf) {
        IdentifierType type = typeOf.get(given.type());
        if (type == null) {
          throw new IllegalArgumentException("unknown type: " + given.type());
        }
        return type.normalize(given)
            .map(value -> value.equals(given.value())
                ? given : new Identifier(given.type(), given.namespace(), value))
            .orElse(null);
      }

      private void append(Identifier identifier) {
        if (count == identifiers.length) {
          identifiers = Arrays.copyOf(identifiers, 2 * count);
          hashes = Arrays.copyOf(hashes, 2 * count);
        }
        identifiers[count] = identifier;
        hashes[count] = hash(identifier);
        count++;
      }

      /** Links each record's identifiers with its first; returns how many sets it joined. */
      int link(int[] parent, int[] setSize) {
        int unions = 0;
        int start = 0;
        for (int record = 0; record < recordCount; record++) {
          int end = recordEnds[record];
          for (int k = start + 1; k < end; k++) {
            if (unionBySize(parent, setSize, ids[start], ids[k])) {
              unions++;
            }
          }
          start = end;
        }
        return unions;
      }
    }

    /** The identifiers of one half of the hash space, interned to ids {@code 2 * n + half}. */
    private static final class Table {
      private long[] slots = new long[1 << 10];
      private Identifier[] keyOf = new Identifier[1 << 9];
      private int size;

      void internAll(Flattened[] halves, int half) {
        for (Flattened records : halves) {
          for (int k = 0; k < records.count; k++) {
            int hash = records.hashes[k];
            if ((hash & 1) == half) {
              records.ids[k] = 2 * intern(records.identifiers[k], hash) + half;
            }
          }
        }
      }

      private int intern(Identifier identifier, int hash) {
        int mask = slots.length - 1;
        for (int slot = home(hash, mask); ; slot = (slot + 1) & mask) {
          long held = slots[slot];
          if (held == 0) {
            if (size == keyOf.length) {
              keyOf = Arrays.copyOf(keyOf, 2 * size);
            }
            keyOf[size] = identifier;
            slots[slot] = ((long) hash << 32) | (size + 1L); // 0 stays the empty slot
            size++;
            if (2 * size > slots.length) {
              grow();
            }
            return size - 1;
          }
          if ((int) (held >>> 32) == hash && keyOf[(int) held - 1].equals(identifier)) {
            return (int) held - 1;
          }
        }
      }

      private void grow() {
        slots = doubled(slots, Table::home);
      }

      private static int home(int hash, int mask) {
        return (hash >>> 1) & mask; // the lowest bit chose the table
      }
    }

    /**
     * Returns how many distinct identifiers it holds.
     *
     * @return the number of keys
     */
    int size() {
      return keys;
    }

    /**
     * Returns how many sets (people) there are.
     *
     * @return the number of sets
     */
    int sets() {
      return sets;
    }
  }
}
