package io.github.cdpkit.identity.internal;

import io.github.cdpkit.core.internal.EpochMillis;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.ConflictDismissed;
import io.github.cdpkit.identity.event.ConflictRule;
import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.ErasedReplayRefused;
import io.github.cdpkit.identity.event.GenericValueDetected;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Redacted;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot format: everything an {@link IdentityStore} holds, plus the deny list's salt, in a
 * versioned binary stream. The in-memory graph is not written; it is derived again on restore.
 *
 * <p>In {@link DataOutputStream}'s encodings: the magic {@value #MAGIC} (with {@code writeUTF}),
 * the version (an int), the salt (its length, then its bytes), the last issued id (a long), the
 * records (their count as a long, then each: key, observed at, identifiers, founded ids), then
 * the decisions, the denied hashes and the events (each an int count, then each). Version 1 wrote
 * each string with one {@code writeUTF}; versions 2 and 3 write its length in chars, then chunks
 * of it. Version 3 ends in the CRC32C of every byte before it (an int); versions 1 and 2 have no
 * checksum, so a flipped bit that still parses restores another resolver. Nothing follows the end.
 */
public final class Snapshots {

  private static final String MAGIC = "cdpkit-identity-snapshot";
  /**
   * The version written: 3 ends in a checksum; 2 wrote strings of any length, as 3 does (1 wrote
   * each with one writeUTF, at most 65535 bytes). All three are read.
   */
  private static final int VERSION = 3;
  /** The first version that ends in a checksum. */
  private static final int CHECKSUMMED = 3;
  /**
   * The chars a string is written in per {@link DataOutputStream#writeUTF} chunk: at most 3 bytes
   * each in modified UTF-8, so a chunk never reaches its limit of 65535 bytes.
   */
  private static final int TEXT_CHUNK = 16_384;
  /** The largest id a resolver issues: ids are ints inside it. */
  private static final long MAX_ID = Integer.MAX_VALUE;

  private Snapshots() {}

  /**
   * Writes the records, the rest of the store's content and the salt.
   *
   * @param out the stream; flushed, not closed
   * @param recordCount how many records {@code records} passes on
   * @param records passes each record's evidence to its argument
   * @param store the store of decisions, deny list, history and id counter
   * @param salt the deny list's salt
   * @throws IOException if writing fails
   */
  static void write(OutputStream out, long recordCount,
      Consumer<Consumer<StoredRecord>> records, IdentityStore store, byte[] salt)
      throws IOException {
    CRC32C checksum = new CRC32C();
    DataOutputStream data =
        new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(out), checksum));
    data.writeUTF(MAGIC); // as version 1 wrote it, so either is recognised
    data.writeInt(VERSION);
    data.writeInt(salt.length);
    data.write(salt);
    data.writeLong(store.lastIssuedId());
    data.writeLong(recordCount);
    try {
      records.accept(record -> {
        try {
          writeRecord(data, record);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<ManualDecision> decisions = store.decisions();
    data.writeInt(decisions.size());
    for (ManualDecision decision : decisions) {
      writeText(data, decision.kind().name());
      writeKey(data, decision.left());
      writeNullableKey(data, decision.right());
      writeNullableIdentifier(data, decision.identifier());
    }
    List<String> denied = store.deniedHashes();
    data.writeInt(denied.size());
    for (String hash : denied) {
      writeText(data, hash);
    }
    List<IdentityEvent> events = store.events(0);
    data.writeInt(events.size());
    for (IdentityEvent event : events) {
      writeEvent(data, event);
    }
    data.writeInt((int) checksum.getValue());
    data.flush();
  }

  /**
   * What a snapshot holds, read whole and checked before any of it is written anywhere: a store
   * that does not roll back is not left half filled by a snapshot found corrupt at its end.
   *
   * @param salt the deny list's salt
   * @param lastIssuedId the last id issued
   * @param records the records' evidence
   * @param decisions the manual decisions
   * @param deniedHashes the deny list
   * @param events the history, oldest first
   */
  @SuppressWarnings("ArrayRecordComponent") // never compared: the builder takes the salt once
  public record Contents(byte[] salt, long lastIssuedId, List<StoredRecord> records,
      List<ManualDecision> decisions, List<String> deniedHashes, List<IdentityEvent> events) {

    /**
     * Writes the records to {@code records}, and everything else into {@code store}.
     *
     * @param store the empty store to fill
     * @param records receives each record's evidence
     */
    public void writeTo(IdentityStore store, Consumer<StoredRecord> records) {
      store.setLastIssuedId(lastIssuedId);
      this.records.forEach(records);
      decisions.forEach(store::putDecision);
      deniedHashes.forEach(store::deny);
      events.forEach(store::append);
    }
  }

  /**
   * Reads a whole snapshot.
   *
   * @param in the stream; not closed
   * @return what it holds
   * @throws IOException if reading fails or the stream is not a snapshot of a known version, or
   *     a corrupt one
   */
  public static Contents read(InputStream in) throws IOException {
    CRC32C checksum = new CRC32C();
    // Checked above the buffer, which reads ahead: the checksum is of the bytes read as data.
    DataInputStream data =
        new DataInputStream(new CheckedInputStream(new BufferedInputStream(in), checksum));
    String magic;
    int version;
    try {
      magic = data.readUTF();
      if (!MAGIC.equals(magic)) {
        throw new IOException("not an identity snapshot: starts with '" + magic + "'");
      }
      version = data.readInt();
    } catch (EOFException e) {
      throw new IOException("not an identity snapshot: it ends within the header of one", e);
    } catch (UTFDataFormatException e) {
      throw new IOException("not an identity snapshot: " + e.getMessage(), e);
    }
    if (version < 1 || version > VERSION) {
      throw new IOException("identity snapshot version " + version + " is not supported; this "
          + "release reads versions 1 to " + VERSION);
    }
    // What is being read, for the message if the stream ends there or a string is not modified
    // UTF-8: the exceptions DataInputStream throws then do not say.
    String part = "its erasure salt";
    try {
      int saltLength = count(data.readInt(), "salt bytes");
      // Read as far as the stream goes: a length near 2^31 is not allocated before it is there.
      byte[] salt = data.readNBytes(saltLength);
      if (salt.length < saltLength) {
        throw new EOFException();
      }
      if (salt.length < 16) {
        throw corrupt("its erasure salt has " + salt.length + " bytes, at least 16 are written");
      }
      part = "its last issued id";
      long lastIssued = data.readLong();
      if (lastIssued < 0 || lastIssued > MAX_ID) {
        throw corrupt("last issued id " + lastIssued + " is not from 0 to " + MAX_ID);
      }
      SnapshotInput input = new SnapshotInput(data, version, lastIssued);
      part = "its records";
      long recordCount = count(data.readLong(), "records");
      List<StoredRecord> records = new ArrayList<>();
      // A key or an id read twice would make one resolver of two records, or of two people.
      Set<RecordKey> keys = new HashSet<>();
      Map<Long, RecordKey> founders = new HashMap<>();
      for (long i = 1; i <= recordCount; i++) {
        part = "record " + i + " of " + recordCount;
        StoredRecord record = readRecord(input);
        if (!keys.add(record.key())) {
          throw corrupt("record " + record.key() + " is written twice");
        }
        for (long id : record.foundedIds()) {
          RecordKey founder = founders.putIfAbsent(id, record.key());
          if (founder != null) {
            throw corrupt("records " + founder + " and " + record.key() + " both founded id " + id);
          }
        }
        records.add(record);
      }
      part = "its decisions";
      int decisionCount = count(data.readInt(), "decisions");
      List<ManualDecision> decisions = new ArrayList<>();
      for (int i = 1; i <= decisionCount; i++) {
        part = "decision " + i + " of " + decisionCount;
        String kind = input.text();
        ManualDecision decision = decoded(() -> new ManualDecision(
            ManualDecision.Kind.valueOf(kind), readKey(input), readNullableKey(input),
            readNullableIdentifier(input)));
        decisions.add(decision);
      }
      part = "its deny list";
      int deniedCount = count(data.readInt(), "denied hashes");
      List<String> denied = new ArrayList<>();
      for (int i = 1; i <= deniedCount; i++) {
        part = "denied hash " + i + " of " + deniedCount;
        denied.add(input.text());
      }
      part = "its history";
      long lastSequence = 0;
      int eventCount = count(data.readInt(), "events");
      List<IdentityEvent> events = new ArrayList<>();
      for (int i = 1; i <= eventCount; i++) {
        part = "event " + i + " of " + eventCount;
        IdentityEvent event = decoded(() -> readEvent(input));
        if (event.sequence() <= lastSequence) {
          throw corrupt("event sequence " + event.sequence() + " follows " + lastSequence);
        }
        lastSequence = event.sequence();
        events.add(event);
      }
      if (version >= CHECKSUMMED) {
        part = "its checksum";
        checkSum(data, checksum);
      }
      // A chunk written twice at the end, or a version 3 read as 2 (a flipped bit), leaves bytes.
      if (data.read() != -1) {
        throw corrupt("bytes follow its end");
      }
      return new Contents(salt, lastIssued, records, decisions, denied, events);
    } catch (EOFException e) {
      throw new IOException("corrupt identity snapshot: it ends early, in " + part, e);
    } catch (UTFDataFormatException e) {
      throw new IOException("corrupt identity snapshot: a string in " + part
          + " is not modified UTF-8 (" + e.getMessage() + ")", e);
    }
  }

  /** Reads the checksum, which must be of the bytes before it. */
  private static void checkSum(DataInputStream data, CRC32C checksum) throws IOException {
    int computed = (int) checksum.getValue();
    int written = data.readInt();
    if (written != computed) {
      throw corrupt(String.format(Locale.ROOT, "its bytes do not match its CRC32C checksum"
          + " (written 0x%08x, of its bytes 0x%08x): changed since it was written", written,
          computed));
    }
  }

  /**
   * A snapshot's input, the version it was written in, which says how strings are written, and its
   * last issued id, past which it names no id.
   */
  private record SnapshotInput(DataInputStream data, int version, long lastIssued) {

    String text() throws IOException {
      if (version == 1) {
        return data.readUTF();
      }
      int length = count(data.readInt(), "chars of a string");
      StringBuilder text = new StringBuilder(Math.min(length, TEXT_CHUNK));
      while (text.length() < length) {
        String chunk = data.readUTF();
        if (chunk.isEmpty() || chunk.length() > length - text.length()) {
          throw corrupt("a string of " + length + " chars holds a chunk of " + chunk.length());
        }
        text.append(chunk);
      }
      return text.toString();
    }
  }

  /** Writes a string of any length: its length in chars, then chunks of it. */
  private static void writeText(DataOutputStream data, String text) throws IOException {
    data.writeInt(text.length());
    for (int from = 0; from < text.length(); from += TEXT_CHUNK) {
      data.writeUTF(text.substring(from, Math.min(text.length(), from + TEXT_CHUNK)));
    }
  }

  private static int count(int count, String what) throws IOException {
    return (int) count((long) count, what);
  }

  private static long count(long count, String what) throws IOException {
    if (count < 0) {
      throw corrupt("a count of " + what + " is negative: " + count);
    }
    return count;
  }

  private static IOException corrupt(String reason) {
    return new IOException("corrupt identity snapshot: " + reason);
  }

  /** What reads a value from a snapshot: the values' own checks may refuse what it read. */
  private interface Decoding<T> {
    T decode() throws IOException;
  }

  /** Decodes a value, refusing one that its own checks refuse as a corrupt snapshot. */
  private static <T> T decoded(Decoding<T> decoding) throws IOException {
    try {
      return decoding.decode();
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new IOException("corrupt identity snapshot: " + e.getMessage(), e);
    }
  }

  private static void writeRecord(DataOutputStream data, StoredRecord record) throws IOException {
    writeKey(data, record.key());
    writeInstant(data, record.observedAt());
    data.writeInt(record.identifiers().size());
    for (Identifier identifier : record.identifiers()) {
      writeIdentifier(data, identifier);
    }
    data.writeInt(record.foundedIds().size());
    for (long id : record.foundedIds()) {
      data.writeLong(id);
    }
  }

  /**
   * Reads a record's evidence. Its founded ids are at most the last issued id: ids are issued one
   * by one, each change records the last one issued before it ends, and a snapshot is written
   * between changes, so a record of one holds no id past the counter (unlike a store, which may if
   * it failed part-way through a change).
   */
  private static StoredRecord readRecord(SnapshotInput in) throws IOException {
    DataInputStream data = in.data();
    long lastIssued = in.lastIssued();
    RecordKey key = decoded(() -> readKey(in));
    Instant observed = decoded(() -> readInstant(data, "record", key));
    if (!EpochMillis.holds(observed)) {
      throw corrupt("record " + key + " was observed at " + observed
          + ", past the epoch milliseconds a resolver keeps");
    }
    List<Identifier> identifiers = new ArrayList<>();
    for (int i = count(data.readInt(), "identifiers of " + key); i > 0; i--) {
      identifiers.add(decoded(() -> readIdentifier(in)));
    }
    List<Long> founded = new ArrayList<>();
    for (int i = count(data.readInt(), "ids founded by " + key); i > 0; i--) {
      long id = data.readLong();
      if (id > lastIssued) {
        throw corrupt("record " + key + " founded id " + id + ", past the last issued id "
            + lastIssued);
      }
      founded.add(id);
    }
    return decoded(() -> new StoredRecord(key, identifiers, observed, founded));
  }

  private static final int MERGED = 1;
  private static final int SPLIT = 2;
  private static final int CONFLICT = 3;
  private static final int ERASED = 4;
  private static final int GENERIC = 5;
  private static final int REPLAY = 6;
  private static final int REDACTED = 7;
  private static final int REMOVED = 8;
  private static final int DISMISSED = 9;
  private static final int LINK_REMOVED = 10;

  private static void writeEvent(DataOutputStream data, IdentityEvent event) throws IOException {
    int tag;
    if (event instanceof Merged) {
      tag = MERGED;
    } else if (event instanceof Split) {
      tag = SPLIT;
    } else if (event instanceof Conflict) {
      tag = CONFLICT;
    } else if (event instanceof Erased) {
      tag = ERASED;
    } else if (event instanceof GenericValueDetected) {
      tag = GENERIC;
    } else if (event instanceof ErasedReplayRefused) {
      tag = REPLAY;
    } else if (event instanceof Redacted) {
      tag = REDACTED;
    } else if (event instanceof RecordRemoved) {
      tag = REMOVED;
    } else if (event instanceof ConflictDismissed) {
      tag = DISMISSED;
    } else if (event instanceof LinkRemoved) {
      tag = LINK_REMOVED;
    } else {
      throw new IllegalArgumentException("no snapshot tag for " + event);
    }
    data.writeByte(tag);
    data.writeLong(event.sequence());
    writeInstant(data, event.at());
    if (event instanceof Merged merged) {
      data.writeLong(merged.survivor().value());
      writeIds(data, merged.absorbed());
      data.writeBoolean(merged.manual());
    } else if (event instanceof Split split) {
      data.writeLong(split.before().value());
      writeIds(data, split.parts());
      writeText(data, split.reason());
    } else if (event instanceof Conflict conflict) {
      data.writeLong(conflict.left().value());
      data.writeLong(conflict.right().value());
      writeIdentifier(data, conflict.identifier());
      writeText(data, conflict.rule().name());
      writeText(data, conflict.detail());
    } else if (event instanceof Erased erased) {
      data.writeLong(erased.oneId().value());
      writeIds(data, erased.aliases());
      data.writeInt(erased.records());
      data.writeInt(erased.identifiers());
    } else if (event instanceof GenericValueDetected detected) {
      writeIdentifier(data, detected.identifier());
      data.writeInt(detected.holders());
      data.writeInt(detected.threshold());
    } else if (event instanceof ErasedReplayRefused refused) {
      writeKey(data, refused.record());
      writeText(data, refused.identifierType());
    } else if (event instanceof Redacted redacted) {
      writeText(data, redacted.replaced());
      data.writeLong(redacted.erased().value());
    } else if (event instanceof RecordRemoved removed) {
      writeKey(data, removed.record());
      data.writeLong(removed.person().value());
    } else if (event instanceof ConflictDismissed dismissed) {
      data.writeLong(dismissed.conflict());
    } else if (event instanceof LinkRemoved unlinked) {
      writeKey(data, unlinked.record());
      writeIdentifier(data, unlinked.identifier());
      data.writeLong(unlinked.person().value());
    }
  }

  /** Reads an event; the ids it names were issued before the snapshot, as its records' were. */
  private static IdentityEvent readEvent(SnapshotInput in) throws IOException {
    DataInputStream data = in.data();
    int tag = data.readUnsignedByte();
    long sequence = data.readLong();
    Instant at = readInstant(data, "event", sequence);
    IdReader id = () -> readId(in, sequence);
    return switch (tag) {
      case MERGED -> new Merged(sequence, at, id.read(), readIds(in, id), data.readBoolean());
      case SPLIT -> new Split(sequence, at, id.read(), readIds(in, id), in.text());
      case CONFLICT -> new Conflict(sequence, at, id.read(), id.read(), readIdentifier(in),
          ConflictRule.valueOf(in.text()), in.text());
      case ERASED -> new Erased(sequence, at, id.read(), readIds(in, id), data.readInt(),
          data.readInt());
      case GENERIC -> new GenericValueDetected(sequence, at, readIdentifier(in), data.readInt(),
          data.readInt());
      case REPLAY -> new ErasedReplayRefused(sequence, at, readKey(in), in.text());
      case REDACTED -> new Redacted(sequence, at, in.text(), id.read());
      case REMOVED -> new RecordRemoved(sequence, at, readKey(in), id.read());
      case DISMISSED -> new ConflictDismissed(sequence, at, data.readLong());
      case LINK_REMOVED -> new LinkRemoved(sequence, at, readKey(in), readIdentifier(in),
          id.read());
      default -> throw corrupt("event " + sequence + " has the unknown tag " + tag);
    };
  }

  /** Reads the ids an event names. */
  private interface IdReader {
    OneId read() throws IOException;
  }

  private static OneId readId(SnapshotInput in, long sequence) throws IOException {
    long id = in.data().readLong();
    if (id > in.lastIssued()) {
      throw corrupt("event " + sequence + " names id " + id + ", past the last issued id "
          + in.lastIssued());
    }
    return OneId.of(id);
  }

  private static void writeIds(DataOutputStream data, List<OneId> ids) throws IOException {
    data.writeInt(ids.size());
    for (OneId id : ids) {
      data.writeLong(id.value());
    }
  }

  private static List<OneId> readIds(SnapshotInput in, IdReader id) throws IOException {
    List<OneId> ids = new ArrayList<>();
    for (int i = count(in.data().readInt(), "ids"); i > 0; i--) {
      ids.add(id.read());
    }
    return ids;
  }

  private static void writeInstant(DataOutputStream data, Instant instant) throws IOException {
    data.writeLong(instant.getEpochSecond());
    data.writeInt(instant.getNano());
  }

  /**
   * Reads the time of a record or an event, {@code kind} and {@code name} naming it (apart, so that
   * no message is built for a time that is fine). Its nanoseconds are written as those of its
   * second: others would be a damaged copy, and would make
   * {@link Instant#ofEpochSecond(long, long)} overflow past either end of its seconds, an
   * {@link ArithmeticException} rather than a refusal.
   */
  private static Instant readInstant(DataInputStream data, String kind, Object name)
      throws IOException {
    long seconds = data.readLong();
    int nanos = data.readInt();
    if (nanos < 0 || nanos > 999_999_999) {
      throw corrupt("the time of " + kind + " " + name + " has " + nanos
          + " nanoseconds past its second, not from 0 to 999999999");
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static void writeKey(DataOutputStream data, RecordKey key) throws IOException {
    writeText(data, key.source());
    writeText(data, key.recordId());
  }

  private static RecordKey readKey(SnapshotInput in) throws IOException {
    return RecordKey.of(in.text(), in.text());
  }

  private static void writeNullableKey(DataOutputStream data, @Nullable RecordKey key)
      throws IOException {
    data.writeBoolean(key != null);
    if (key != null) {
      writeKey(data, key);
    }
  }

  private static @Nullable RecordKey readNullableKey(SnapshotInput in) throws IOException {
    return in.data().readBoolean() ? readKey(in) : null;
  }

  private static void writeIdentifier(DataOutputStream data, Identifier identifier)
      throws IOException {
    writeText(data, identifier.type());
    String namespace = identifier.namespace();
    data.writeBoolean(namespace != null);
    if (namespace != null) {
      writeText(data, namespace);
    }
    writeText(data, identifier.value());
  }

  private static Identifier readIdentifier(SnapshotInput in) throws IOException {
    String type = in.text();
    String namespace = in.data().readBoolean() ? in.text() : null;
    return new Identifier(type, namespace, in.text());
  }

  private static void writeNullableIdentifier(DataOutputStream data,
      @Nullable Identifier identifier) throws IOException {
    data.writeBoolean(identifier != null);
    if (identifier != null) {
      writeIdentifier(data, identifier);
    }
  }

  private static @Nullable Identifier readNullableIdentifier(SnapshotInput in)
      throws IOException {
    return in.data().readBoolean() ? readIdentifier(in) : null;
  }
}
