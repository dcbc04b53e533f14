package io.github.cdpkit.examples.cli;

import io.github.cdpkit.identity.RecordKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of the records read, in input order, kept compactly in memory so that the output can be
 * written in input order once every record is resolved.
 *
 * <p>A channel export names a handful of sources and millions of record ids, so a key is kept as
 * its source's number and its record id's characters: one byte each when every character is
 * ASCII, two otherwise (so any id comes back exactly, unpaired surrogates included), about 20
 * bytes for a typical key where a {@code RecordKey} with its two strings takes about 100. The keys
 * are read back in blocks of {@value #BLOCK}, each on its own, so that blocks can be handled on
 * different threads. Not thread-safe while keys are added; {@link #block} may be called from any
 * thread once they all are.
 */
final class RecordKeyLog {

  /** How many keys {@link #block} returns at a time (the last block may have fewer). */
  static final int BLOCK = 4096;

  private static final int PAGE_BYTES = 1 << 20;
  private static final int VARINT_MAX_BYTES = 5;
  /** The longest record id kept: its length, shifted left by one, must fit a varint's int. */
  static final int MAX_ID_CHARACTERS = (1 << 30) - 1;
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8; // what a JVM allocates

  private final Map<String, Integer> sourceNumbers = new HashMap<>();
  private final List<String> sources = new ArrayList<>();
  private final List<byte[]> pages = new ArrayList<>();
  private byte[] page = new byte[0];
  private int pageEnd;
  // Where the keys end in each page before the last, which may have room to spare at its end.
  private int[] pageEnds = new int[16];
  // Where each block's first key starts: its page's index in the high half, the offset in the low.
  private long[] blockStarts = new long[16];
  private long size;

  /**
   * Appends a key.
   *
   * @param key the record's key
   * @throws IllegalArgumentException if its record id is too long to keep: over
   *     {@value #MAX_ID_CHARACTERS} characters, or half as many when not all ASCII; nothing is added
   */
  void add(RecordKey key) {
    String recordId = key.recordId();
    int length = recordId.length();
    boolean ascii = isAscii(recordId);
    long entryBytes = entryBytes(length, ascii);
    if (pageEnd + entryBytes > page.length) {
      if (!pages.isEmpty()) {
        if (pages.size() > pageEnds.length) {
          pageEnds = Arrays.copyOf(pageEnds, pageEnds.length * 2);
        }
        pageEnds[pages.size() - 1] = pageEnd;
      }
      page = new byte[(int) Math.max(PAGE_BYTES, entryBytes)];
      pages.add(page);
      pageEnd = 0;
    }
    if (size % BLOCK == 0) {
      int block = (int) (size / BLOCK);
      if (block == blockStarts.length) {
        blockStarts = Arrays.copyOf(blockStarts, block * 2);
      }
      blockStarts[block] = ((long) (pages.size() - 1) << 32) | pageEnd;
    }
    pageEnd = writeVarint(page, pageEnd, sourceNumber(key.source()));
    pageEnd = writeVarint(page, pageEnd, (length << 1) | (ascii ? 0 : 1));
    for (int i = 0; i < length; i++) {
      char c = recordId.charAt(i);
      if (ascii) {
        page[pageEnd++] = (byte) c;
      } else {
        page[pageEnd++] = (byte) (c >>> 8);
        page[pageEnd++] = (byte) c;
      }
    }
    size++;
  }

  /**
   * Returns how many bytes a key's entry may take, its record id having {@code length} characters.
   *
   * @param length the record id's length
   * @param ascii whether every character of the id is ASCII (one byte each, else two)
   * @return the most bytes the entry takes
   * @throws IllegalArgumentException if the id is too long to keep: its length, shifted left by one,
   *     must fit a varint's int, and its entry one array
   */
  static long entryBytes(int length, boolean ascii) {
    long entryBytes = 2L * VARINT_MAX_BYTES + (long) length * (ascii ? 1 : 2);
    if (length > MAX_ID_CHARACTERS || entryBytes > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException("record id too long to keep: " + length
          + " characters; at most " + MAX_ID_CHARACTERS + " when ASCII, half as many when not");
    }
    return entryBytes;
  }

  /**
   * Returns how many keys were added.
   *
   * @return the number of keys
   */
  long size() {
    return size;
  }

  /**
   * Returns how many blocks the keys make.
   *
   * @return the number of blocks, the last one possibly short
   */
  int blocks() {
    return (int) ((size + BLOCK - 1) / BLOCK);
  }

  /**
   * Returns the keys of one block, in the order they were added.
   *
   * @param block the block's index, from 0 to {@link #blocks()} (exclusive)
   * @return its keys: {@value #BLOCK} of them, but in the last block
   * @throws IndexOutOfBoundsException if there is no such block
   */
  List<RecordKey> block(int block) {
    if (block < 0 || block >= blocks()) {
      throw new IndexOutOfBoundsException("block " + block + " of " + blocks());
    }
    int count = (int) Math.min(BLOCK, size - (long) block * BLOCK);
    List<RecordKey> keys = new ArrayList<>(count);
    int pageIndex = (int) (blockStarts[block] >>> 32);
    int at = (int) blockStarts[block];
    byte[] bytes = pages.get(pageIndex);
    int[] varint = new int[1];
    for (int k = 0; k < count; k++) {
      if (at == endOf(pageIndex)) {
        bytes = pages.get(++pageIndex);
        at = 0;
      }
      at = readVarint(bytes, at, varint);
      String source = sources.get(varint[0]);
      at = readVarint(bytes, at, varint);
      int length = varint[0] >>> 1;
      String recordId;
      if ((varint[0] & 1) == 0) {
        recordId = new String(bytes, at, length, StandardCharsets.ISO_8859_1);
        at += length;
      } else {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
          chars[i] = (char) ((bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF));
          at += 2;
        }
        recordId = new String(chars);
      }
      keys.add(RecordKey.of(source, recordId));
    }
    return keys;
  }

  /** Where the keys in a page end: its last page's end, or the end of what was written in it. */
  private int endOf(int pageIndex) {
    return pageIndex == pages.size() - 1 ? pageEnd : pageEnds[pageIndex];
  }

  private int sourceNumber(String source) {
    Integer known = sourceNumbers.get(source);
    if (known != null) {
      return known;
    }
    int number = sources.size();
    sources.add(source);
    sourceNumbers.put(source, number);
    return number;
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Writes {@code value}, not negative, seven bits a byte; returns the offset after it. */
  private static int writeVarint(byte[] bytes, int at, int value) {
    int rest = value;
    int cursor = at;
    while (rest >= 0x80) {
      bytes[cursor++] = (byte) (rest | 0x80);
      rest >>>= 7;
    }
    bytes[cursor++] = (byte) rest;
    return cursor;
  }

  /** Reads what {@link #writeVarint} wrote into {@code value[0]}; returns the offset after it. */
  private static int readVarint(byte[] bytes, int at, int[] value) {
    int result = 0;
    int shift = 0;
    int cursor = at;
    byte b;
    do {
      b = bytes[cursor++];
      result |= (b & 0x7F) << shift;
      shift += 7;
    } while (b < 0);
    value[0] = result;
    return cursor;
  }
}
