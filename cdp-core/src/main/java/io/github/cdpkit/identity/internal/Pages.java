package io.github.cdpkit.identity.internal;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Growable primitive arrays kept in fixed-size pages: a {@code long[][]}, {@code int[][]} or
 * {@code byte[][]} directory, element {@code i} at {@code pages[i >>> SHIFT][i & MASK]}.
 *
 * <p>The graph's per-record arrays run to hundreds of megabytes. As plain arrays grown by half, each
 * growth copied every element and touched as much fresh memory again, a tenth of their capacity or
 * more stood empty, and under G1 each was a humongous object whose last region's tail was wasted.
 * Paged, growth allocates only the new pages (the directory of page references, a few kilobytes,
 * is copied), at most one page of a directory stands empty, and a page of {@value #PAGE} elements,
 * 128 KB of {@code long}s at most, stays below G1's humongous threshold, half a region of at least
 * 1 MB.
 *
 * <p>Every page holds {@value #PAGE} elements, save that a directory of a single page may hold a
 * shorter one: an empty resolver should not pay for a whole page of every array, so the first page
 * grows by copying, as a plain array would, until it is full; only then are pages added.
 *
 * <p>A directory is the whole state, so the accessors are static and take it: a read costs a shift,
 * a mask and the load of a page reference, with no object or virtual call between the caller and
 * the arrays. An index outside the directory, negative ones included, throws
 * {@link ArrayIndexOutOfBoundsException}. A reader without the owner's lock may see an older
 * directory or page, or a {@code null} page in a directory published without a happens-before
 * edge: it then gets a stale value, an {@link ArrayIndexOutOfBoundsException} or a
 * {@link NullPointerException}, which the resolver's optimistic validation discards.
 */
final class Pages {

  static final int SHIFT = 14;
  static final int PAGE = 1 << SHIFT;
  static final int MASK = PAGE - 1;
  // Indexes are ints: 2^31 elements at most, in 2^17 pages.
  static final long MAX_CAPACITY = 1L << 31;

  private Pages() {}

  /**
   * The capacity of a directory laid out for {@code elements}: that many while they fit in the
   * first page, else whole pages.
   */
  static long capacityFor(long elements) {
    return elements <= PAGE ? elements : (elements + MASK) & ~(long) MASK;
  }

  /**
   * The capacity to grow to from {@code capacity} to hold {@code needed} elements: half as much
   * again while the first page is short, so that a growing small array is copied a few times only;
   * beyond it, just the pages needed, so that no more than one stands empty.
   */
  static long grownCapacity(long capacity, long needed) {
    return capacityFor(Math.max(needed, Math.min(PAGE, capacity + (capacity >> 1))));
  }

  /**
   * Returns a directory with room for at least {@code capacity} elements: {@code directory} itself
   * if it has it, else a new one holding the same pages and new ones. Elements keep their values;
   * new elements are as {@code newPage} makes them.
   *
   * @param directory the pages so far, each the length {@code newPage} was asked for
   * @param capacity how many elements the directory must hold, laid out as {@link #capacityFor}
   *     says
   * @param newPage makes a page of the given length
   * @throws IllegalArgumentException if {@code capacity} is negative
   * @throws IllegalStateException if {@code capacity} exceeds {@value #MAX_CAPACITY}
   */
  static <P> P[] grow(P[] directory, long capacity, IntFunction<P> newPage) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity cannot be negative: " + capacity);
    }
    if (capacity > MAX_CAPACITY) {
      throw new IllegalStateException(
          "paged array full: capacity " + capacity + " exceeds " + MAX_CAPACITY);
    }
    int count = (int) ((capacity + MASK) >>> SHIFT);
    int firstLength = (int) Math.min(capacity, PAGE);
    int firstHeld = directory.length == 0 ? 0 : Array.getLength(directory[0]);
    if (count <= directory.length && firstLength <= firstHeld) {
      return directory;
    }
    P[] grown = Arrays.copyOf(directory, Math.max(count, directory.length));
    if (directory.length == 1 && firstHeld < firstLength) {
      // Only a lone first page may be short; a full-length copy takes its place.
      P first = newPage.apply(firstLength);
      System.arraycopy(directory[0], 0, first, 0, firstHeld);
      grown[0] = first;
    }
    for (int p = directory.length; p < count; p++) {
      grown[p] = newPage.apply(p == 0 ? firstLength : PAGE);
    }
    return grown;
  }

  /** Element {@code i} of {@code pages}. */
  static long get(long[][] pages, int i) {
    return pages[i >>> SHIFT][i & MASK];
  }

  /** Sets element {@code i} of {@code pages}. */
  static void set(long[][] pages, int i, long value) {
    pages[i >>> SHIFT][i & MASK] = value;
  }

  /** Element {@code i} of {@code pages}. */
  static int get(int[][] pages, int i) {
    return pages[i >>> SHIFT][i & MASK];
  }

  /** Sets element {@code i} of {@code pages}. */
  static void set(int[][] pages, int i, int value) {
    pages[i >>> SHIFT][i & MASK] = value;
  }

  /** Element {@code i} of {@code pages}. */
  static byte get(byte[][] pages, int i) {
    return pages[i >>> SHIFT][i & MASK];
  }

  /** Sets element {@code i} of {@code pages}. */
  static void set(byte[][] pages, int i, byte value) {
    pages[i >>> SHIFT][i & MASK] = value;
  }
}
