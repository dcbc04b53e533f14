package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.Explanation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the shortest chain of records linking two identifiers of one person: a breadth-first search
 * over the person's records, where two records are adjacent when they share a linkable identifier
 * or an operator linked them by hand.
 */
final class Explainer {

  /** A chain from {@code start}, a record holding the first identifier. */
  record Chain(int start, List<Explanation.Link> links) {}

  private Explainer() {}

  static Optional<Chain> explain(GraphIdentityResolver graph, List<Integer> people, int from,
      int to) {
    Map<Integer, List<Integer>> holders = new HashMap<>();
    Map<String, Integer> byKey = new HashMap<>();
    for (int record : people) {
      byKey.put(graph.recordKeyString(record), record);
      for (int id : graph.evidenceOf(record)) {
        if (!graph.isGeneric(id)) {
          holders.computeIfAbsent(id, k -> new ArrayList<>()).add(record);
        }
      }
    }
    List<Integer> starts = holders.getOrDefault(from, List.of());
    List<Integer> goals = holders.getOrDefault(to, List.of());
    if (starts.isEmpty() || goals.isEmpty()) {
      return Optional.empty();
    }
    Map<Integer, Integer> cameFrom = new HashMap<>();
    Map<Integer, Integer> via = new HashMap<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start : starts) {
      cameFrom.put(start, start);
      queue.add(start);
    }
    while (!queue.isEmpty()) {
      int record = queue.poll();
      if (goals.contains(record)) {
        return Optional.of(chain(graph, record, cameFrom, via));
      }
      for (int id : graph.evidenceOf(record)) {
        for (int neighbour : holders.getOrDefault(id, List.of())) {
          if (cameFrom.putIfAbsent(neighbour, record) == null) {
            via.put(neighbour, id);
            queue.add(neighbour);
          }
        }
      }
      for (String partner : graph.mustLinkPartners(record)) {
        Integer neighbour = byKey.get(partner);
        if (neighbour != null && cameFrom.putIfAbsent(neighbour, record) == null) {
          via.put(neighbour, -1);
          queue.add(neighbour);
        }
      }
    }
    return Optional.empty();
  }

  private static Chain chain(GraphIdentityResolver graph, int end, Map<Integer, Integer> cameFrom,
      Map<Integer, Integer> via) {
    List<Explanation.Link> links = new ArrayList<>();
    int record = end;
    int previous;
    while ((previous = Objects.requireNonNull(cameFrom.get(record))) != record) {
      int id = Objects.requireNonNull(via.get(record));
      links.add(new Explanation.Link(graph.recordKeyOf(previous), graph.recordKeyOf(record),
          id < 0 ? null : graph.identifierOf(graph.identifierKeyOf(id))));
      record = previous;
    }
    Collections.reverse(links);
    return new Chain(record, links);
  }
}
