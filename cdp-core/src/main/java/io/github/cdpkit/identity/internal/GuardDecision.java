package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.event.ConflictRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides who is who inside one connected component where a guard may fire, by a rule that looks only
 * at the component's content, never at the order it arrived in.
 *
 * <p>Records come in canonical order (by key). Every record starts as its own group. Manual links are
 * applied first; then identifiers in canonical order (descending type priority, strong types before
 * weak ones of the same priority, then key), and for
 * each, the group of its first holder absorbs the groups of the other holders in record order,
 * unless the union would give a group more distinct values of a type than the type's limit (and more
 * than either side already had, so a group an operator merged past a limit can still grow by
 * evidence that adds nothing) or join records declared apart. Only types whose priority is at least
 * the linking identifier's can block a link: a member number ties its records together even when
 * that gives the person more phones than the phone limit, and those extra phones then link no one
 * else in. Each refusal is reported. Because
 * higher-priority identifiers link first, a record joins the person its highest-priority evidence
 * points to, and lower-priority evidence gives way.
 *
 * <p>A component is re-decided whenever a record touches it, so this runs once per such record: it
 * works on arrays sized by the component, with no map or set per record or type.
 */
final class GuardDecision {

  /** The parts of the component the decision reads; indices are local, records in key order. */
  interface Component {
    int recordCount();

    /** Linkable identifier ids of a record, each once. */
    int[] identifiersOf(int record);

    int typeOf(int identifier);

    /**
     * Returns the positions of {@code identifiers} (distinct) in the order of their interned keys,
     * as {@link String#compareTo} orders the keys.
     */
    int[] keyOrder(int[] identifiers);
  }

  /** A link the guards refused: records {@code left} and {@code right} share {@code identifier}. */
  record Refusal(int identifier, int left, int right, ConflictRule rule, String detail) {}

  /**
   * The groups: {@code groupOf[record]} numbers groups 0.. in the order of their first record;
   * {@code identifiers[i]}'s first holder, in record order, is {@code firstHolders[i]}.
   */
  @SuppressWarnings("ArrayRecordComponent") // internal, built once and read once by the engine
  record Result(int[] groupOf, int groups, List<Refusal> refusals, int[] identifiers,
      int[] firstHolders) {}

  private final int[] limits;
  private final int[] priorities;
  // Per type, what a refusal by its limit says: made once, where a crowded component refuses
  // thousands of links per decision.
  private final String[] limitDetails;
  // Per type, how many types link before it (higher priority, or as high and strong where it is
  // weak): types of one class link together, by key.
  private final int[] linkingClass;

  GuardDecision(int[] limits, int[] priorities, boolean[] weak, String[] typeNames) {
    this.limits = limits;
    this.priorities = priorities;
    limitDetails = new String[limits.length];
    for (int t = 0; t < limits.length; t++) {
      limitDetails[t] = typeNames[t] + " allows " + limits[t] + " per person";
    }
    linkingClass = new int[limits.length];
    for (int t = 0; t < limits.length; t++) {
      for (int u = 0; u < limits.length; u++) {
        if (priorities[u] > priorities[t]
            || (priorities[u] == priorities[t] && !weak[u] && weak[t])) {
          linkingClass[t]++;
        }
      }
    }
  }

  Result decide(Component component, List<int[]> mustLinks, List<int[]> cannotLinks) {
    int n = component.recordCount();
    int[][] held = new int[n][];
    for (int record = 0; record < n; record++) {
      held[record] = component.identifiersOf(record);
    }
    Holders holders = new Holders(held);
    Groups groups = new Groups(component, held);
    List<Refusal> refusals = new ArrayList<>();
    for (int[] link : mustLinks) {
      if (groups.apart(link[0], link[1], cannotLinks) == null) {
        groups.union(link[0], link[1]);
      }
    }
    for (int k : linkingOrder(component, holders)) {
      int identifier = holders.identifiers[k];
      int first = holders.records[holders.from[k]];
      for (int h = holders.from[k] + 1; h < holders.from[k + 1]; h++) {
        int other = holders.records[h];
        if (groups.find(first) == groups.find(other)) {
          continue;
        }
        @Nullable String apart = groups.apart(first, other, cannotLinks);
        @Nullable String overLimit = apart == null
            ? groups.overLimit(first, other, priorities[component.typeOf(identifier)]) : null;
        if (apart != null) {
          refusals.add(new Refusal(identifier, first, other, ConflictRule.NEVER_MERGE, apart));
        } else if (overLimit != null) {
          refusals.add(new Refusal(identifier, first, other, ConflictRule.PROFILE_LIMIT, overLimit));
        } else {
          groups.union(first, other);
        }
      }
    }
    int[] groupOf = new int[n];
    int[] numberOfRoot = new int[n];
    Arrays.fill(numberOfRoot, -1);
    int count = 0;
    for (int record = 0; record < n; record++) {
      int root = groups.find(record);
      if (numberOfRoot[root] < 0) {
        numberOfRoot[root] = count++;
      }
      groupOf[record] = numberOfRoot[root];
    }
    int[] firstHolders = new int[holders.identifiers.length];
    for (int k = 0; k < firstHolders.length; k++) {
      firstHolders[k] = holders.records[holders.from[k]];
    }
    return new Result(groupOf, count, refusals, holders.identifiers, firstHolders);
  }

  /**
   * The order in which identifiers link, as their numbers in {@code holders}: descending type
   * priority, strong before weak, then by key. An identifier held by one record links no one and is
   * left out. The key order comes whole from the component, and the classes of types sort above it
   * as primitives.
   */
  private int[] linkingOrder(Component component, Holders holders) {
    int[] linking = new int[holders.identifiers.length];
    int count = 0;
    for (int k = 0; k < linking.length; k++) {
      if (holders.from[k + 1] - holders.from[k] > 1) {
        linking[count++] = k;
      }
    }
    int[] identifiers = new int[count];
    for (int i = 0; i < count; i++) {
      identifiers[i] = holders.identifiers[linking[i]];
    }
    int[] byKey = component.keyOrder(identifiers);
    long[] byClass = new long[count];
    for (int i = 0; i < count; i++) {
      byClass[i] = ((long) linkingClass[component.typeOf(identifiers[byKey[i]])] << 32) | i;
    }
    Arrays.sort(byClass);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = linking[byKey[(int) byClass[i]]];
    }
    return order;
  }

  /**
   * Each identifier's holders in record order, in compressed rows: identifier {@code identifiers[k]}
   * is held by {@code records[from[k]]} to {@code records[from[k + 1] - 1]}. Identifiers are numbered
   * in the order they are first held, through an open-addressing table sized by the component.
   */
  private static final class Holders {
    final int[] identifiers;
    final int[] from;
    final int[] records;

    Holders(int[][] held) {
      int pairs = 0;
      for (int[] ids : held) {
        pairs += ids.length;
      }
      // A power of two at least twice the pairs (up to 2^30): slots hold a local number plus one,
      // 0 when free.
      int tableBits = Math.min(30, 33 - Integer.numberOfLeadingZeros(Math.max(1, pairs)));
      int[] table = new int[1 << tableBits];
      int mask = table.length - 1;
      int[] ids = new int[pairs];
      int[] localOf = new int[pairs];
      int[] starts = new int[pairs + 1];
      int distinct = 0;
      int p = 0;
      for (int[] ofRecord : held) {
        for (int id : ofRecord) {
          int slot = (id * 0x9E3779B9) >>> (Integer.SIZE - tableBits);
          while (table[slot] != 0 && ids[table[slot] - 1] != id) {
            slot = (slot + 1) & mask;
          }
          if (table[slot] == 0) {
            ids[distinct] = id;
            table[slot] = ++distinct;
          }
          localOf[p++] = table[slot] - 1;
          starts[table[slot]]++;
        }
      }
      for (int k = 0; k < distinct; k++) {
        starts[k + 1] += starts[k];
      }
      records = new int[pairs];
      int[] filled = Arrays.copyOf(starts, distinct);
      p = 0;
      for (int record = 0; record < held.length; record++) {
        for (int i = 0; i < held[record].length; i++) {
          records[filled[localOf[p++]]++] = record;
        }
      }
      identifiers = Arrays.copyOf(ids, distinct);
      from = Arrays.copyOf(starts, distinct + 1);
    }
  }

  /**
   * A small union-find over the component's records. Each group's root keeps the group's values of
   * limited types, as {@code type << 32 | identifier}, sorted and each once, so that a union is a
   * merge and a look-up a binary search however many values a group gathers (a high-priority link
   * can take a group past a lower-priority type's limit); how many values of each type it holds;
   * and the types in the order they first joined the group: the first type in that order that a
   * union would take past its limit is the one named.
   */
  private final class Groups {
    private final int[] parent;
    private final long[][] values;
    private final int[] valueCount;
    private final int[][] typeOrder;
    private final int[] typeCount;
    // Per group root and type, how many values: counts[root * limits.length + type].
    private final int[] counts;

    Groups(Component component, int[][] held) {
      int n = held.length;
      parent = new int[n];
      values = new long[n][];
      valueCount = new int[n];
      typeOrder = new int[n][];
      typeCount = new int[n];
      counts = new int[n * limits.length];
      for (int record = 0; record < n; record++) {
        parent[record] = record;
        long[] limited = new long[held[record].length];
        int[] types = new int[held[record].length];
        int count = 0;
        for (int identifier : held[record]) {
          int type = component.typeOf(identifier);
          if (limits[type] != IdentifierType.UNLIMITED) {
            limited[count++] = ((long) type << 32) | identifier;
            if (counts[record * limits.length + type]++ == 0) {
              types[typeCount[record]++] = type;
            }
          }
        }
        Arrays.sort(limited, 0, count);
        values[record] = limited;
        valueCount[record] = count;
        typeOrder[record] = types;
      }
    }

    int find(int record) {
      int root = record;
      while (parent[root] != root) {
        root = parent[root];
      }
      while (parent[record] != root) {
        int up = parent[record];
        parent[record] = root;
        record = up;
      }
      return root;
    }

    /** Joins the groups; the group of {@code keep}'s root stays the root. */
    void union(int keep, int other) {
      int a = find(keep);
      int b = find(other);
      if (a == b) {
        return;
      }
      for (int t = 0; t < typeCount[b]; t++) {
        int type = typeOrder[b][t];
        if (counts[a * limits.length + type] == 0) {
          if (typeCount[a] == typeOrder[a].length) {
            typeOrder[a] = Arrays.copyOf(typeOrder[a], Math.max(4, 2 * typeCount[a]));
          }
          typeOrder[a][typeCount[a]++] = type;
        }
      }
      for (int type = 0; type < limits.length; type++) {
        counts[a * limits.length + type] += counts[b * limits.length + type];
      }
      long[] mine = values[a];
      long[] theirs = values[b];
      long[] merged = new long[valueCount[a] + valueCount[b]];
      int count = 0;
      int i = 0;
      int j = 0;
      while (i < valueCount[a] || j < valueCount[b]) {
        long next;
        if (j == valueCount[b] || (i < valueCount[a] && mine[i] < theirs[j])) {
          next = mine[i++];
        } else if (i == valueCount[a] || theirs[j] < mine[i]) {
          next = theirs[j++];
        } else {
          next = mine[i++];
          j++;
          counts[a * limits.length + (int) (next >>> 32)]--; // held by both: counted twice above
        }
        merged[count++] = next;
      }
      values[a] = merged;
      valueCount[a] = count;
      parent[b] = a;
    }

    /** Returns why the groups of a and b must stay apart by an operator's decision, or null. */
    @Nullable String apart(int a, int b, List<int[]> cannotLinks) {
      int rootA = find(a);
      int rootB = find(b);
      for (int[] pair : cannotLinks) {
        int p = find(pair[0]);
        int q = find(pair[1]);
        if ((p == rootA && q == rootB) || (p == rootB && q == rootA)) {
          return "declared never to merge";
        }
      }
      return null;
    }

    /**
     * Returns which limit joining the groups of a and b through an identifier of priority
     * {@code linkPriority} would break, or null. Only types at least as important as the link can
     * block it: lower-priority evidence gives way to a higher-priority link.
     */
    @Nullable String overLimit(int a, int b, int linkPriority) {
      int left = find(a);
      int right = find(b);
      for (int t = 0; t < typeCount[left]; t++) {
        int type = typeOrder[left][t];
        int mine = counts[left * limits.length + type];
        int theirs = counts[right * limits.length + type];
        // Without a value in common the two sides would hold mine + theirs: within the limit, no
        // need to count what they share.
        if (theirs == 0 || priorities[type] < linkPriority || mine + theirs <= limits[type]) {
          continue;
        }
        int together = mine + theirs - shared(left, right, type);
        if (together > limits[type] && together > Math.max(mine, theirs)) {
          return limitDetails[type];
        }
      }
      return null;
    }

    /**
     * How many values of {@code type} both groups hold: the group with fewer values is read
     * through, and each of its values of the type searched for by halves in the other's.
     */
    private int shared(int left, int right, int type) {
      boolean leftFewer = valueCount[left] <= valueCount[right];
      long[] few = values[leftFewer ? left : right];
      int fewCount = valueCount[leftFewer ? left : right];
      long[] many = values[leftFewer ? right : left];
      int manyCount = valueCount[leftFewer ? right : left];
      int found = 0;
      for (int i = 0; i < fewCount; i++) {
        if ((int) (few[i] >>> 32) == type && Arrays.binarySearch(many, 0, manyCount, few[i]) >= 0) {
          found++;
        }
      }
      return found;
    }
  }
}
