package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.IngestResult.Outcome;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityStoreWriteThroughTest {

  private static final byte[] SALT = "a secret of at least 16 bytes".getBytes(StandardCharsets.UTF_8);

  private final InMemoryIdentityStore store = new InMemoryIdentityStore();

  private IdentityResolver resolverOverStore() {
    return IdentityResolver.builder().store(store).erasureSalt(SALT).build();
  }

  private static SourceRecord record(String source, String id, String type, String value) {
    return SourceRecord.builder(source, id).identifier(type, value).build();
  }

  @Test
  void shouldWriteNormalisedEvidenceAndFoundedIdsToTheStore() {
    IdentityResolver resolver = resolverOverStore();
    OneId id = resolver.ingest(record("A", "1", "phone", "138 0013 8000")).oneId();
    resolver.ingest(record("B", "1", "phone", "13800138000"));

    StoredRecord founder = store.record(RecordKey.of("A", "1")).orElseThrow();
    StoredRecord joiner = store.record(RecordKey.of("B", "1")).orElseThrow();
    assertThat(founder.identifiers()).containsExactly(Identifier.of("phone", "+8613800138000"));
    assertThat(founder.foundedIds()).containsExactly(id.value());
    assertThat(joiner.foundedIds()).isEmpty();
    assertThat(store.lastIssuedId()).isEqualTo(id.value());
  }

  @Test
  void shouldResolveTheSameIdsWhenAProcessRestartsOverTheStore() {
    IdentityResolver first = resolverOverStore();
    OneId a = first.ingest(record("A", "1", "phone", "13800138000")).oneId();
    OneId b = first.ingest(record("B", "1", "email", "b@example.com")).oneId();
    first.neverMerge(a, b);

    IdentityResolver restarted = resolverOverStore();

    assertThat(restarted.resolve(RecordKey.of("A", "1"))).contains(a);
    assertThat(restarted.resolve(Identifier.of("email", "B@example.com"))).contains(b);
    IngestResult fresh = restarted.ingest(record("C", "1", "phone", "13900139000"));
    assertThat(fresh.oneId()).isEqualTo(OneId.of(b.value() + 1));
    assertThat(store.decisions()).containsExactly(ManualDecision.cannotLink(
        RecordKey.of("A", "1"), RecordKey.of("B", "1")));
    assertThat(restarted.history(0)).isEqualTo(first.history(0));
  }

  @Test
  void shouldNotReissueAnIdARecordFoundedWhenTheStoresCounterFellBehind() {
    IdentityResolver first = resolverOverStore();
    first.ingest(record("A", "1", "phone", "13800138000"));
    OneId latest = first.ingest(record("B", "1", "email", "b@example.com")).oneId();
    // a store that failed between writing the last record and the counter
    InMemoryIdentityStore behind = new InMemoryIdentityStore();
    store.forEachRecord(behind::putRecord);
    behind.setLastIssuedId(latest.value() - 1);

    OneId newcomer = IdentityResolver.builder().store(behind).erasureSalt(SALT).build()
        .ingest(record("C", "1", "email", "c@example.com")).oneId();

    assertThat(newcomer.value()).isGreaterThan(latest.value());
  }

  @Test
  void shouldKeepRefusingAnErasedPersonAfterARestart() {
    IdentityResolver first = resolverOverStore();
    OneId gone = first.ingest(record("A", "1", "phone", "13800138000")).oneId();
    first.erase(gone);

    IngestResult replay = resolverOverStore().ingest(record("Z", "9", "phone", "+8613800138000"));

    assertThat(replay.outcome()).isEqualTo(Outcome.REFUSED_ERASED);
    assertThat(store.record(RecordKey.of("A", "1"))).isEmpty();
    assertThat(store.deniedHashes()).hasSize(2).noneMatch(hash -> hash.contains("13800138000"));
  }

  @Test
  void shouldRefuseToRestoreIntoAStoreThatHoldsRecords() throws IOException {
    IdentityResolver resolver = IdentityResolver.builder().build();
    resolver.ingest(record("A", "1", "phone", "13800138000"));
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    resolver.snapshot(snapshot);
    resolverOverStore().ingest(record("B", "1", "phone", "13900139000"));

    assertThatThrownBy(() -> IdentityResolver.builder().store(store)
        .restore(new ByteArrayInputStream(snapshot.toByteArray())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("restore needs an empty store, this one holds 1 record, ids issued up to 1");
    assertThat(store.recordCount()).isEqualTo(1);
  }

  @Test
  void shouldRefuseToRestoreIntoAStoreThatHoldsNoRecordButDecisionsErasuresOrEvents()
      throws IOException {
    // Such a store passed the check of records and issued ids: the snapshot's history went after
    // another's, its decisions beside another's.
    IdentityResolver other = IdentityResolver.builder().build();
    other.ingest(record("A", "1", "phone", "13800138000"));
    other.ingest(record("B", "1", "email", "li@example.com"));
    other.ingest(SourceRecord.builder("C", "1").identifier("phone", "13800138000")
        .identifier("email", "li@example.com").build()); // a merge: the history's first event
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    other.snapshot(snapshot);
    InMemoryIdentityStore withDecisions = new InMemoryIdentityStore();
    withDecisions.putDecision(
        ManualDecision.cannotLink(RecordKey.of("A", "1"), RecordKey.of("B", "1")));
    withDecisions.putDecision(
        ManualDecision.cannotLink(RecordKey.of("A", "1"), RecordKey.of("C", "1")));
    InMemoryIdentityStore withErasure = new InMemoryIdentityStore();
    withErasure.deny("a hash");
    InMemoryIdentityStore withHistory = new InMemoryIdentityStore();
    withHistory.append(other.history(0).get(0));

    assertThatThrownBy(() -> IdentityResolver.builder().store(withDecisions)
        .restore(new ByteArrayInputStream(snapshot.toByteArray())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("restore needs an empty store, this one holds 2 manual decisions");
    assertThatThrownBy(() -> IdentityResolver.builder().store(withErasure)
        .restore(new ByteArrayInputStream(snapshot.toByteArray())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("restore needs an empty store, this one holds 1 erased identifier");
    assertThatThrownBy(() -> IdentityResolver.builder().store(withHistory)
        .restore(new ByteArrayInputStream(snapshot.toByteArray())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("restore needs an empty store, this one holds 1 event");
    assertThat(withDecisions.decisions()).hasSize(2);
    assertThat(List.of(withDecisions, withErasure, withHistory))
        .allMatch(unchanged -> unchanged.recordCount() == 0 && unchanged.lastIssuedId() == 0);
    assertThat(withHistory.events(0)).hasSize(1);
  }

  @Test
  void shouldRestoreASnapshotIntoAGivenStore() throws IOException {
    IdentityResolver resolver = IdentityResolver.builder().erasureSalt(SALT).build();
    OneId id = resolver.ingest(record("A", "1", "phone", "13800138000")).oneId();
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    resolver.snapshot(snapshot);

    IdentityResolver restored = IdentityResolver.builder().store(store)
        .restore(new ByteArrayInputStream(snapshot.toByteArray()));

    assertThat(restored.resolve(RecordKey.of("A", "1"))).contains(id);
    assertThat(store.record(RecordKey.of("A", "1")).orElseThrow().foundedIds())
        .isEqualTo(List.of(id.value()));
  }

  @Test
  void shouldRejectFoundedIdsThatAreNotIncreasing() {
    assertThatThrownBy(() -> new StoredRecord(RecordKey.of("A", "1"), List.of(),
        java.time.Instant.EPOCH, List.of(3L, 2L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("founded ids of A/1 must be at least 1 and increasing: [3, 2]");
  }

  @Test
  void shouldRejectAStoredRecordObservedOutsideTheRangeOfEpochMilliseconds() {
    // A store handing this back made the resolver's build throw ArithmeticException.
    assertThatThrownBy(() -> new StoredRecord(RecordKey.of("A", "1"), List.of(),
        java.time.Instant.MAX, List.of(1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("observedAt of A/1 lies outside the range of epoch milliseconds: "
            + java.time.Instant.MAX);
    assertThatThrownBy(() -> new StoredRecord(RecordKey.of("A", "1"), List.of(), null, List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("observedAt");
  }

  @Test
  void shouldRejectAStreamThatIsNotASnapshot() {
    assertThatThrownBy(() -> IdentityResolver.builder()
        .restore(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("not an identity snapshot");
  }
}
