package io.github.cdpkit.identity.internal;

import java.util.Arrays;

/**
 * Which identifiers each record carries: one list of identifier ids per record id, all of them in
 * one flat {@code int[]}.
 *
 * <p>A list is a span of the pool: where it starts and how long it is. An {@code int[]} per record
 * would cost an object header and a reference besides its ints, more than the ints themselves for
 * the two or three identifiers a record usually has, and one more object for the collector to trace
 * per record. A list that grows moves to the end of the pool; the space it leaves is reclaimed by
 * compacting the pool once such holes make up half of it. Removing an identifier shrinks its list in
 * place. The spans' starts and lengths are {@link Pages paged}, so that growing them copies no
 * existing page.
 *
 * <p>Not thread-safe; writers hold the resolver's write lock. Readers get copies ({@link #of}), so
 * they may change other lists while they walk one.
 */
final class Evidence {

  private static final int[] NONE = new int[0];

  private int[] pool;
  private int poolEnd;
  private int holes;
  private int[][] start = new int[0][];
  private int[][] length = new int[0][];
  // Record ids below it have a span.
  private long capacity;

  Evidence(int expectedRecords) {
    pool = new int[Math.max(16, expectedRecords * 3)];
    ensureCapacity(Math.max(16, expectedRecords));
  }

  /**
   * Makes room for record ids below {@code records}, and no more than {@link Pages#capacityFor}
   * lays out: the resolver decides how its arrays grow. A new record's list is empty.
   */
  void ensureCapacity(long records) {
    if (records > capacity) {
      long laidOut = Pages.capacityFor(records);
      int[][] grownStart = Pages.grow(start, laidOut, int[]::new);
      length = Pages.grow(length, laidOut, int[]::new);
      start = grownStart;
      capacity = laidOut;
    }
  }

  /** Whether {@code record}'s list holds {@code id}. */
  boolean contains(int record, int id) {
    int from = Pages.get(start, record);
    int to = from + Pages.get(length, record);
    int[] ids = pool;
    for (int i = from; i < to; i++) {
      if (ids[i] == id) {
        return true;
      }
    }
    return false;
  }

  /** Returns a copy of {@code record}'s list. */
  int[] of(int record) {
    int count = Pages.get(length, record);
    int from = Pages.get(start, record);
    return count == 0 ? NONE : Arrays.copyOfRange(pool, from, from + count);
  }

  /** Returns the lists of {@code records} one after another, in one array. */
  int[] ofAll(int[] records) {
    int total = 0;
    for (int record : records) {
      total += Pages.get(length, record);
    }
    int[] all = new int[total];
    int at = 0;
    for (int record : records) {
      int count = Pages.get(length, record);
      System.arraycopy(pool, Pages.get(start, record), all, at, count);
      at += count;
    }
    return all;
  }

  /** Appends {@code ids}, which the list does not hold yet, to {@code record}'s list. */
  void append(int record, int[] ids) {
    append(record, ids, ids.length);
  }

  /**
   * Appends the first {@code added} of {@code ids}, which the list does not hold yet, to
   * {@code record}'s list.
   */
  void append(int record, int[] ids, int added) {
    if (added == 0) {
      return;
    }
    int count = Pages.get(length, record);
    // First, since compacting moves the lists.
    reserve(count + added);
    int from = Pages.get(start, record);
    if (count == 0 || from + count != poolEnd) {
      // Unless it is the last span of the pool, where it grows in place, the list moves to the end.
      System.arraycopy(pool, from, pool, poolEnd, count);
      holes += count;
      Pages.set(start, record, poolEnd);
      poolEnd += count;
    }
    System.arraycopy(ids, 0, pool, poolEnd, added);
    poolEnd += added;
    Pages.set(length, record, count + added);
  }

  /** Removes {@code id} from {@code record}'s list; returns whether it was there. */
  boolean remove(int record, int id) {
    int from = Pages.get(start, record);
    int to = from + Pages.get(length, record);
    for (int i = from; i < to; i++) {
      if (pool[i] == id) {
        System.arraycopy(pool, i + 1, pool, i, to - i - 1);
        Pages.set(length, record, to - from - 1);
        holes++;
        return true;
      }
    }
    return false;
  }

  /** Empties {@code record}'s list. */
  void clear(int record) {
    holes += Pages.get(length, record);
    Pages.set(length, record, 0);
    Pages.set(start, record, 0);
  }

  /** Makes room for {@code more} ids at the end of the pool, compacting it first if worth it. */
  private void reserve(int more) {
    if (poolEnd + more <= pool.length) {
      return;
    }
    if (holes > poolEnd / 2) {
      compact();
    }
    if (poolEnd + more > pool.length) {
      long grown = Math.max((long) poolEnd + more, (long) pool.length + (pool.length >> 1));
      if (grown > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("evidence pool full at " + poolEnd + " ids");
      }
      pool = Arrays.copyOf(pool, (int) grown);
    }
  }

  /** Moves every list down over the holes, in pool order, so that no list is overwritten. */
  private void compact() {
    // Each non-empty list as (start, record) in one long, so that sorting needs no boxing.
    long[] byStart = new long[(int) capacity];
    int used = 0;
    for (int record = 0; record < capacity; record++) {
      if (Pages.get(length, record) > 0) {
        byStart[used++] = ((long) Pages.get(start, record) << 32) | record;
      }
    }
    Arrays.sort(byStart, 0, used);
    int end = 0;
    for (int i = 0; i < used; i++) {
      int record = (int) byStart[i];
      int count = Pages.get(length, record);
      System.arraycopy(pool, Pages.get(start, record), pool, end, count);
      Pages.set(start, record, end);
      end += count;
    }
    poolEnd = end;
    holes = 0;
  }
}
