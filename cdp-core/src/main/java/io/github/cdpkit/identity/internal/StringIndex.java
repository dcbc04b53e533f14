package io.github.cdpkit.identity.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Interns strings to dense int ids: an open-addressing table with linear probing, the strings
 * themselves kept once in a {@code String[]} indexed by id.
 *
 * <p>Each slot is one {@code long}: the key's hash in the high half, its id plus one in the low half
 * (0 is an empty slot). Probing compares hashes first, so a lookup touches a string only when the
 * hashes agree, and growing the table never touches the strings at all. At the 0.5 load it keeps,
 * that is 16 bytes of table per entry plus 4 for the reference, and no per-entry object beyond the
 * string. Removal shifts the probe chain back rather than leaving tombstones, so lookups never slow
 * down after erasures; the removed id is not reused.
 *
 * <p>Not thread-safe; writers hold the resolver's write lock. A reader in an optimistic section may
 * see a table mid-change: every loop here is bounded by the table's length, so such a reader gets a
 * wrong answer or an exception, both of which the optimistic validation then discards.
 */
final class StringIndex {

  private static final int ABSENT = -1;

  private long[] slots;
  private @Nullable String[] keys;
  private int nextId;
  private int live;

  StringIndex(int expected) {
    slots = new long[tableSizeFor(Math.max(16, expected))];
    keys = new String[Math.max(16, expected)];
  }

  /** Returns the id of {@code key}, or -1 if absent. */
  int find(String key) {
    long[] table = slots;
    @Nullable String[] byId = keys;
    int hash = spread(key.hashCode());
    int mask = table.length - 1;
    int slot = hash & mask;
    for (int probes = 0; probes <= mask; probes++) {
      long entry = table[slot];
      if (entry == 0) {
        return ABSENT;
      }
      if ((int) (entry >>> 32) == hash) {
        int id = (int) entry - 1;
        if (key.equals(byId[id])) {
          return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    return ABSENT;
  }

  /** Returns the id of {@code key}, adding it with the next id if absent. */
  int intern(String key) {
    int found = find(key);
    return found != ABSENT ? found : add(key);
  }

  /** Adds a key known to be absent and returns its new id. */
  int add(String key) {
    if ((live + 1) * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    if (nextId == keys.length) {
      keys = Arrays.copyOf(keys, keys.length + (keys.length >> 1));
    }
    int id = nextId++;
    keys[id] = key;
    place(slots, spread(key.hashCode()), id);
    live++;
    return id;
  }

  /** Removes {@code key}; its id stays unused. Returns whether it was present. */
  boolean remove(String key) {
    int hash = spread(key.hashCode());
    int mask = slots.length - 1;
    int slot = hash & mask;
    while (slots[slot] != 0) {
      long entry = slots[slot];
      int id = (int) entry - 1;
      if ((int) (entry >>> 32) == hash && key.equals(keys[id])) {
        keys[id] = null;
        live--;
        shiftBack(slot, mask);
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  /** Returns the key with this id, or null if removed or never issued. */
  @Nullable String key(int id) {
    return id >= 0 && id < nextId ? keys[id] : null;
  }

  /** Returns one more than the largest id issued. */
  int idLimit() {
    return nextId;
  }

  /** Returns how many keys are present. */
  int size() {
    return live;
  }

  private void shiftBack(int hole, int mask) {
    int free = hole;
    int slot = (hole + 1) & mask;
    while (slots[slot] != 0) {
      int home = (int) (slots[slot] >>> 32) & mask;
      // Move the entry into the hole unless its home lies cyclically in (free, slot].
      boolean homeBetween = free <= slot ? free < home && home <= slot : free < home || home <= slot;
      if (!homeBetween) {
        slots[free] = slots[slot];
        free = slot;
      }
      slot = (slot + 1) & mask;
    }
    slots[free] = 0;
  }

  private void rehash(int size) {
    long[] table = new long[size];
    for (long entry : slots) {
      if (entry != 0) {
        place(table, (int) (entry >>> 32), (int) entry - 1);
      }
    }
    slots = table;
  }

  private static void place(long[] table, int hash, int id) {
    int mask = table.length - 1;
    int slot = hash & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = ((long) hash << 32) | (id + 1L);
  }

  private static int spread(int hash) {
    // String hashes of similar phones differ in low bits only; mix them across the word.
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static int tableSizeFor(int expected) {
    return Integer.highestOneBit(Math.max(2, expected) * 2 - 1) * 2;
  }
}
