package io.github.cdpkit.identity;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns resolver answers into partitions of record keys, which compare regardless of ids. */
final class Partitions {

  private Partitions() {}

  static Set<Set<RecordKey>> of(IdentityResolver resolver, Collection<RecordKey> keys) {
    Map<OneId, Set<RecordKey>> groups = new HashMap<>();
    for (RecordKey key : keys) {
      OneId id = resolver.resolve(key).orElseThrow(() -> new AssertionError("unresolved " + key));
      groups.computeIfAbsent(id, k -> new HashSet<>()).add(key);
    }
    return new HashSet<>(groups.values());
  }

  static Set<Set<RecordKey>> of(IdentityResolver resolver, List<SourceRecord> records) {
    return of(resolver, records.stream().map(SourceRecord::key).collect(Collectors.toList()));
  }
}
