package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
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

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14})
  void shouldGiveBackEveryKeyExactlyWhateverItsCharactersAndLength(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringIndex index = new StringIndex(4);
    Map<String, Integer> reference = new HashMap<>();
    for (int step = 0; step < 3_000; step++) {
      String key = randomKey(random);
      int id = index.intern(key);
      Integer known = reference.putIfAbsent(key, id);
      assertThat(id).isEqualTo(known == null ? id : known);
    }
    List<String> keys = new ArrayList<>(reference.keySet());
    for (String key : keys) {
      int id = reference.get(key);
      assertThat(index.find(key)).isEqualTo(id);
      assertThat(index.key(id)).isEqualTo(key);
      if (!key.isEmpty()) {
        assertThat(index.firstChar(id)).isEqualTo(key.charAt(0));
      }
    }
    for (int i = 0; i < 2_000; i++) {
      String a = keys.get(random.nextInt(keys.size()));
      String b = keys.get(random.nextInt(keys.size()));
      assertThat(index.compare(reference.get(a), reference.get(b)))
          .as("%s vs %s", a, b)
          .isEqualTo(Integer.signum(a.compareTo(b)));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22, 23, 24})
  void shouldFindAKeyFromItsPartsAsFromTheKeyItself(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringIndex index = new StringIndex(4);
    Map<String, Integer> interned = new HashMap<>();
    for (int step = 0; step < 3_000; step++) {
      String head = randomKey(random);
      String qualifier = random.nextBoolean() ? null : randomKey(random);
      String tail = randomKey(random);
      String joined = qualifier == null ? head + tail : head + qualifier + '\0' + tail;
      if (random.nextBoolean()) {
        interned.put(joined, index.intern(joined));
      }

      assertThat(index.find(head, qualifier, tail))
          .as("%s | %s | %s", head, qualifier, tail)
          .isEqualTo(interned.getOrDefault(joined, -1));
    }
  }

  @Test
  void shouldNotTakeAQualifiedKeyForAnUnqualifiedOneOfTheSameCharacters() {
    StringIndex index = new StringIndex(4);
    int qualified = index.add("\u0001app\u0000value");
    int plain = index.add("\u0001appvalue");

    assertThat(index.find("\u0001", "app", "value")).isEqualTo(qualified);
    assertThat(index.find("\u0001", null, "appvalue")).isEqualTo(plain);
    assertThat(index.find("\u0001", "ap", "pvalue")).isEqualTo(-1);
    assertThat(index.find("\u0001", null, "app")).isEqualTo(-1);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31, 32})
  void shouldKeepEachKeysValueThroughGrowthAndRemovals(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringIndex index = new StringIndex(4, 0);
    Map<String, Integer> values = new HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      String key = "k" + random.nextInt(5_000);
      int id = index.intern(key);
      if (random.nextInt(4) == 0) {
        index.remove(key);
        values.remove(key);
      } else {
        // Any int, the top bit included: the value comes back unsigned, never as "absent".
        int value = random.nextInt();
        index.setValue(id, value);
        values.put(key, value);
      }
    }
    for (int k = 0; k < 5_000; k++) {
      String key = "k" + k;
      Integer value = values.get(key);
      assertThat(index.findValue("k", null, String.valueOf(k)))
          .isEqualTo(value == null ? -1 : Integer.toUnsignedLong(value));
      if (value != null) {
        assertThat(index.value(index.find(key))).isEqualTo(value);
        assertThat(index.key(index.find(key))).isEqualTo(key);
      }
    }
  }

  @Test
  void shouldStartEveryValueAtTheUnsetValueAndRefuseValuesWhereNoneAreKept() {
    StringIndex withValues = new StringIndex(4, Integer.MIN_VALUE);
    StringIndex keysOnly = new StringIndex(4);
    int id = keysOnly.add("k");

    assertThat(withValues.value(withValues.add("k"))).isEqualTo(Integer.MIN_VALUE);
    assertThat(withValues.findValue("k", null, "")).isEqualTo(1L << 31);
    assertThatThrownBy(() -> keysOnly.setValue(id, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this index keeps no values");
    assertThat(keysOnly.key(id)).isEqualTo("k");
  }

  @Test
  void shouldFindEveryKeyAddedBeforeAndNoHalfWrittenOneWhileAnotherThreadAdds() throws Exception {
    int keys = 200_000;
    StringIndex index = new StringIndex(4, -1); // grows many times on the way
    java.util.concurrent.atomic.AtomicInteger added = new java.util.concurrent.atomic.AtomicInteger();
    Thread adder = new Thread(() -> {
      for (int k = 0; k < keys; k++) {
        index.setValue(index.add("key-" + k), k);
        added.set(k + 1); // published after the key and its value
      }
    });
    adder.start();
    SplittableRandom random = new SplittableRandom(9);
    List<String> wrong = new ArrayList<>();
    while (added.get() < keys && wrong.isEmpty()) {
      int before = added.get();
      if (before > 0) {
        int k = random.nextInt(before);
        long value = index.findValue("key-", null, Integer.toString(k));
        if (value != k) {
          wrong.add("key-" + k + " had " + value + " with " + before + " added");
        }
      }
      // One being added now, maybe: found with its value, the unset one, or not at all.
      int next = Math.min(keys - 1, added.get());
      long value = index.findValue("key-", null, Integer.toString(next));
      if (value != next && value != -1 && value != 0xFFFF_FFFFL) {
        wrong.add("key-" + next + " had " + value);
      }
    }
    adder.join();

    assertThat(wrong).isEmpty();
  }

  @ParameterizedTest(name = "{0} keys")
  @ValueSource(ints = {1, 100, 10_000, 300_001})
  void shouldKeepTheTableBetweenFourNinthsAndTwoThirdsFullAsItGrows(int count) {
    StringIndex index = new StringIndex(0);
    int growths = 0;
    int length = index.tableLength();
    for (int k = 0; k < count; k++) {
      index.add("k" + k);
      if (index.tableLength() != length) {
        growths++;
        length = index.tableLength();
        // Room for half as many keys again as it holds: 4/9 full once grown.
        assertThat(length).isBetween((k + 1) * 9 / 4, (k + 1) * 9 / 4 + 2);
      }
      assertThat((long) index.size() * 3).isLessThanOrEqualTo((long) length * 2);
    }
    assertThat(growths).isLessThanOrEqualTo(1 + (int) Math.ceil(Math.log(count) / Math.log(1.5)));
  }

  @ParameterizedTest(name = "{0} keys")
  @ValueSource(ints = {0, 7, 1_000, 123_457})
  void shouldHoldTheExpectedKeysWithoutGrowingInTheSmallestTableThatCan(int expected) {
    StringIndex index = new StringIndex(expected);
    int length = index.tableLength();
    for (int k = 0; k < expected; k++) {
      index.add("k" + k);
    }

    assertThat(index.tableLength()).isEqualTo(length);
    assertThat(length).isEqualTo(Math.max(16, (expected * 3 + 1) / 2));
  }

  @ParameterizedTest(name = "{0} keys")
  @ValueSource(ints = {-1, 715_827_883, Integer.MAX_VALUE})
  void shouldRefuseAnExpectedCountNoTableCouldHold(int expected) {
    assertThatThrownBy(() -> new StringIndex(expected))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected must be from 0 to 715827882: " + expected);
  }

  @Test
  void shouldRefuseRoomBeyondTheLargestTableAndStayAsItWas() {
    StringIndex index = new StringIndex(4);
    int kept = index.add("kept");

    assertThatThrownBy(() -> index.reserve(Integer.MAX_VALUE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("intern table full: 1 keys, room asked for 2147483647 more");
    assertThat(index.find("kept")).isEqualTo(kept);
    assertThat(index.intern("next")).isEqualTo(kept + 1);
  }

  @Test
  void shouldKeepAKeyLargerThanAPageAndTheKeysAfterIt() {
    StringIndex index = new StringIndex(4);
    String huge = "x".repeat(3 << 20);
    int before = index.add("before");
    int big = index.add(huge);
    int after = index.add("after");

    assertThat(index.find(huge)).isEqualTo(big);
    assertThat(index.key(big)).isEqualTo(huge);
    assertThat(index.find("before")).isEqualTo(before);
    assertThat(index.find("after")).isEqualTo(after);
    assertThat(index.key(after)).isEqualTo("after");
  }

  @Test
  void shouldTellAKeyFromAnotherOfTheSameCharactersInAnotherWidth() {
    StringIndex index = new StringIndex(4);
    // An unpaired surrogate must stay itself, not become '?' as an encoder would make it.
    int surrogate = index.add("a\uD800");
    int question = index.add("a?");
    int latin1 = index.add("caf\u00E9");
    int wide = index.add("\u5F20\u4E09");

    assertThat(index.find("a\uD800")).isEqualTo(surrogate);
    assertThat(index.find("a?")).isEqualTo(question);
    assertThat(index.key(latin1)).isEqualTo("caf\u00E9");
    assertThat(index.key(wide)).isEqualTo("\u5F20\u4E09");
    assertThat(index.remove("\u5F20\u4E09")).isTrue();
    assertThat(index.isLive(wide)).isFalse();
    assertThat(index.find("\u5F20\u4E09")).isEqualTo(-1);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31, 32, 33, 34})
  void shouldOrderByChunksAsCompareDoesForKeysThatAgreeBeforeThem(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringIndex index = new StringIndex(4);
    List<String> keys = relatedKeys(random, 1_500);
    keys.forEach(index::intern);
    for (int i = 0; i < 20_000; i++) {
      String a = keys.get(random.nextInt(keys.size()));
      String b = keys.get(random.nextInt(keys.size()));
      int agree = 0;
      while (agree < Math.min(a.length(), b.length()) && a.charAt(agree) == b.charAt(agree)) {
        agree++;
      }
      int from = random.nextInt(agree + 1);
      int bytes = 1 + random.nextInt(7);
      long chunkA = index.orderChunk(index.find(a), from, bytes);
      long chunkB = index.orderChunk(index.find(b), from, bytes);

      int byChunk = Long.signum(Long.compareUnsigned(chunkA, chunkB));
      if (byChunk != 0) {
        assertThat(byChunk).as("%s vs %s from %s, %s bytes", a, b, from, bytes)
            .isEqualTo(Integer.signum(a.compareTo(b)));
      } else if (!a.equals(b) && isLatin1(a) && isLatin1(b)) {
        // Equal chunks of different keys: both go on past the chunk, the same until its end.
        assertThat(chunkA & 0xF).isEqualTo(bytes + 1);
        assertThat(agree).isGreaterThanOrEqualTo(from + bytes);
      }
    }
  }

  @ParameterizedTest(name = "{0} keys")
  @ValueSource(ints = {0, 1, 2, 3, 50, 3_000, 70_000})
  void shouldPutKeysInTheOrderOfCompareWhateverTheyShare(int count) {
    SplittableRandom random = new SplittableRandom(count);
    StringIndex index = new StringIndex(4);
    // Past 4,096 keys, positions take more than 12 bits and chunks hold 5 characters, not 6.
    List<String> keys = relatedKeys(random, count);
    int[] ids = keys.stream().mapToInt(index::intern).toArray();

    int[] order = index.keyOrder(ids);

    List<String> inOrder = new ArrayList<>();
    for (int position : order) {
      inOrder.add(keys.get(position));
    }
    List<String> expected = new ArrayList<>(keys);
    expected.sort(String::compareTo);
    assertThat(inOrder).isEqualTo(expected);
  }

  /**
   * Distinct keys, many of them related to one another: prefixes of each other, equal but for one
   * character, ending in U+0000 or U+00FF (the values chunks pad and clamp with), sharing more
   * characters than are chunked, of every width.
   */
  private static List<String> relatedKeys(SplittableRandom random, int count) {
    Set<String> keys = new LinkedHashSet<>();
    List<String> drawn = new ArrayList<>();
    String shared = "p".repeat(70);
    while (keys.size() < count) {
      String base = drawn.isEmpty() ? "" : drawn.get(random.nextInt(drawn.size()));
      int cut = random.nextInt(base.length() + 1);
      String key = switch (random.nextInt(7)) {
        case 0 -> randomKey(random);
        case 1 -> base.substring(0, cut);
        case 2 -> base + randomKey(random);
        case 3 -> base.substring(0, cut) + (char) random.nextInt(0x100)
            + base.substring(Math.min(base.length(), cut + 1));
        case 4 -> base.substring(0, cut) + (random.nextBoolean() ? '\0' : '\u00FF');
        case 5 -> shared + randomKey(random);
        default -> base.substring(0, cut) + (char) (0x100 + random.nextInt(0xFF00));
      };
      if (keys.add(key)) {
        drawn.add(key);
      }
    }
    return drawn;
  }

  private static boolean isLatin1(String key) {
    return key.chars().allMatch(c -> c <= 0xFF);
  }

  private static String randomKey(SplittableRandom random) {
    int length = switch (random.nextInt(4)) {
      case 0 -> random.nextInt(4);
      case 1 -> 120 + random.nextInt(20);
      default -> 1 + random.nextInt(24);
    };
    // Latin-1 only, or with characters beyond it (CJK, surrogates), in short and long headers.
    boolean wide = random.nextInt(3) == 0;
    StringBuilder key = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      key.append(wide && random.nextBoolean()
          ? (char) (0x100 + random.nextInt(0xFF00))
          : (char) random.nextInt(random.nextBoolean() ? 0x80 : 0x100));
    }
    return key.toString();
  }
}
