package io.github.cdpkit.benchmarks;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.SourceRecord;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
   * Who resolves them: {@code cdpkit}, {@code cdpkit-sized}, {@code jgrapht}, {@code hashmap} or
   * {@code openaddressing}.
   */
  @Param({"cdpkit", "cdpkit-sized", "jgrapht", "hashmap", "openaddressing"})
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
      default -> throw new IllegalArgumentException("unknown implementation: " + implementation);
    };
    last = result;
    return result;
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
      long[] old = slots;
      slots = new long[2 * old.length];
      int mask = slots.length - 1;
      for (long held : old) {
        if (held != 0) {
          int slot = home((int) (held >>> 32), mask);
          while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
          }
          slots[slot] = held;
        }
      }
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

    private int find(int id) {
      int node = id;
      while (parent[node] != node) {
        parent[node] = parent[parent[node]];
        node = parent[node];
      }
      return node;
    }

    private void union(int a, int b) {
      int rootA = find(a);
      int rootB = find(b);
      if (rootA == rootB) {
        return;
      }
      if (setSize[rootA] < setSize[rootB]) {
        int swap = rootA;
        rootA = rootB;
        rootB = swap;
      }
      parent[rootB] = rootA;
      setSize[rootA] += setSize[rootB];
      sets--;
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
