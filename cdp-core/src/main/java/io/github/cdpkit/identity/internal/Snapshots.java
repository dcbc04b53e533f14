package io.github.cdpkit.identity.internal;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot format: everything an {@link IdentityStore} holds, plus the deny list's salt, in a
 * versioned binary stream. The in-memory graph is not written; it is derived again on restore.
 */
public final class Snapshots {

  private static final String MAGIC = "cdpkit-identity-snapshot";
  private static final int VERSION = 1;

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
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
    data.writeUTF(MAGIC);
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
      data.writeUTF(decision.kind().name());
      writeKey(data, decision.left());
      writeNullableKey(data, decision.right());
      writeNullableIdentifier(data, decision.identifier());
    }
    List<String> denied = store.deniedHashes();
    data.writeInt(denied.size());
    for (String hash : denied) {
      data.writeUTF(hash);
    }
    List<IdentityEvent> events = store.events(0);
    data.writeInt(events.size());
    for (IdentityEvent event : events) {
      writeEvent(data, event);
    }
    data.flush();
  }

  /**
   * Reads a snapshot: records go to {@code records}, everything else into {@code store}.
   *
   * @param in the stream; not closed
   * @param store the empty store to fill
   * @param records receives each record's evidence
   * @return the deny list's salt
   * @throws IOException if reading fails or the stream is not a snapshot of a known version
   */
  public static byte[] read(InputStream in, IdentityStore store, Consumer<StoredRecord> records)
      throws IOException {
    DataInputStream data = new DataInputStream(new BufferedInputStream(in));
    String magic;
    try {
      magic = data.readUTF();
    } catch (IOException e) {
      throw new IOException("not an identity snapshot: " + e.getMessage(), e);
    }
    if (!MAGIC.equals(magic)) {
      throw new IOException("not an identity snapshot: starts with '" + magic + "'");
    }
    int version = data.readInt();
    if (version != VERSION) {
      throw new IOException("identity snapshot version " + version + " is not supported; this "
          + "release reads version " + VERSION);
    }
    byte[] salt = data.readNBytes(data.readInt());
    store.setLastIssuedId(data.readLong());
    for (long i = data.readLong(); i > 0; i--) {
      records.accept(readRecord(data));
    }
    for (int i = data.readInt(); i > 0; i--) {
      ManualDecision.Kind kind = ManualDecision.Kind.valueOf(data.readUTF());
      store.putDecision(new ManualDecision(kind, readKey(data), readNullableKey(data),
          readNullableIdentifier(data)));
    }
    for (int i = data.readInt(); i > 0; i--) {
      store.deny(data.readUTF());
    }
    for (int i = data.readInt(); i > 0; i--) {
      store.append(readEvent(data));
    }
    return salt;
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

  private static StoredRecord readRecord(DataInputStream data) throws IOException {
    RecordKey key = readKey(data);
    Instant observed = readInstant(data);
    List<Identifier> identifiers = new ArrayList<>();
    for (int i = data.readInt(); i > 0; i--) {
      identifiers.add(readIdentifier(data));
    }
    List<Long> founded = new ArrayList<>();
    for (int i = data.readInt(); i > 0; i--) {
      founded.add(data.readLong());
    }
    return new StoredRecord(key, identifiers, observed, founded);
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
      data.writeUTF(split.reason());
    } else if (event instanceof Conflict conflict) {
      data.writeLong(conflict.left().value());
      data.writeLong(conflict.right().value());
      writeIdentifier(data, conflict.identifier());
      data.writeUTF(conflict.rule().name());
      data.writeUTF(conflict.detail());
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
      data.writeUTF(refused.identifierType());
    } else if (event instanceof Redacted redacted) {
      data.writeUTF(redacted.replaced());
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

  private static IdentityEvent readEvent(DataInputStream data) throws IOException {
    int tag = data.readUnsignedByte();
    long sequence = data.readLong();
    Instant at = readInstant(data);
    return switch (tag) {
      case MERGED -> new Merged(sequence, at, OneId.of(data.readLong()), readIds(data),
          data.readBoolean());
      case SPLIT -> new Split(sequence, at, OneId.of(data.readLong()), readIds(data),
          data.readUTF());
      case CONFLICT -> new Conflict(sequence, at, OneId.of(data.readLong()),
          OneId.of(data.readLong()), readIdentifier(data),
          ConflictRule.valueOf(data.readUTF()), data.readUTF());
      case ERASED -> new Erased(sequence, at, OneId.of(data.readLong()), readIds(data),
          data.readInt(), data.readInt());
      case GENERIC -> new GenericValueDetected(sequence, at, readIdentifier(data), data.readInt(),
          data.readInt());
      case REPLAY -> new ErasedReplayRefused(sequence, at, readKey(data), data.readUTF());
      case REDACTED -> new Redacted(sequence, at, data.readUTF(), OneId.of(data.readLong()));
      case REMOVED -> new RecordRemoved(sequence, at, readKey(data), OneId.of(data.readLong()));
      case DISMISSED -> new ConflictDismissed(sequence, at, data.readLong());
      case LINK_REMOVED -> new LinkRemoved(sequence, at, readKey(data), readIdentifier(data),
          OneId.of(data.readLong()));
      default -> throw new IOException("unknown event tag " + tag + " in identity snapshot");
    };
  }

  private static void writeIds(DataOutputStream data, List<OneId> ids) throws IOException {
    data.writeInt(ids.size());
    for (OneId id : ids) {
      data.writeLong(id.value());
    }
  }

  private static List<OneId> readIds(DataInputStream data) throws IOException {
    List<OneId> ids = new ArrayList<>();
    for (int i = data.readInt(); i > 0; i--) {
      ids.add(OneId.of(data.readLong()));
    }
    return ids;
  }

  private static void writeInstant(DataOutputStream data, Instant instant) throws IOException {
    data.writeLong(instant.getEpochSecond());
    data.writeInt(instant.getNano());
  }

  private static Instant readInstant(DataInputStream data) throws IOException {
    return Instant.ofEpochSecond(data.readLong(), data.readInt());
  }

  private static void writeKey(DataOutputStream data, RecordKey key) throws IOException {
    data.writeUTF(key.source());
    data.writeUTF(key.recordId());
  }

  private static RecordKey readKey(DataInputStream data) throws IOException {
    return RecordKey.of(data.readUTF(), data.readUTF());
  }

  private static void writeNullableKey(DataOutputStream data, @Nullable RecordKey key)
      throws IOException {
    data.writeBoolean(key != null);
    if (key != null) {
      writeKey(data, key);
    }
  }

  private static @Nullable RecordKey readNullableKey(DataInputStream data) throws IOException {
    return data.readBoolean() ? readKey(data) : null;
  }

  private static void writeIdentifier(DataOutputStream data, Identifier identifier)
      throws IOException {
    data.writeUTF(identifier.type());
    String namespace = identifier.namespace();
    data.writeBoolean(namespace != null);
    if (namespace != null) {
      data.writeUTF(namespace);
    }
    data.writeUTF(identifier.value());
  }

  private static Identifier readIdentifier(DataInputStream data) throws IOException {
    String type = data.readUTF();
    String namespace = data.readBoolean() ? data.readUTF() : null;
    return new Identifier(type, namespace, data.readUTF());
  }

  private static void writeNullableIdentifier(DataOutputStream data,
      @Nullable Identifier identifier) throws IOException {
    data.writeBoolean(identifier != null);
    if (identifier != null) {
      writeIdentifier(data, identifier);
    }
  }

  private static @Nullable Identifier readNullableIdentifier(DataInputStream data)
      throws IOException {
    return data.readBoolean() ? readIdentifier(data) : null;
  }
}
