package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
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
      data.writeUTF("app");
      data.writeUTF("1");
      data.writeLong(0);
      data.writeInt(0);
      data.writeInt(1);
      data.writeUTF("phone");
      data.writeBoolean(false);
      data.writeUTF("+8613800138000");
      data.writeInt(1);
      data.writeLong(1L << 31); // (int) 2147483648 is negative: ArrayIndexOutOfBoundsException
    });

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("2147483648");
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

  /** The body after the salt: last issued id, records; then no decisions, denials or events. */
  private interface Body {
    void write(DataOutputStream data) throws IOException;
  }

  private static byte[] versionOne(Body records) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    data.writeUTF("cdpkit-identity-snapshot");
    data.writeInt(1);
    data.writeInt(32);
    data.write(new byte[32]);
    records.write(data);
    data.writeInt(0); // decisions
    data.writeInt(0); // denied hashes
    data.writeInt(0); // events
    data.flush();
    return bytes.toByteArray();
  }
}
