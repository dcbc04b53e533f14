package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.event.ConflictRule;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Snapshots of what the resolver accepted, and snapshots that are not what it wrote. */
class SnapshotFormatTest {

  @Test
  void shouldRestoreARecordWhoseIdIsLongerThan65535BytesWhenSnapshotted() throws IOException {
    IdentityResolver resolver = IdentityResolver.builder().build();
    String longId = "x".repeat(70_000);
    resolver.ingest(SourceRecord.builder("app", longId).identifier("member_no", "M".repeat(70_000))
        .build());

    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    resolver.snapshot(snapshot); // threw UTFDataFormatException: encoded string too long
    IdentityResolver restored =
        IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot.toByteArray()));

    assertThat(restored.resolve(RecordKey.of("app", longId)))
        .isEqualTo(resolver.resolve(RecordKey.of("app", longId))).isPresent();
    assertThat(restored.resolve(Identifier.of("member_no", "m".repeat(70_000)))).isPresent();
  }

  @Test
  void shouldWriteVersionThreeEndingInACrc32cOfEveryByteBeforeIt() throws IOException {
    byte[] snapshot = snapshotOfOnePhone("13800138000");

    ByteBuffer bytes = ByteBuffer.wrap(snapshot);
    assertThat(bytes.getInt(VERSION_AT)).isEqualTo(3);
    CRC32C crc = new CRC32C();
    crc.update(snapshot, 0, snapshot.length - 4);
    assertThat(bytes.getInt(snapshot.length - 4)).isEqualTo((int) crc.getValue());
  }

  @Test
  void shouldRefuseAVersionThreeSnapshotWithAChangedByteByItsChecksum() throws IOException {
    byte[] snapshot = snapshotOfOnePhone("13800138000");
    byte[] changed = changedPhone(snapshot);

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(changed)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("corrupt identity snapshot: its bytes do not match its CRC32C"
            + " checksum (written 0x")
        .hasMessageEndingWith("): changed since it was written");
  }

  @Test
  void shouldRestoreTheSameChangeInAVersionTwoSnapshotAsADifferentResolver() throws IOException {
    // Why version 3 carries a checksum: without one, a changed digit still parses.
    byte[] changed = changedPhone(versionTwo(snapshotOfOnePhone("13800138000")));

    IdentityResolver restored =
        IdentityResolver.builder().restore(new ByteArrayInputStream(changed));

    assertThat(restored.resolve(Identifier.of("phone", "13800138000"))).isEmpty();
    assertThat(restored.resolve(Identifier.of("phone", "13800138001"))).contains(OneId.of(1));
  }

  @Test
  void shouldRestoreAVersionTwoSnapshotAsItWasWritten() throws IOException {
    byte[] snapshot = versionTwo(snapshotOfOnePhone("13800138000"));

    IdentityResolver restored =
        IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot));

    assertThat(restored.resolve(Identifier.of("phone", "13800138000"))).contains(OneId.of(1));
  }

  @Test
  void shouldRefuseASnapshotWithBytesAfterItsEnd() throws IOException {
    byte[] three = snapshotOfOnePhone("13800138000");
    byte[] two = versionTwo(three);
    byte[] threeAsTwo = three.clone();
    ByteBuffer.wrap(threeAsTwo).putInt(VERSION_AT, 2); // a bit flipped: its checksum follows

    for (byte[] snapshot : List.of(Arrays.copyOf(three, three.length + 1),
        Arrays.copyOf(two, two.length + 1), threeAsTwo)) {
      assertThatThrownBy(() -> IdentityResolver.builder()
          .restore(new ByteArrayInputStream(snapshot))).isInstanceOf(IOException.class)
          .hasMessage("corrupt identity snapshot: bytes follow its end");
    }
  }

  @Test
  void shouldRefuseAVersionThreeSnapshotCutShortInItsChecksum() throws IOException {
    byte[] snapshot = snapshotOfOnePhone("13800138000");
    byte[] cut = Arrays.copyOf(snapshot, snapshot.length - 2);

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(cut)))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt identity snapshot: it ends early, in its checksum");
  }

  @Test
  void shouldRefuseAVersionThisReleaseDoesNotKnow() throws IOException {
    byte[] snapshot = snapshotOfOnePhone("13800138000");
    ByteBuffer.wrap(snapshot).putInt(VERSION_AT, 4);

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class)
        .hasMessage("identity snapshot version 4 is not supported; this release reads versions 1"
            + " to 3");
  }

  /** Where the version is: after the magic, written with writeUTF (2 + 24 bytes). */
  private static final int VERSION_AT = 26;

  private static byte[] snapshotOfOnePhone(String phone) throws IOException {
    IdentityResolver resolver = IdentityResolver.builder().build();
    resolver.ingest(SourceRecord.builder("app", "1").identifier("phone", phone).build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    resolver.snapshot(out);
    return out.toByteArray();
  }

  /** The snapshot with the last digit of its phone, +8613800138000, changed to 1. */
  private static byte[] changedPhone(byte[] snapshot) {
    byte[] changed = snapshot.clone();
    changed[indexOf(snapshot, "+8613800138000") + 13] ^= 1; // '0' to '1': one bit
    return changed;
  }

  /** Where {@code text}, in ASCII, first is in {@code snapshot}. */
  private static int indexOf(byte[] snapshot, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    for (int at = 0; at + bytes.length <= snapshot.length; at++) {
      if (Arrays.equals(snapshot, at, at + bytes.length, bytes, 0, bytes.length)) {
        return at;
      }
    }
    throw new AssertionError(text + " is not in the snapshot");
  }

  /**
   * A version 3 snapshot as version 2 wrote it: the same bytes, without the checksum at the end.
   */
  static byte[] versionTwo(byte[] versionThree) {
    byte[] two = Arrays.copyOf(versionThree, versionThree.length - 4);
    ByteBuffer.wrap(two).putInt(VERSION_AT, 2);
    return two;
  }

  @Test
  void shouldRefuseASnapshotWithABlankRecordIdWithAnIoException() throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(1); // last issued id
      data.writeLong(1); // one record
      data.writeUTF("app");
      data.writeUTF(""); // a record id no resolver writes
      data.writeLong(0);
      data.writeInt(0);
      data.writeInt(0); // no identifiers
      data.writeInt(1);
      data.writeLong(1); // founded oid-1
    });

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class) // was IllegalArgumentException from RecordKey
        .hasMessageContaining("recordId must not be blank");
  }

  @Test
  void shouldRefuseASnapshotWithAFoundedIdPastTheIntRangeWithAnIoException() throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(1);
      data.writeLong(1);
      // (int) 2147483648 is negative: an ArrayIndexOutOfBoundsException before it was refused
      oneRecordThatFounded(data, 1L << 31);
    });

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("2147483648");
  }

  @Test
  void shouldRefuseASnapshotWithAFoundedIdPastItsLastIssuedIdWithAnIoException()
      throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(1); // last issued id
      data.writeLong(1);
      oneRecordThatFounded(data, Integer.MAX_VALUE - 1);
    });

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class) // was OutOfMemoryError: a founder table up to the id
        .hasMessage("corrupt identity snapshot: record app/1 founded id 2147483646, past the last"
            + " issued id 1");
  }

  @Test
  void shouldRestoreASnapshotWhoseLastIssuedIdIsNearTwoToTheThirtyOneWithoutATableOfThatSize()
      throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(Integer.MAX_VALUE - 1); // last issued id
      data.writeLong(1);
      oneRecordThatFounded(data, Integer.MAX_VALUE - 1);
    });

    // Threw OutOfMemoryError: the founder table had a page for every id up to the last issued.
    IdentityResolver restored =
        IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot));

    assertThat(restored.resolve(RecordKey.of("app", "1"))).contains(OneId.of(2_147_483_646));
    assertThat(restored.ingest(SourceRecord.builder("app", "2")
        .identifier("phone", "+8613800138001").build()).oneId())
        .isEqualTo(OneId.of(Integer.MAX_VALUE));
    assertThat(restored.stats().people()).isEqualTo(2);
  }

  @Test
  void shouldRefuseATruncatedSnapshotWithAnIoExceptionSayingWhereItEnds() throws IOException {
    IdentityResolver resolver = IdentityResolver.builder().build();
    resolver.ingest(SourceRecord.builder("app", "1").identifier("phone", "13800138000").build());
    resolver.ingest(SourceRecord.builder("app", "2").identifier("phone", "13800138001").build());
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    resolver.snapshot(snapshot);
    byte[] whole = snapshot.toByteArray();
    byte[] cut = Arrays.copyOf(whole, indexOf(whole, "+8613800138001") + 5);

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(cut)))
        .isInstanceOf(IOException.class) // was an EOFException without a message
        .hasMessage("corrupt identity snapshot: it ends early, in record 2 of 2");
  }

  @Test
  void shouldRefuseAStreamThatEndsWithinTheHeaderWithAnIoExceptionSayingSo() throws IOException {
    byte[] header = versionOne(data -> { });

    // The magic cut short, and the version missing: an EOFException, "null" as its message.
    for (int length : new int[] {0, 1, 10, 26, 29}) {
      byte[] cut = Arrays.copyOf(header, length);
      assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(cut)))
          .as("%d bytes", length).isInstanceOf(IOException.class)
          .hasMessage("not an identity snapshot: it ends within the header of one");
    }
  }

  @Test
  void shouldRefuseASnapshotWithAStringThatIsNotModifiedUtf8SayingItIsCorruptAndWhere()
      throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(1);
      data.writeLong(1);
      data.writeUTF("app");
      data.writeShort(1);
      data.writeByte(0xFF); // no byte of modified UTF-8
    });

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class) // was the UTFDataFormatException's own message alone
        .hasMessage("corrupt identity snapshot: a string in record 1 of 1 is not modified UTF-8"
            + " (malformed input around byte 0)");
  }

  @Test
  void shouldRefuseASnapshotWithAnEventOfAnUnknownTagSayingItIsCorrupt() throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(0);
      data.writeLong(0);
    }, data -> {
      data.writeInt(1);
      data.writeByte(99);
      data.writeLong(1);
      data.writeLong(0);
      data.writeInt(0);
    });

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class) // was "unknown event tag 99 in identity snapshot"
        .hasMessage("corrupt identity snapshot: event 1 has the unknown tag 99");
  }

  @Test
  void shouldRefuseASnapshotCutShortInItsSaltSayingItEndsThere() throws IOException {
    byte[] header = versionOne(data -> { });

    for (int salt : new int[] {5, 20}) {
      byte[] cut = Arrays.copyOf(header, 26 + 4 + 4 + salt); // of 32 bytes
      assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(cut)))
          .as("%d bytes of salt", salt).isInstanceOf(IOException.class)
          // were "its erasure salt has 5 bytes, at least 16 are written" and "it ends early, in
          // its last issued id"
          .hasMessage("corrupt identity snapshot: it ends early, in its erasure salt");
    }
  }

  @Test
  void shouldRefuseASnapshotWithANegativeRecordCountWithAnIoException() throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(0); // last issued id
      data.writeLong(-1); // records: restored as none
    });

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt identity snapshot: a count of records is negative: -1");
  }

  @Test
  void shouldRefuseASnapshotWhoseEventNamesAnIdPastItsLastIssuedIdWithAnIoException()
      throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(1); // last issued id
      data.writeLong(1);
      oneRecordThatFounded(data, 1);
    }, data -> {
      data.writeInt(1);
      data.writeByte(3); // a conflict
      data.writeLong(1); // its sequence
      data.writeLong(0);
      data.writeInt(0);
      data.writeLong(1);
      data.writeLong((1L << 32) + 2); // no id issued: read as 2 once cast to an int
      data.writeUTF("phone");
      data.writeBoolean(false);
      data.writeUTF("+8613800138000");
      data.writeUTF(ConflictRule.PROFILE_LIMIT.name());
      data.writeUTF("two phones");
    });

    // Restored, the conflict waited between oid-1 and an id no one held.
    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt identity snapshot: event 1 names id 4294967298, past the last issued"
            + " id 1");
  }

  @Test
  void shouldRefuseASnapshotHoldingARecordKeyTwiceWithAnIoException() throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(2);
      data.writeLong(2);
      record(data, "1", "+8613800138000", 1);
      record(data, "1", "+8613800138001", 2); // a bit flipped in "2"
    });

    // Restored, the resolver held app/1 twice, as two people; restored into a store, once.
    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt identity snapshot: record app/1 is written twice");
  }

  @Test
  void shouldRefuseASnapshotWhoseTwoRecordsFoundedOneIdWithAnIoException() throws IOException {
    byte[] snapshot = versionOne(data -> {
      data.writeLong(2);
      data.writeLong(2);
      record(data, "1", "+8613800138000", 1);
      record(data, "2", "+8613800138001", 1);
    });

    // Restored, app/1 and app/2 (no value in common) both resolved to oid-1, one person of two
    // records, app/2 alone.
    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt identity snapshot: records app/1 and app/2 both founded id 1");
  }

  @Test
  void shouldRefuseASnapshotWithARecordObservedPastTheEpochMillisecondsWithAnIoException()
      throws IOException {
    long seconds = Long.MAX_VALUE / 1000 + 1; // an Instant, but not one of epoch milliseconds
    byte[] snapshot = versionOne(data -> {
      data.writeLong(1);
      data.writeLong(1);
      data.writeUTF("app");
      data.writeUTF("1");
      data.writeLong(seconds); // observed at
      data.writeInt(0);
      data.writeInt(0);
      data.writeInt(1);
      data.writeLong(1);
    });

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class) // was ArithmeticException: long overflow
        .hasMessage("corrupt identity snapshot: record app/1 was observed at "
            + Instant.ofEpochSecond(seconds) + ", past the epoch milliseconds a resolver keeps");
  }

  @Test
  void shouldRefuseASnapshotWithATimeWhoseNanosecondsAreNotOfItsSecondWithAnIoException()
      throws IOException {
    byte[] record = versionOne(data -> {
      data.writeLong(1);
      data.writeLong(1);
      data.writeUTF("app");
      data.writeUTF("1");
      data.writeLong(Long.MIN_VALUE); // observed at: seconds
      data.writeInt(-1); // and nanoseconds, which no Instant has
      data.writeInt(0);
      data.writeInt(1);
      data.writeLong(1);
    });
    byte[] event = versionOne(data -> {
      data.writeLong(0);
      data.writeLong(0);
    }, data -> {
      data.writeInt(1);
      data.writeByte(9); // a dismissal
      data.writeLong(1);
      data.writeLong(Long.MAX_VALUE);
      data.writeInt(2_000_000_000);
      data.writeLong(1);
    });

    // Both threw ArithmeticException: long overflow, from Instant.ofEpochSecond.
    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(record)))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt identity snapshot: the time of record app/1 has -1 nanoseconds"
            + " past its second, not from 0 to 999999999");
    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(event)))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt identity snapshot: the time of event 1 has 2000000000 nanoseconds"
            + " past its second, not from 0 to 999999999");
  }

  @Test
  void shouldLeaveAStoreThatDoesNotRollBackEmptyWhenTheSnapshotIsFoundCorruptAtItsEnd()
      throws IOException {
    IdentityResolver resolver = IdentityResolver.builder().build();
    OneId first = resolver.ingest(SourceRecord.builder("app", "1")
        .identifier("phone", "13800138000").build()).oneId();
    OneId second = resolver.ingest(SourceRecord.builder("app", "2")
        .identifier("phone", "13800138001").build()).oneId();
    resolver.merge(first, second);
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    resolver.snapshot(snapshot);
    byte[] whole = snapshot.toByteArray();
    byte[] cut = Arrays.copyOf(whole, whole.length - 5); // before its checksum
    InMemoryIdentityStore store = new InMemoryIdentityStore(); // runs a change as it comes

    assertThatThrownBy(() -> IdentityResolver.builder().store(store)
        .restore(new ByteArrayInputStream(cut))).isInstanceOf(IOException.class)
        .hasMessage("corrupt identity snapshot: it ends early, in event 1 of 1");

    // It held both records, the decision and the id counter, and refused another restore.
    assertThat(store.recordCount()).isZero();
    assertThat(store.lastIssuedId()).isZero();
    assertThat(store.decisions()).isEmpty();
    IdentityResolver restored =
        IdentityResolver.builder().store(store).restore(new ByteArrayInputStream(whole));
    assertThat(restored.resolve(RecordKey.of("app", "2"))).contains(first);
  }

  @Test
  void shouldRefuseASnapshotWithANegativeSaltLengthWithAnIoException() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    data.writeUTF("cdpkit-identity-snapshot");
    data.writeInt(1);
    data.writeInt(-1); // salt length

    assertThatThrownBy(() -> IdentityResolver.builder()
        .restore(new ByteArrayInputStream(bytes.toByteArray())))
        .isInstanceOf(IOException.class); // was IllegalArgumentException: len < 0
  }

  @Test
  void shouldRefuseAStoredRecordThatFoundedAnIdPastTheIntRangeWhenBuilt() {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    store.putRecord(new StoredRecord(RecordKey.of("app", "1"),
        List.of(Identifier.of("phone", "+8613800138000")), Instant.EPOCH, List.of(1L << 31)));
    store.setLastIssuedId(1);

    assertThatThrownBy(() -> IdentityResolver.builder().store(store).build())
        .isInstanceOf(IllegalStateException.class) // was ArrayIndexOutOfBoundsException
        .hasMessageContaining("app/1").hasMessageContaining("2147483648");
  }

  @Test
  void shouldRefuseAStoredEventNamingAnIdPastTheIntRangeWhenBuilt() {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    store.append(new RecordRemoved(1, Instant.EPOCH, RecordKey.of("app", "1"),
        OneId.of(1L << 31)));

    assertThatThrownBy(() -> IdentityResolver.builder().store(store).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot read back the store: event 1 names id 2147483648, past the largest a"
            + " resolver issues, 2147483647");
  }

  @Test
  void shouldReadBackAStoredRecordThatFoundedAnIdFarPastTheStoresLastIssuedIdWhenBuilt() {
    // A store that failed part-way through a change may hold ids past its counter: kept, not
    // refused, and without a founder table up to the id (it threw OutOfMemoryError).
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    store.putRecord(new StoredRecord(RecordKey.of("app", "1"),
        List.of(Identifier.of("phone", "+8613800138000")), Instant.EPOCH,
        List.of(Integer.MAX_VALUE - 1L)));
    store.setLastIssuedId(1);

    IdentityResolver resolver = IdentityResolver.builder().store(store).build();

    assertThat(resolver.resolve(RecordKey.of("app", "1"))).contains(OneId.of(2_147_483_646));
    assertThat(store.lastIssuedId()).isEqualTo(Integer.MAX_VALUE - 1L);
    assertThat(resolver.stats().people()).isEqualTo(1);
  }

  /** Writes one record, app/1 with one phone, that founded {@code id}. */
  private static void oneRecordThatFounded(DataOutputStream data, long id) throws IOException {
    record(data, "1", "+8613800138000", id);
  }

  /** Writes a record of source app with one phone, in version 1, that founded {@code id}. */
  private static void record(DataOutputStream data, String recordId, String phone, long id)
      throws IOException {
    data.writeUTF("app");
    data.writeUTF(recordId);
    data.writeLong(0);
    data.writeInt(0);
    data.writeInt(1);
    data.writeUTF("phone");
    data.writeBoolean(false);
    data.writeUTF(phone);
    data.writeInt(1);
    data.writeLong(id);
  }

  /** The body after the salt: last issued id, records; then no decisions, denials or events. */
  private interface Body {
    void write(DataOutputStream data) throws IOException;
  }

  private static byte[] versionOne(Body records) throws IOException {
    return versionOne(records, data -> data.writeInt(0));
  }

  /** Version 1 with no decisions or denials, and the history that {@code events} writes. */
  private static byte[] versionOne(Body records, Body events) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    data.writeUTF("cdpkit-identity-snapshot");
    data.writeInt(1);
    data.writeInt(32);
    data.write(new byte[32]);
    records.write(data);
    data.writeInt(0); // decisions
    data.writeInt(0); // denied hashes
    events.write(data);
    data.flush();
    return bytes.toByteArray();
  }

  @Test
  void shouldRefuseTheErasedDataOfEachSnapshotWhenOneBuilderRestoresTwo() throws IOException {
    byte[] first = snapshotWithAnErasedPhone("13900000001");
    byte[] second = snapshotWithAnErasedPhone("13900000002");
    IdentityResolverBuilder builder = IdentityResolver.builder(); // no salt: each snapshot's own

    IdentityResolver one = builder.restore(new ByteArrayInputStream(first));
    IdentityResolver two = builder.restore(new ByteArrayInputStream(second));

    // The second took the first snapshot's salt, and its erased phone came back as a new person.
    assertThat(one.ingest(SourceRecord.builder("X", "1").identifier("phone", "13900000001")
        .build()).outcome()).isEqualTo(IngestResult.Outcome.REFUSED_ERASED);
    assertThat(two.ingest(SourceRecord.builder("X", "1").identifier("phone", "13900000002")
        .build()).outcome()).isEqualTo(IngestResult.Outcome.REFUSED_ERASED);
  }

  @Test
  void shouldRefuseTheErasedDataOfARestoredStoreWhenTheSameBuilderBuildsOverItAgain()
      throws IOException {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    IdentityResolverBuilder builder = IdentityResolver.builder().store(store);
    builder.restore(new ByteArrayInputStream(snapshotWithAnErasedPhone("13900000001")));

    // The store holds no salt: a build from the same builder keeps the snapshot's.
    IdentityResolver again = builder.build();

    assertThat(again.ingest(SourceRecord.builder("X", "1").identifier("phone", "13900000001")
        .build()).outcome()).isEqualTo(IngestResult.Outcome.REFUSED_ERASED);
  }

  @Test
  void shouldRefuseARestoreWhoseErasureSaltIsNotTheOneTheSnapshotsErasuresWereHashedWith()
      throws IOException {
    byte[] snapshot = snapshotWithAnErasedPhone("13900000001");
    InMemoryIdentityStore store = new InMemoryIdentityStore();

    // The builder's salt won, and the erased phone came back as a new person (2 hashes: the
    // record key and the phone).
    assertThatThrownBy(() -> IdentityResolver.builder().store(store)
        .erasureSalt("another secret of 16 bytes or more".getBytes(StandardCharsets.UTF_8))
        .restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the snapshot's 2 erased identifiers were hashed with another salt than this "
            + "builder's erasureSalt; restore with the salt the snapshot's resolver had, or with "
            + "none to take the snapshot's");
    assertThat(store.recordCount()).isZero();
    assertThat(store.deniedHashes()).isEmpty();
  }

  @Test
  void shouldRestoreUnderTheBuildersOwnSaltASnapshotThatErasedNothing() throws IOException {
    IdentityResolver resolver = IdentityResolver.builder().build();
    resolver.ingest(SourceRecord.builder("A", "1").identifier("phone", "13900000001").build());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    resolver.snapshot(bytes);
    byte[] salt = "another secret of 16 bytes or more".getBytes(StandardCharsets.UTF_8);

    IdentityResolver restored = IdentityResolver.builder().erasureSalt(salt)
        .restore(new ByteArrayInputStream(bytes.toByteArray()));
    restored.erase(restored.resolve(RecordKey.of("A", "1")).orElseThrow());

    assertThat(restored.ingest(SourceRecord.builder("X", "1").identifier("phone", "13900000001")
        .build()).outcome()).isEqualTo(IngestResult.Outcome.REFUSED_ERASED);
  }

  private static byte[] snapshotWithAnErasedPhone(String phone) throws IOException {
    IdentityResolver resolver = IdentityResolver.builder().build();
    resolver.erase(resolver.ingest(SourceRecord.builder("A", "1").identifier("phone", phone)
        .build()).oneId());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    resolver.snapshot(out);
    return out.toByteArray();
  }
}
