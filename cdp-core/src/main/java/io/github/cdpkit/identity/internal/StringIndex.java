package io.github.cdpkit.identity.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Interns strings to dense int ids, keeping no {@code String} per key: the keys live as bytes in an
 * arena of fixed-size pages, found through an open-addressing table with linear probing.
 *
 * <h2>Layout</h2>
 *
 * Each table slot is one {@code long}: the key's hash in the high half, the address of its arena
 * entry plus one in the low half (0 is an empty slot). An entry, 4-byte aligned, holds the id, in
 * an index that keeps values the value (an int the owner of the index sets, such as which record
 * holds an identifier: a lookup reads it with the key's bytes), a header and the characters: one byte each when every character fits in Latin-1 (nearly every
 * identifier and record key), two otherwise, so any Java string comes back exactly as it went in,
 * unpaired surrogates included. The header is the length itself when it is under 128 and Latin-1,
 * else a marker byte and a 4-byte length.
 *
 * <p>So a lookup reads one slot run and one entry: two dependent memory accesses where a
 * {@code String[]} of keys costs four (slot, array element, {@code String}, its {@code byte[]}),
 * and a key costs its characters plus about eight bytes instead of an object header, a
 * {@code byte[]} header and a reference. Probing compares hashes first and growing the table never
 * touches the arena. Removal shifts the probe chain back rather than leaving tombstones, and wipes
 * the entry's bytes, so an erased key leaves nothing readable behind; its space and id are not
 * reused.
 *
 * <p>Not thread-safe; writers hold the resolver's write lock. A reader in an optimistic section may
 * see a table or arena mid-change: every loop here is bounded by an array's length, so such a reader
 * gets a wrong answer or an exception, both of which the optimistic validation then discards. Two
 * concurrent uses are safe while a single thread adds keys (and none removes one), because entries
 * never move, a key's slot is written (with release) only once its entry is whole, and the arrays
 * that find them are replaced whole (volatile):
 *
 * <ul>
 *   <li>other threads may read, by id, the keys added before a happens-before edge ({@link #key},
 *       {@link #firstChar}, {@link #compare}, {@link #isLive}): a bulk ingest interns on one thread
 *       while it links on another;
 *   <li>other threads may find keys ({@link #find}, {@link #findValue}): a key added before the
 *       call is found, one added during it is found with its entry whole (its value as set, or the
 *       unset value) or not at all. Lookups of identifiers run beside a bulk ingest's interning.
 * </ul>
 */
final class StringIndex {

  private static final int ABSENT = -1;
  private static final int PAGE_BYTES = 1 << 20;
  private static final int UNITS_PER_PAGE_SHIFT = 18; // a page holds 2^18 4-byte units
  private static final int UNIT_MASK = (1 << UNITS_PER_PAGE_SHIFT) - 1;
  private static final int FIRST_PAGE_BYTES = 1 << 12;
  // Addresses are ints: page index above the 18 bits of a 4-byte unit within the page.
  private static final int MAX_PAGES = 1 << (31 - UNITS_PER_PAGE_SHIFT);
  private static final int ID_BYTES = 4;
  private static final int VALUE_BYTES = 4;
  private static final int MIN_TABLE = 16;
  private static final int MAX_TABLE = 1 << 30;
  private static final int SHORT_LATIN1_MAX = 127;
  private static final byte LONG_LATIN1 = (byte) 0x80;
  private static final byte LONG_WIDE = (byte) 0x81;
  // Past this many equal leading characters, keyOrder compares keys whole: it stops chunking.
  private static final int CHUNKED_CHARACTERS = 64;
  // An order chunk ends in how many characters are left, up to 8: four bits.
  private static final int LEFT_BITS = 4;
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle CHARS =
      MethodHandles.byteArrayViewVarHandle(char[].class, ByteOrder.LITTLE_ENDIAN);
  // A slot is written with release and read by find with acquire: a reader that finds a key added
  // on another thread reads its entry whole (see the class comment).
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int[] POWERS_OF_31 = new int[64];

  static {
    POWERS_OF_31[0] = 1;
    for (int n = 1; n < POWERS_OF_31.length; n++) {
      POWERS_OF_31[n] = POWERS_OF_31[n - 1] * 31;
    }
  }

  // Volatile because other threads read while one adds keys (see the class comment): a grown copy
  // of any of these arrays must reach a reader whole.
  private volatile long[] slots;
  private volatile int[] addressOf;
  private volatile byte[][] pages = new byte[1][];
  private int pageCount;
  private int pageEnd;
  private int nextId;
  private int live;
  // Bytes before an entry's header: its id, and its value when the index keeps values.
  private final int headBytes;
  // The value of a key added and not set yet.
  private final int unsetValue;

  /** An index of keys alone. */
  StringIndex(int expected) {
    this(expected, ID_BYTES, 0);
  }

  /**
   * An index that keeps an int value beside each key, {@code unsetValue} until set, read with the
   * key's bytes by {@link #findValue} at the cost of one memory access for both.
   */
  StringIndex(int expected, int unsetValue) {
    this(expected, ID_BYTES + VALUE_BYTES, unsetValue);
  }

  private StringIndex(int expected, int headBytes, int unsetValue) {
    this.headBytes = headBytes;
    this.unsetValue = unsetValue;
    if (expected < 0 || expected > MAX_TABLE / 3 * 2) {
      throw new IllegalArgumentException(
          "expected must be from 0 to " + MAX_TABLE / 3 * 2 + ": " + expected);
    }
    addressOf = new int[Math.max(16, expected)];
    // The smallest table that holds the expected keys within the load limit.
    slots = new long[tableFor(expected)];
  }

  /** Returns the id of {@code key}, or -1 if absent. */
  int find(String key) {
    return find(key, null, "");
  }

  /**
   * Returns the id of the key {@code head + qualifier + '\0' + tail}, or of {@code head + tail} when
   * {@code qualifier} is null, or -1 if absent: {@link #find(String)} without building the key, so
   * that a lookup allocates nothing. Each part's hash is the one its {@code String} caches.
   */
  int find(String head, @Nullable String qualifier, String tail) {
    int address = locate(head, qualifier, tail);
    return address == ABSENT ? ABSENT : (int) INTS.get(pageOf(address), offsetOf(address));
  }

  /**
   * Returns the value kept beside the key {@link #find(String, String, String)} would find, as an
   * unsigned int, or -1 if the key is absent.
   */
  long findValue(String head, @Nullable String qualifier, String tail) {
    int address = locate(head, qualifier, tail);
    return address == ABSENT ? ABSENT
        : Integer.toUnsignedLong(valueAt(pageOf(address), offsetOf(address)));
  }

  /** Returns the value kept beside the live key with this id. */
  int value(int id) {
    int address = addressOf[id];
    return valueAt(pageOf(address), offsetOf(address));
  }

  /** Sets the value kept beside the live key with this id. */
  void setValue(int id, int value) {
    checkKeepsValues();
    int address = addressOf[id];
    INTS.set(pageOf(address), offsetOf(address) + ID_BYTES, value);
  }

  private int valueAt(byte[] page, int at) {
    checkKeepsValues();
    return (int) INTS.get(page, at + ID_BYTES);
  }

  private void checkKeepsValues() {
    if (headBytes == ID_BYTES) {
      throw new IllegalStateException("this index keeps no values");
    }
  }

  private byte[] pageOf(int address) {
    return pages[address >>> UNITS_PER_PAGE_SHIFT];
  }

  private static int offsetOf(int address) {
    return (address & UNIT_MASK) << 2;
  }

  /** The arena address of the joined key's entry, or -1 if absent. */
  private int locate(String head, @Nullable String qualifier, String tail) {
    long[] table = slots;
    int hash = spread(joinedHash(head, qualifier, tail));
    int slot = home(hash, table.length);
    for (int probes = 0; probes < table.length; probes++) {
      long entry = (long) SLOTS.getAcquire(table, slot);
      if (entry == 0) {
        return ABSENT;
      }
      if ((int) (entry >>> 32) == hash) {
        int address = (int) entry - 1;
        byte[] page = pages[address >>> UNITS_PER_PAGE_SHIFT];
        int at = (address & UNIT_MASK) << 2;
        if (holds(page, at + headBytes, head, qualifier, tail)) {
          return address;
        }
      }
      slot = next(slot, table.length);
    }
    return ABSENT;
  }

  /**
   * Returns 1 if {@code key} is surely absent, its home slot being empty, else 0. Its use is what it
   * reads: a batch calls it for every key it is about to look up, in a loop whose reads do not wait
   * on each other, so the memory system fetches many slots at once (a lookup alone waits for each
   * miss in turn), and then {@link #reserve}s room for the keys it will add.
   */
  int absentAtHome(String key) {
    long[] table = slots;
    return table[home(spread(key.hashCode()), table.length)] == 0 ? 1 : 0;
  }

  /**
   * Grows the table now if {@code more} keys would take it past its load limit of two thirds: to
   * room for half as many keys again, so that it is 44% to 67% full between growths. A table of
   * any length (not a power of two) is what makes that possible: doubling leaves it 33% to 67%
   * full, about 5 bytes more per key on average, and at some sizes 12.
   */
  void reserve(int more) {
    long needed = (long) live + more;
    if (needed * 3 <= (long) slots.length * 2) {
      return;
    }
    if (needed > (long) MAX_TABLE * 2 / 3) {
      throw new IllegalStateException(
          "intern table full: " + live + " keys, room asked for " + more + " more");
    }
    rehash(tableFor(Math.min(needed + needed / 2, (long) MAX_TABLE * 2 / 3)));
  }

  /** The smallest table length that holds {@code keys} keys within the load limit. */
  private static int tableFor(long keys) {
    return (int) Math.max(MIN_TABLE, (keys * 3 + 1) / 2);
  }

  /** Returns the id of {@code key}, adding it with the next id if absent. */
  int intern(String key) {
    int found = find(key);
    return found != ABSENT ? found : add(key);
  }

  /** Adds a key known to be absent and returns its new id. */
  int add(String key) {
    reserve(1);
    if (nextId == addressOf.length) {
      addressOf = Arrays.copyOf(addressOf, addressOf.length + (addressOf.length >> 1));
    }
    int id = nextId;
    int address = write(id, key);
    nextId++;
    addressOf[id] = address;
    place(slots, spread(key.hashCode()), address);
    live++;
    return id;
  }

  /** Removes {@code key} and wipes its bytes; its id stays unused. Returns whether it was present. */
  boolean remove(String key) {
    long[] table = slots;
    int hash = spread(key.hashCode());
    int slot = home(hash, table.length);
    while (table[slot] != 0) {
      long entry = table[slot];
      int address = (int) entry - 1;
      byte[] page = pages[address >>> UNITS_PER_PAGE_SHIFT];
      int at = (address & UNIT_MASK) << 2;
      if ((int) (entry >>> 32) == hash && holds(page, at + headBytes, key)) {
        int id = (int) INTS.get(page, at);
        Arrays.fill(page, at, end(page, at + headBytes), (byte) 0);
        addressOf[id] = ABSENT;
        live--;
        shiftBack(slot);
        return true;
      }
      slot = next(slot, table.length);
    }
    return false;
  }

  /** Returns whether {@code id} was issued and is still present. */
  boolean isLive(int id) {
    return id >= 0 && id < nextId && addressOf[id] != ABSENT;
  }

  /** Returns the key with this id, or null if removed or never issued. */
  @Nullable String key(int id) {
    if (!isLive(id)) {
      return null;
    }
    int address = addressOf[id];
    byte[] page = pages[address >>> UNITS_PER_PAGE_SHIFT];
    int at = ((address & UNIT_MASK) << 2) + headBytes;
    byte header = page[at];
    if (header >= 0) {
      return new String(page, at + 1, header, StandardCharsets.ISO_8859_1);
    }
    int length = (int) INTS.get(page, at + 1);
    int first = at + 1 + Integer.BYTES;
    if (header == LONG_LATIN1) {
      return new String(page, first, length, StandardCharsets.ISO_8859_1);
    }
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) CHARS.get(page, first + 2 * i);
    }
    return new String(chars);
  }

  /** Returns the first character of a live key, which must not be empty: no {@code String} made. */
  char firstChar(int id) {
    int address = addressOf[id];
    byte[] page = pages[address >>> UNITS_PER_PAGE_SHIFT];
    int at = ((address & UNIT_MASK) << 2) + headBytes;
    byte header = page[at];
    if (header >= 0) {
      return (char) (page[at + 1] & 0xFF);
    }
    int first = at + 1 + Integer.BYTES;
    return header == LONG_LATIN1 ? (char) (page[first] & 0xFF) : (char) CHARS.get(page, first);
  }

  /**
   * Orders two live keys as {@link String#compareTo} orders them (the same sign), without making
   * strings unless one of them holds characters beyond Latin-1.
   */
  int compare(int a, int b) {
    if (a == b) {
      return 0;
    }
    if (!isLatin1(a) || !isLatin1(b)) {
      return Integer.signum(Objects.requireNonNull(key(a), "key a")
          .compareTo(Objects.requireNonNull(key(b), "key b")));
    }
    byte[] pageA = pages[addressOf[a] >>> UNITS_PER_PAGE_SHIFT];
    byte[] pageB = pages[addressOf[b] >>> UNITS_PER_PAGE_SHIFT];
    int atA = ((addressOf[a] & UNIT_MASK) << 2) + headBytes;
    int atB = ((addressOf[b] & UNIT_MASK) << 2) + headBytes;
    int lengthA = length(pageA, atA);
    int lengthB = length(pageB, atB);
    int firstA = atA + headerBytes(pageA[atA]);
    int firstB = atB + headerBytes(pageB[atB]);
    int order = Arrays.compareUnsigned(pageA, firstA, firstA + lengthA,
        pageB, firstB, firstB + lengthB);
    return Integer.signum(order);
  }

  /**
   * Returns an order key of {@code bytes} (1 to 7) characters of a live key from index {@code from}:
   * the characters as one byte each, big-endian, then four bits saying how many characters are left
   * from {@code from}, capped at {@code bytes + 1}. Compared unsigned, chunks agree with
   * {@link #compare} for keys whose first {@code from} characters are the same: of two such keys,
   * the one with the smaller chunk is the smaller key. Equal chunks of Latin-1 keys with
   * {@code bytes + 1} left mean the same {@code from + bytes} characters, so that the next chunk
   * decides; a chunk ends the comparison of two equal keys otherwise (a key that ends inside the
   * chunk is the smaller of two that agree until then). A character beyond Latin-1 and all after it
   * become 0xFF, which keeps the agreement but not that meaning: such keys need {@link #compare}.
   */
  long orderChunk(int id, int from, int bytes) {
    int address = addressOf[id];
    byte[] page = pageOf(address);
    int at = offsetOf(address) + headBytes;
    byte header = page[at];
    int length = length(page, at);
    int first = at + headerBytes(header);
    boolean wide = header == LONG_WIDE;
    long chunk = 0;
    boolean clamped = false;
    for (int index = from; index < from + bytes; index++) {
      int c = clamped ? 0xFF : index >= length ? 0 : charAt(page, first, wide, index);
      if (c > 0xFF) {
        c = 0xFF;
        clamped = true;
      }
      chunk = (chunk << 8) | c;
    }
    int left = clamped ? bytes + 1 : Math.min(Math.max(length - from, 0), bytes + 1);
    return (chunk << LEFT_BITS) | left;
  }

  /**
   * Returns the positions of {@code ids} (live and distinct) in the order of their keys, as
   * {@link #compare} orders them, comparing hardly any keys whole: the positions sort as
   * {@code long}s, each a key's {@link #orderChunk} above its position, and only the runs whose
   * chunks tie sort again by their next chunk. A run that holds a key beyond Latin-1, or whose keys
   * agree on their first {@value #CHUNKED_CHARACTERS} characters, sorts by {@link #compare}.
   */
  int[] keyOrder(int[] ids) {
    int n = ids.length;
    int positionBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
    // As many whole characters as fit above the position and the count of those left: 3 to 7.
    int bytes = (Long.SIZE - positionBits - LEFT_BITS) / Byte.SIZE;
    long[] run = new long[n];
    for (int i = 0; i < n; i++) {
      run[i] = i;
    }
    sortRun(ids, run, 0, n, 0, positionBits, bytes);
    int[] order = new int[n];
    long positionMask = (1L << positionBits) - 1;
    for (int i = 0; i < n; i++) {
      order[i] = (int) (run[i] & positionMask);
    }
    return order;
  }

  /** Sorts {@code run[from, to)}, positions into {@code ids} whose keys agree up to {@code at}. */
  private void sortRun(int[] ids, long[] run, int from, int to, int at, int positionBits,
      int bytes) {
    long positionMask = (1L << positionBits) - 1;
    long firstChunk = 0;
    boolean tied = true;
    for (int i = from; i < to; i++) {
      int position = (int) (run[i] & positionMask);
      long chunk = orderChunk(ids[position], at, bytes);
      firstChunk = i == from ? chunk : firstChunk;
      tied &= chunk == firstChunk;
      // The sign bit flipped, so that a signed sort orders the chunks unsigned.
      run[i] = ((chunk << positionBits) | position) ^ Long.MIN_VALUE;
    }
    // Keys that share a long start (a source, a type, a country code) tie on a chunk or two.
    if (!tied) {
      Arrays.sort(run, from, to);
    }
    for (int start = from; start < to; ) {
      long chunk = run[start] >>> positionBits;
      int end = start + 1;
      while (end < to && run[end] >>> positionBits == chunk) {
        end++;
      }
      if (end - start > 1) {
        if (at + bytes >= CHUNKED_CHARACTERS || !allLatin1(ids, run, start, end, positionMask)) {
          sortByCompare(ids, run, start, end, positionMask);
        } else {
          sortRun(ids, run, start, end, at + bytes, positionBits, bytes);
        }
      }
      start = end;
    }
  }

  private boolean allLatin1(int[] ids, long[] run, int from, int to, long positionMask) {
    for (int i = from; i < to; i++) {
      if (!isLatin1(ids[(int) (run[i] & positionMask)])) {
        return false;
      }
    }
    return true;
  }

  private void sortByCompare(int[] ids, long[] run, int from, int to, long positionMask) {
    Integer[] positions = new Integer[to - from];
    for (int i = from; i < to; i++) {
      positions[i - from] = (int) (run[i] & positionMask);
    }
    Arrays.sort(positions, (x, y) -> compare(ids[x], ids[y]));
    for (int i = from; i < to; i++) {
      run[i] = positions[i - from];
    }
  }

  /** Returns one more than the largest id issued. */
  int idLimit() {
    return nextId;
  }

  /** Returns how many keys are present. */
  int size() {
    return live;
  }

  /** Returns the table's length in slots: what it costs, 8 bytes a slot (for tests). */
  int tableLength() {
    return slots.length;
  }

  // ---------------------------------------------------------------- arena

  /** Appends the entry of {@code key} to the arena and returns its address in 4-byte units. */
  private int write(int id, String key) {
    int length = key.length();
    boolean latin1 = true;
    for (int i = 0; i < length && latin1; i++) {
      latin1 = key.charAt(i) <= 0xFF;
    }
    boolean shortHeader = latin1 && length <= SHORT_LATIN1_MAX;
    long bytes = headBytes + (shortHeader ? 1 : 1 + Integer.BYTES)
        + (latin1 ? (long) length : 2L * length);
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("key too long to intern: " + length + " characters");
    }
    int size = (int) ((bytes + 3) & ~3L);
    byte[] page = roomFor(size);
    int at = pageEnd;
    int address = ((pageCount - 1) << UNITS_PER_PAGE_SHIFT) | (at >>> 2);
    INTS.set(page, at, id);
    if (headBytes > ID_BYTES) {
      INTS.set(page, at + ID_BYTES, unsetValue);
    }
    int cursor = at + headBytes;
    if (shortHeader) {
      page[cursor++] = (byte) length;
    } else {
      page[cursor++] = latin1 ? LONG_LATIN1 : LONG_WIDE;
      INTS.set(page, cursor, length);
      cursor += Integer.BYTES;
    }
    if (latin1) {
      for (int i = 0; i < length; i++) {
        page[cursor + i] = (byte) key.charAt(i);
      }
    } else {
      for (int i = 0; i < length; i++) {
        CHARS.set(page, cursor + 2 * i, key.charAt(i));
      }
    }
    pageEnd += size;
    return address;
  }

  /**
   * Returns a page with {@code size} free bytes at {@link #pageEnd}, starting a new page when the
   * current one is full. Pages start small, so that a small index stays small, and double up to
   * {@value #PAGE_BYTES} bytes; an entry must start within the first {@value #PAGE_BYTES} bytes of
   * its page, so a key larger than that gets a page of its own, and the next key a new page.
   */
  private byte[] roomFor(int size) {
    if (pageCount > 0 && pageEnd + size <= Math.min(PAGE_BYTES, pages[pageCount - 1].length)) {
      return pages[pageCount - 1];
    }
    if (pageCount == MAX_PAGES) {
      throw new IllegalStateException("intern arena full at " + nextId + " keys");
    }
    if (pageCount == pages.length) {
      pages = Arrays.copyOf(pages, pages.length * 2);
    }
    int pageSize = pageCount == 0 ? FIRST_PAGE_BYTES
        : Math.min(PAGE_BYTES, 2 * pages[pageCount - 1].length);
    byte[] page = new byte[Math.max(pageSize, size)];
    pages[pageCount++] = page;
    pageEnd = 0;
    return page;
  }

  /** Whether the entry whose header is at {@code at} holds exactly {@code key}. */
  private static boolean holds(byte[] page, int at, String key) {
    return holds(page, at, key, null, "");
  }

  /** Whether the entry whose header is at {@code at} holds the key joined from these parts. */
  private static boolean holds(byte[] page, int at, String head, @Nullable String qualifier,
      String tail) {
    int length = head.length() + tail.length()
        + (qualifier == null ? 0 : qualifier.length() + 1);
    byte header = page[at];
    int first;
    if (header >= 0) {
      if (header != length) {
        return false;
      }
      first = at + 1;
    } else {
      if ((int) INTS.get(page, at + 1) != length) {
        return false;
      }
      first = at + 1 + Integer.BYTES;
    }
    boolean wide = header == LONG_WIDE;
    int offset = head.length();
    if (!holdsAt(page, first, wide, 0, head)) {
      return false;
    }
    if (qualifier != null) {
      if (!holdsAt(page, first, wide, offset, qualifier)
          || charAt(page, first, wide, offset + qualifier.length()) != '\0') {
        return false;
      }
      offset += qualifier.length() + 1;
    }
    return holdsAt(page, first, wide, offset, tail);
  }

  /** Whether the characters from index {@code offset} of the stored key are {@code part}'s. */
  private static boolean holdsAt(byte[] page, int first, boolean wide, int offset, String part) {
    int length = part.length();
    // Two loops rather than one asking about the width per character: the lookup's own hot loop.
    if (!wide) {
      int from = first + offset;
      for (int i = 0; i < length; i++) {
        if ((page[from + i] & 0xFF) != part.charAt(i)) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < length; i++) {
      if ((char) CHARS.get(page, first + 2 * (offset + i)) != part.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static char charAt(byte[] page, int first, boolean wide, int index) {
    return wide ? (char) CHARS.get(page, first + 2 * index) : (char) (page[first + index] & 0xFF);
  }

  /** {@code String.hashCode} of the joined key, from the hashes the parts' strings cache. */
  private static int joinedHash(String head, @Nullable String qualifier, String tail) {
    int hash = head.hashCode();
    if (qualifier != null) {
      hash = (hash * pow31(qualifier.length()) + qualifier.hashCode()) * 31; // then the '\0'
    }
    return hash * pow31(tail.length()) + tail.hashCode();
  }

  /** 31 to the power {@code n}, modulo 2^32, as String.hashCode's polynomial needs. */
  private static int pow31(int n) {
    if (n < POWERS_OF_31.length) {
      return POWERS_OF_31[n];
    }
    int power = 1;
    int base = 31;
    for (int e = n; e != 0; e >>>= 1) {
      if ((e & 1) != 0) {
        power *= base;
      }
      base *= base;
    }
    return power;
  }

  private boolean isLatin1(int id) {
    int address = addressOf[id];
    byte header = pageOf(address)[offsetOf(address) + headBytes];
    return header != LONG_WIDE;
  }

  private static int length(byte[] page, int at) {
    byte header = page[at];
    return header >= 0 ? header : (int) INTS.get(page, at + 1);
  }

  private static int headerBytes(byte header) {
    return header >= 0 ? 1 : 1 + Integer.BYTES;
  }

  /** The end of the entry whose header is at {@code at}, exclusive. */
  private static int end(byte[] page, int at) {
    byte header = page[at];
    int length = length(page, at);
    return at + headerBytes(header) + (header == LONG_WIDE ? 2 * length : length);
  }

  // ---------------------------------------------------------------- table

  private void shiftBack(int hole) {
    long[] table = slots;
    int free = hole;
    int slot = next(hole, table.length);
    while (table[slot] != 0) {
      int home = home((int) (table[slot] >>> 32), table.length);
      // Move the entry into the hole unless its home lies cyclically in (free, slot].
      boolean homeBetween = free <= slot ? free < home && home <= slot : free < home || home <= slot;
      if (!homeBetween) {
        table[free] = table[slot];
        free = slot;
      }
      slot = next(slot, table.length);
    }
    table[free] = 0;
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

  private static void place(long[] table, int hash, int address) {
    int slot = home(hash, table.length);
    while (table[slot] != 0) {
      slot = next(slot, table.length);
    }
    SLOTS.setRelease(table, slot, ((long) hash << 32) | ((address + 1L) & 0xFFFF_FFFFL));
  }

  /**
   * The slot where a key with this (spread) hash is first looked for: the hash scaled to the table's
   * length, {@code hash / 2^32 * length}, which needs no power-of-two length (Lemire's fast range).
   */
  private static int home(int hash, int length) {
    return (int) (((hash & 0xFFFF_FFFFL) * length) >>> 32);
  }

  /** The slot after {@code slot}, round the end of the table. */
  private static int next(int slot, int length) {
    int next = slot + 1;
    return next == length ? 0 : next;
  }

  private static int spread(int hash) {
    // String hashes of similar phones differ in low bits only; mix them across the word.
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
