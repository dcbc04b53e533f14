package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.ErasedReplayRefused;
import io.github.cdpkit.identity.event.GenericValueDetected;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Split;
import java.util.Arrays;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which events of the history may name a person, an identifier or a quoted text: so that an erasure
 * reads and rewrites those events alone, however long the history.
 *
 * <p>A conflict is found by both its people and its identifier, a generic-value report by its
 * identifier, a record removal by its person, a split by every whitespace-separated word of its
 * reason; a record removal, a removed link and a refused replay by the first word of their record
 * key, too. An erasure's redaction finds a quoted text in a reason only where the text stands between
 * whitespace, so the first word of the text is a word of the reason, and looking that word up finds
 * every split the redaction could rewrite.
 *
 * <p>Names are kept as 64-bit keys, not as strings or events: an event costs a few postings of 12
 * bytes. Two names may share a key (texts are keyed by their {@link String#hashCode}), so a lookup
 * gives every event that may name what was asked, and the caller checks each event it reads. Not
 * thread-safe: the resolver uses it under its write lock.
 */
final class HistoryIndex {

  private static final int INITIAL_SLOTS = 64;
  // Neither a person's key (at least 1) nor a text's (negative).
  private static final long NO_WORD = 0;

  // An open-addressing table from a key to its newest posting; 0 marks an empty slot, else the
  // posting's index plus one.
  private long[] keys = new long[INITIAL_SLOTS];
  private int[] newest = new int[INITIAL_SLOTS];
  private int usedSlots;
  // Postings: an event's sequence number, and the same key's previous posting (index plus one, or 0).
  private long[] sequences = new long[INITIAL_SLOTS];
  private int[] previous = new int[INITIAL_SLOTS];
  private int postings;

  /**
   * Adds what {@code event} names; an event added again (a split whose reason was rewritten) adds
   * only postings, which lookups merge.
   */
  void add(IdentityEvent event) {
    long sequence = event.sequence();
    if (event instanceof Conflict conflict) {
      add(personKey(conflict.left()), sequence);
      add(personKey(conflict.right()), sequence);
      add(textKey(conflict.identifier().toString()), sequence);
    } else if (event instanceof GenericValueDetected generic) {
      add(textKey(generic.identifier().toString()), sequence);
    } else if (event instanceof RecordRemoved removed) {
      add(personKey(removed.person()), sequence);
      // Found by quoting, too: the record may have come back to a person erased later.
      addFirstWord(removed.record().toString(), sequence);
    } else if (event instanceof ErasedReplayRefused refused) {
      // The key refused may come back with other values, to a person erased later.
      addFirstWord(refused.record().toString(), sequence);
    } else if (event instanceof LinkRemoved unlinked) {
      add(personKey(unlinked.person()), sequence);
      add(textKey(unlinked.identifier().toString()), sequence);
      // Found by quoting, too: the record may have moved to a person erased later.
      addFirstWord(unlinked.record().toString(), sequence);
      addFirstWord(unlinked.identifier().toString(), sequence);
    } else if (event instanceof Split split) {
      String reason = split.reason();
      for (int start = nextWord(reason, 0), end; start < reason.length();
          start = nextWord(reason, end)) {
        end = wordEnd(reason, start);
        add(textKey(reason.substring(start, end)), sequence);
      }
    }
  }

  /**
   * Returns the sequence numbers of the events that may name one of {@code people} (a conflict
   * between them and another, a removal of their record or of one of its links) or one of
   * {@code identifiers} (a conflict, a generic-value report or a removed link about it).
   */
  SortedSet<Long> naming(Collection<OneId> people, Collection<Identifier> identifiers) {
    SortedSet<Long> found = new TreeSet<>();
    people.forEach(person -> collect(personKey(person), found));
    identifiers.forEach(identifier -> collect(textKey(identifier.toString()), found));
    return found;
  }

  /**
   * Returns the sequence numbers of the splits whose reason may quote one of {@code texts} between
   * whitespace, of the removed links whose record or identifier may be one of them, and of the
   * record removals and refused replays whose record may be one of them. Every text
   * the resolver quotes has a word: a record key's text holds a '/', an identifier's a '='.
   */
  SortedSet<Long> quoting(Collection<String> texts) {
    SortedSet<Long> found = new TreeSet<>();
    for (String text : texts) {
      long key = firstWordKey(text);
      if (key != NO_WORD) {
        collect(key, found);
      }
    }
    return found;
  }

  private void addFirstWord(String text, long sequence) {
    long key = firstWordKey(text);
    if (key != NO_WORD) {
      add(key, sequence);
    }
  }

  /** The key of a text's first word, or {@link #NO_WORD} if it is all whitespace. */
  private static long firstWordKey(String text) {
    int start = nextWord(text, 0);
    return start < text.length() ? textKey(text.substring(start, wordEnd(text, start))) : NO_WORD;
  }

  private static long personKey(OneId person) {
    return person.value();
  }

  // Negative, so never a person's key (ids are at least 1).
  private static long textKey(String text) {
    return ~(text.hashCode() & 0xFFFF_FFFFL);
  }

  // Whitespace as a regular expression's \s takes it, since the redaction matches with \S.
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static int nextWord(String text, int from) {
    int at = from;
    while (at < text.length() && isSpace(text.charAt(at))) {
      at++;
    }
    return at;
  }

  private static int wordEnd(String text, int start) {
    int at = start;
    while (at < text.length() && !isSpace(text.charAt(at))) {
      at++;
    }
    return at;
  }

  private void add(long key, long sequence) {
    int slot = slotOf(key);
    int head = newest[slot];
    if (head != 0 && sequences[head - 1] == sequence) {
      return; // the same event names it twice
    }
    if (postings == sequences.length) {
      sequences = Arrays.copyOf(sequences, postings * 2);
      previous = Arrays.copyOf(previous, postings * 2);
    }
    sequences[postings] = sequence;
    previous[postings] = head;
    newest[slot] = ++postings;
    if (head == 0) {
      keys[slot] = key;
      if (++usedSlots * 2 > keys.length) {
        growTable();
      }
    }
  }

  private void collect(long key, SortedSet<Long> into) {
    for (int posting = newest[slotOf(key)]; posting != 0; posting = previous[posting - 1]) {
      into.add(sequences[posting - 1]);
    }
  }

  /** The slot holding {@code key}, or the empty slot where it would go. */
  private int slotOf(long key) {
    int mask = keys.length - 1;
    int slot = (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> 32) & mask;
    while (newest[slot] != 0 && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void growTable() {
    long[] oldKeys = keys;
    int[] oldNewest = newest;
    keys = new long[oldKeys.length * 2];
    newest = new int[oldKeys.length * 2];
    for (int slot = 0; slot < oldKeys.length; slot++) {
      if (oldNewest[slot] != 0) {
        int to = slotOf(oldKeys[slot]);
        keys[to] = oldKeys[slot];
        newest[to] = oldNewest[slot];
      }
    }
  }
}
