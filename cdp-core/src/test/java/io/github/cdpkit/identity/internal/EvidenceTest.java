package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The flat evidence lists against a map of lists, over seeded random appends, removals and clears. */
class EvidenceTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void shouldAgreeWithAMapOfListsThroughAppendsRemovalsAndCompactions(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Evidence evidence = new Evidence(2);
    Map<Integer, List<Integer>> reference = new HashMap<>();
    int records = 1 + random.nextInt(400);
    evidence.ensureCapacity(records);
    int nextId = 0;
    for (int step = 0; step < 20_000; step++) {
      int record = random.nextInt(records);
      List<Integer> expected = reference.computeIfAbsent(record, r -> new ArrayList<>());
      switch (random.nextInt(5)) {
        case 0 -> {
          evidence.clear(record);
          expected.clear();
        }
        case 1 -> {
          int id = expected.isEmpty() || random.nextBoolean()
              ? random.nextInt(nextId + 1)
              : expected.get(random.nextInt(expected.size()));
          assertThat(evidence.remove(record, id)).isEqualTo(expected.remove((Integer) id));
        }
        default -> {
          // As the resolver appends: the first ones of a reused array, stale values after them.
          int[] added = random.ints(4 + random.nextInt(4), -9, 0).toArray();
          int count = random.nextInt(4);
          for (int i = 0; i < count; i++) {
            added[i] = nextId++;
            expected.add(added[i]);
          }
          if (count == added.length || random.nextBoolean()) {
            evidence.append(record, Arrays.copyOf(added, count));
          } else {
            evidence.append(record, added, count);
          }
        }
      }
      assertThat(evidence.of(record)).containsExactly(toArray(expected));
      if (step % 499 == 0) {
        reference.forEach((r, ids) -> {
          assertThat(evidence.of(r)).containsExactly(toArray(ids));
          ids.forEach(id -> assertThat(evidence.contains(r, id)).isTrue());
          assertThat(evidence.contains(r, -1)).isFalse();
        });
        int[] some = random.ints(random.nextInt(20), 0, records).toArray();
        assertThat(evidence.ofAll(some)).containsExactly(Arrays.stream(some)
            .flatMap(r -> reference.getOrDefault(r, List.of()).stream().mapToInt(id -> id))
            .toArray());
      }
    }
  }

  private static int[] toArray(List<Integer> ids) {
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}
