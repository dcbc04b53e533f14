package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The intern table against a plain map, over long seeded random runs of adds and removals. */
class StringIndexTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void shouldAgreeWithAMapThroughAddsAndRemovals(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringIndex index = new StringIndex(4);
    Map<String, Integer> reference = new HashMap<>();
    // A small key space makes removals hit, and forces long probe chains and back-shifts.
    int keySpace = 50 + random.nextInt(3_000);
    for (int step = 0; step < 40_000; step++) {
      String key = "k" + random.nextInt(keySpace);
      if (random.nextInt(3) == 0) {
        assertThat(index.remove(key)).isEqualTo(reference.remove(key) != null);
      } else {
        int id = index.intern(key);
        Integer known = reference.putIfAbsent(key, id);
        assertThat(id).isEqualTo(known == null ? id : known);
        assertThat(index.key(id)).isEqualTo(key);
      }
      if (step % 997 == 0) {
        assertThat(index.size()).isEqualTo(reference.size());
        reference.forEach((k, id) -> assertThat(index.find(k)).isEqualTo(id));
      }
    }
    for (int k = 0; k < keySpace; k++) {
      String key = "k" + k;
      assertThat(index.find(key)).isEqualTo(reference.getOrDefault(key, -1));
    }
  }

  @ParameterizedTest(name = "{0} keys")
  @ValueSource(ints = {1, 1_000, 100_000})
  void shouldIssueDenseIdsAndNeverReuseARemovedOne(int count) {
    StringIndex index = new StringIndex(16);
    for (int i = 0; i < count; i++) {
      assertThat(index.add("v" + i)).isEqualTo(i);
    }
    index.remove("v0");

    assertThat(index.intern("v0")).isEqualTo(count);
    assertThat(index.key(0)).isNull();
    assertThat(index.idLimit()).isEqualTo(count + 1);
  }
}
