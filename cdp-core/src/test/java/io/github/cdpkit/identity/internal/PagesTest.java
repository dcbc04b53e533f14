package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paged arrays against plain arrays over seeded random growths, writes and reads; their layout
 * across page boundaries; and indexes and capacities out of range.
 */
class PagesTest {

  private static final int FILL = -1;
  // Room for a handful of pages: enough to cross boundaries, little enough to stay fast.
  private static final int MAX_ELEMENTS = 12 * Pages.PAGE;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void shouldAgreeWithPlainArraysWhenGrownWrittenAndReadAtRandom(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[][] longs = new long[0][];
    int[][] ints = new int[0][];
    byte[][] bytes = new byte[0][];
    // Plain arrays of the largest capacity: the elements past the paged ones' are never written, so
    // they hold what a growth brings in.
    long[] longsExpected = new long[MAX_ELEMENTS];
    int[] intsExpected = filled(MAX_ELEMENTS);
    byte[] bytesExpected = new byte[MAX_ELEMENTS];
    int capacity = 0;
    for (int step = 0; step < 3_000; step++) {
      int op = random.nextInt(10);
      // Mostly a little past the end, as the resolver grows; now and then several pages at once.
      long needed = capacity + 1L + (random.nextInt(8) == 0 ? random.nextInt(2 * Pages.PAGE) : 0);
      long grown = Pages.grownCapacity(capacity, needed);
      if ((op == 0 || capacity == 0) && grown <= MAX_ELEMENTS) {
        capacity = (int) grown;
        long[][] before = longs;
        longs = Pages.grow(longs, capacity, long[]::new);
        ints = Pages.grow(ints, capacity, PagesTest::filled);
        bytes = Pages.grow(bytes, capacity, byte[]::new);
        assertThat(capacity - needed).isBetween(0L, (long) Pages.PAGE - 1);
        assertFullPagesKept(before, longs);
        assertLaidOut(longs, capacity);
      } else {
        int i = random.nextInt(capacity);
        if (op < 6) {
          long value = random.nextLong();
          Pages.set(longs, i, value);
          Pages.set(ints, i, (int) value);
          Pages.set(bytes, i, (byte) value);
          longsExpected[i] = value;
          intsExpected[i] = (int) value;
          bytesExpected[i] = (byte) value;
        }
        assertThat(Pages.get(longs, i)).isEqualTo(longsExpected[i]);
        assertThat(Pages.get(ints, i)).isEqualTo(intsExpected[i]);
        assertThat(Pages.get(bytes, i)).isEqualTo(bytesExpected[i]);
      }
    }
    assertThat(capacity).isGreaterThan(2 * Pages.PAGE);
    // Element by element without an assertion each: a few hundred thousand of them.
    int mismatches = 0;
    for (int i = 0; i < capacity; i++) {
      if (Pages.get(longs, i) != longsExpected[i] || Pages.get(ints, i) != intsExpected[i]
          || Pages.get(bytes, i) != bytesExpected[i]) {
        mismatches++;
      }
    }
    assertThat(mismatches).isZero();
  }

  @Test
  void shouldGrowByHalfWithinTheFirstPageAndByWholePagesBeyondIt() {
    assertThat(Pages.grownCapacity(0, 5)).isEqualTo(5);
    assertThat(Pages.grownCapacity(1024, 1025)).isEqualTo(1536);
    assertThat(Pages.grownCapacity(Pages.PAGE - 100, Pages.PAGE - 99)).isEqualTo(Pages.PAGE);
    assertThat(Pages.grownCapacity(Pages.PAGE, Pages.PAGE + 1)).isEqualTo(2L * Pages.PAGE);
    assertThat(Pages.grownCapacity(10L * Pages.PAGE, 10L * Pages.PAGE + 1))
        .isEqualTo(11L * Pages.PAGE);
    assertThat(Pages.capacityFor(3L * Pages.PAGE + 1)).isEqualTo(4L * Pages.PAGE);
  }

  @Test
  void shouldKeepEveryPageAndCopyNoneWhenGrowingAcrossPageBoundaries() {
    int[][] first = Pages.grow(new int[0][], 2L * Pages.PAGE, int[]::new);
    Pages.set(first, Pages.PAGE - 1, 7);
    Pages.set(first, Pages.PAGE, 8);

    int[][] grown = Pages.grow(first, 5L * Pages.PAGE, int[]::new);

    assertThat(grown).hasDimensions(5, Pages.PAGE);
    assertThat(grown[0]).isSameAs(first[0]);
    assertThat(grown[1]).isSameAs(first[1]);
    assertThat(Pages.get(grown, Pages.PAGE - 1)).isEqualTo(7);
    assertThat(Pages.get(grown, Pages.PAGE)).isEqualTo(8);
  }

  @Test
  void shouldCopyAShortFirstPageIntoAFullOneWhenGrowingPastIt() {
    long[][] small = Pages.grow(new long[0][], 100, long[]::new);
    Pages.set(small, 99, 42L);

    long[][] grown = Pages.grow(small, Pages.PAGE + 1L, long[]::new);

    assertThat(small[0]).hasSize(100);
    assertThat(grown).hasDimensions(2, Pages.PAGE);
    assertThat(Pages.get(grown, 99)).isEqualTo(42L);
  }

  @Test
  void shouldReturnTheSameDirectoryWhenItHoldsEnough() {
    byte[][] pages = Pages.grow(new byte[0][], 3L * Pages.PAGE, byte[]::new);

    assertThat(Pages.grow(pages, 2L * Pages.PAGE + 5, byte[]::new)).isSameAs(pages);
    assertThat(Pages.grow(pages, 3L * Pages.PAGE, byte[]::new)).isSameAs(pages);
  }

  @Test
  void shouldThrowWhenAnIndexIsNegativeOrPastTheCapacity() {
    int[][] full = Pages.grow(new int[0][], 2L * Pages.PAGE, int[]::new);
    int[][] shortFirst = Pages.grow(new int[0][], 100, int[]::new);

    assertThatThrownBy(() -> Pages.get(full, -1))
        .isInstanceOf(ArrayIndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Pages.get(full, Integer.MIN_VALUE))
        .isInstanceOf(ArrayIndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Pages.set(full, 2 * Pages.PAGE, 1))
        .isInstanceOf(ArrayIndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Pages.get(shortFirst, 100))
        .isInstanceOf(ArrayIndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Pages.get(new long[0][], 0))
        .isInstanceOf(ArrayIndexOutOfBoundsException.class);
  }

  @Test
  void shouldRefuseACapacityWhenItIsNegativeOrPastTheLargestIndex() {
    assertThatThrownBy(() -> Pages.grow(new int[0][], -1, int[]::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity cannot be negative: -1");
    assertThatThrownBy(() -> Pages.grow(new int[0][], Pages.MAX_CAPACITY + 1, int[]::new))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("paged array full: capacity 2147483649 exceeds 2147483648");
  }

  private static int[] filled(int length) {
    int[] page = new int[length];
    Arrays.fill(page, FILL);
    return page;
  }

  /** Every page that was full before a growth is the very same page after it. */
  private static void assertFullPagesKept(long[][] before, long[][] after) {
    for (int p = 0; p < before.length; p++) {
      if (before[p].length == Pages.PAGE) {
        assertThat(after[p]).isSameAs(before[p]);
      }
    }
  }

  /** Full pages only, save a lone short first page; none past the one the capacity ends in. */
  private static void assertLaidOut(long[][] pages, int capacity) {
    if (capacity <= Pages.PAGE) {
      assertThat(pages).hasDimensions(1, capacity);
    } else {
      assertThat(pages).hasDimensions((capacity + Pages.MASK) >>> Pages.SHIFT, Pages.PAGE);
    }
  }
}
