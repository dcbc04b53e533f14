package io.github.cdpkit.identity.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Interns strings to dense int ids: an open-addressing table with linear probing over an
 * {@code int[]} of ids, the strings themselves kept once in a {@code String[]} indexed by id.
 *
 * <p>No per-entry objects beyond the string: about 4 bytes of table per entry at the 0.5 load it
 * keeps, plus 4 for the reference. Removal shifts the probe chain back rather than leaving
 * tombstones, so lookups never slow down after erasures; the removed id is not reused.
 *
 * <p>Not thread-safe; writers hold the resolver's write lock. A reader in an optimistic section may
 * see a table mid-change: every loop here is bounded by the table's length, so such a reader gets a
 * wrong answer or an exception, both of which the optimistic validation then discards.
 */
final class StringIndex {

  private static final int EMPTY = -1;

  private int[] slots;
  private @Nullable String[] keys;
  private int nextId;
  private int live;

  StringIndex(int expected) {
    slots = new int[tableSizeFor(Math.max(16, expected))];
    Arrays.fill(slots, EMPTY);
    keys = new String[Math.max(16, expected)];
  }

  /** Returns the id of {@code key}, or -1 if absent. */
  int find(String key) {
    int[] table = slots;
    @Nullable String[] byId = keys;
    int mask = table.length - 1;
    int slot = spread(key.hashCode()) & mask;
    for (int probes = 0; probes <= mask; probes++) {
      int id = table[slot];
      if (id == EMPTY) {
        return EMPTY;
      }
      if (key.equals(byId[id])) {
        return id;
      }
      slot = (slot + 1) & mask;
    }
    return EMPTY;
  }

  /** Returns the id of {@code key}, adding it with the next id if absent. */
  int intern(String key) {
    int found = find(key);
    return found != EMPTY ? found : add(key);
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
    int mask = slots.length - 1;
    int slot = spread(key.hashCode()) & mask;
    while (slots[slot] != EMPTY) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = id;
    live++;
    return id;
  }

  /** Removes {@code key}; its id stays unused. Returns whether it was present. */
  boolean remove(String key) {
    int mask = slots.length - 1;
    int slot = spread(key.hashCode()) & mask;
    while (slots[slot] != EMPTY) {
      int id = slots[slot];
      if (key.equals(keys[id])) {
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
    while (slots[slot] != EMPTY) {
      String moved = keys[slots[slot]];
      int home = moved == null ? slot : spread(moved.hashCode()) & mask;
      // Move the entry into the hole unless its home lies cyclically in (free, slot].
      boolean homeBetween = free <= slot ? free < home && home <= slot : free < home || home <= slot;
      if (!homeBetween) {
        slots[free] = slots[slot];
        free = slot;
      }
      slot = (slot + 1) & mask;
    }
    slots[free] = EMPTY;
  }

  private void rehash(int size) {
    int[] table = new int[size];
    Arrays.fill(table, EMPTY);
    int mask = size - 1;
    for (int id = 0; id < nextId; id++) {
      String key = keys[id];
      if (key != null) {
        int slot = spread(key.hashCode()) & mask;
        while (table[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        table[slot] = id;
      }
    }
    slots = table;
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
