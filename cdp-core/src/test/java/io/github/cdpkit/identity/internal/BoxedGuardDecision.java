package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.event.ConflictRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reference model for {@link GuardDecision}: its first implementation, kept as it was (boxed maps
 * and sets, one per record and type), which the property test compares the engine's against.
 */
final class BoxedGuardDecision {

  /**
   * The groups: {@code groupOf[record]} numbers groups 0.. in the order of their first record;
   * {@code holdersByIdentifier} gives each identifier's holders in record order.
   */
  @SuppressWarnings("ArrayRecordComponent") // internal, built once and read once by the engine
  record Result(int[] groupOf, int groups, List<GuardDecision.Refusal> refusals, Map<Integer, int[]> holders) {}

  private final int[] limits;
  private final int[] priorities;
  private final boolean[] weak;
  private final String[] typeNames;

  BoxedGuardDecision(int[] limits, int[] priorities, boolean[] weak, String[] typeNames) {
    this.limits = limits;
    this.priorities = priorities;
    this.weak = weak;
    this.typeNames = typeNames;
  }

  Result decide(GuardDecision.Component component, List<int[]> mustLinks, List<int[]> cannotLinks) {
    int n = component.recordCount();
    Map<Integer, int[]> holders = holdersInRecordOrder(component);
    Groups groups = new Groups(component, n);
    List<GuardDecision.Refusal> refusals = new ArrayList<>();
    for (int[] link : mustLinks) {
      if (groups.apart(link[0], link[1], cannotLinks) == null) {
        groups.union(link[0], link[1]);
      }
    }
    Integer[] order = holders.keySet().toArray(new Integer[0]);
    Map<Integer, Integer> keyRank = keyRanks(component, order);
    Arrays.sort(order, (a, b) -> {
      int typeA = component.typeOf(a);
      int typeB = component.typeOf(b);
      int byPriority = Integer.compare(priorities[typeB], priorities[typeA]);
      if (byPriority != 0) {
        return byPriority;
      }
      int byStrength = Boolean.compare(weak[typeA], weak[typeB]);
      return byStrength != 0 ? byStrength
          : Integer.compare(Objects.requireNonNull(keyRank.get(a)),
              Objects.requireNonNull(keyRank.get(b)));
    });
    for (int identifier : order) {
      int[] holding = Objects.requireNonNull(holders.get(identifier));
      int first = holding[0];
      for (int i = 1; i < holding.length; i++) {
        int other = holding[i];
        if (groups.find(first) == groups.find(other)) {
          continue;
        }
        @Nullable String apart = groups.apart(first, other, cannotLinks);
        @Nullable String overLimit = apart == null
            ? groups.overLimit(first, other, priorities[component.typeOf(identifier)]) : null;
        if (apart != null) {
          refusals.add(new GuardDecision.Refusal(identifier, first, other, ConflictRule.NEVER_MERGE, apart));
        } else if (overLimit != null) {
          refusals.add(new GuardDecision.Refusal(identifier, first, other, ConflictRule.PROFILE_LIMIT, overLimit));
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
    return new Result(groupOf, count, refusals, holders);
  }

  /** Each identifier's place in the component's order of keys. */
  private static Map<Integer, Integer> keyRanks(GuardDecision.Component component,
      Integer[] identifiers) {
    int[] ids = Arrays.stream(identifiers).mapToInt(Integer::intValue).toArray();
    int[] byKey = component.keyOrder(ids);
    Map<Integer, Integer> ranks = new HashMap<>();
    for (int rank = 0; rank < byKey.length; rank++) {
      ranks.put(ids[byKey[rank]], rank);
    }
    return ranks;
  }

  private static Map<Integer, int[]> holdersInRecordOrder(GuardDecision.Component component) {
    Map<Integer, List<Integer>> lists = new LinkedHashMap<>();
    for (int record = 0; record < component.recordCount(); record++) {
      for (int identifier : component.identifiersOf(record)) {
        lists.computeIfAbsent(identifier, ignored -> new ArrayList<>()).add(record);
      }
    }
    Map<Integer, int[]> holders = new LinkedHashMap<>();
    lists.forEach((identifier, list) ->
        holders.put(identifier, list.stream().mapToInt(Integer::intValue).toArray()));
    return holders;
  }

  /** A small union-find over the component's records, with each group's values per limited type. */
  private final class Groups {
    private final int[] parent;
    private final List<Map<Integer, Set<Integer>>> valuesByType;

    Groups(GuardDecision.Component component, int n) {
      parent = new int[n];
      valuesByType = new ArrayList<>(n);
      for (int record = 0; record < n; record++) {
        parent[record] = record;
        Map<Integer, Set<Integer>> values = new LinkedHashMap<>();
        for (int identifier : component.identifiersOf(record)) {
          int type = component.typeOf(identifier);
          if (limits[type] != IdentifierType.UNLIMITED) {
            values.computeIfAbsent(type, ignored -> new HashSet<>()).add(identifier);
          }
        }
        valuesByType.add(values);
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
      Map<Integer, Set<Integer>> into = valuesByType.get(a);
      valuesByType.get(b).forEach((type, values) ->
          into.computeIfAbsent(type, ignored -> new HashSet<>()).addAll(values));
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
      Map<Integer, Set<Integer>> left = valuesByType.get(find(a));
      Map<Integer, Set<Integer>> right = valuesByType.get(find(b));
      for (Map.Entry<Integer, Set<Integer>> entry : left.entrySet()) {
        Set<Integer> others = right.get(entry.getKey());
        if (others == null || priorities[entry.getKey()] < linkPriority) {
          continue;
        }
        Set<Integer> union = new HashSet<>(entry.getValue());
        union.addAll(others);
        int limit = limits[entry.getKey()];
        if (union.size() > limit && union.size() > Math.max(entry.getValue().size(), others.size())) {
          return typeNames[entry.getKey()] + " allows " + limit + " per person";
        }
      }
      return null;
    }
  }
}
