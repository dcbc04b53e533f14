package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A snapshot or a store read back by a resolver whose identifier types have changed since it was
 * written: a value blocked since, a type dropped. An operator blocks a value found to be junk after
 * it linked people; the graph must still come back, with that value linking nothing.
 */
class ReadBackUnderOtherTypesTest {

  private static final String SHARED_PHONE = "+8613900139000";
  private static final byte[] SALT = "a secret of at least 16 bytes".getBytes(StandardCharsets.UTF_8);

  private static final IdentifierType CARD = IdentifierType.builder("card").build();

  /** The built-in types, with the shared phone blocked. */
  private static IdentifierTypes phoneBlocked() {
    IdentifierType phone = IdentifierTypes.defaults().find(IdentifierTypes.PHONE).orElseThrow()
        .toBuilder().blockedValue(SHARED_PHONE).build();
    return IdentifierTypes.defaults().with(phone);
  }

  private static IdentityResolver twoRecordsSharingThePhone(IdentityResolverBuilder builder) {
    IdentityResolver resolver = builder.build();
    resolver.ingest(SourceRecord.builder("shop", "1")
        .identifier("phone", SHARED_PHONE).identifier("email", "li@example.com").build());
    resolver.ingest(SourceRecord.builder("shop", "2").identifier("phone", SHARED_PHONE).build());
    assertThat(resolver.stats().people()).isEqualTo(1);
    return resolver;
  }

  private static byte[] snapshotOf(IdentityResolver resolver) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      resolver.snapshot(out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  @Test
  void shouldRestoreASnapshotWhoseLinkingValueIsBlockedSinceWithTheValueLinkingNothing()
      throws IOException {
    byte[] snapshot = snapshotOf(twoRecordsSharingThePhone(IdentityResolver.builder()));

    IdentityResolver restored =
        IdentityResolver.builder().types(phoneBlocked()).restore(new ByteArrayInputStream(snapshot));

    assertThat(restored.stats().records()).isEqualTo(2);
    assertThat(restored.stats().people()).isEqualTo(2);
    assertThat(restored.resolve(Identifier.of("phone", SHARED_PHONE))).isEmpty();
    assertThat(restored.resolve(Identifier.of("email", "li@example.com")))
        .isEqualTo(restored.resolve(RecordKey.of("shop", "1")));
    assertThat(restored.person(restored.resolve(RecordKey.of("shop", "2")).orElseThrow())
        .orElseThrow().identifiers()).isEmpty();
  }

  @Test
  void shouldReadBackAStoreWhoseLinkingValueIsBlockedSince() {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    twoRecordsSharingThePhone(IdentityResolver.builder().store(store).erasureSalt(SALT));

    IdentityResolver restarted = IdentityResolver.builder()
        .types(phoneBlocked()).store(store).erasureSalt(SALT).build();

    assertThat(restarted.stats().people()).isEqualTo(2);
    assertThat(restarted.resolve(Identifier.of("phone", SHARED_PHONE))).isEmpty();
  }

  @Test
  void shouldKeepAcceptingARecordWhoseRemovedLinkIsBlockedSince() throws IOException {
    IdentityResolver resolver = twoRecordsSharingThePhone(IdentityResolver.builder());
    resolver.removeLink(RecordKey.of("shop", "2"), Identifier.of("phone", SHARED_PHONE));
    IdentityResolver restored = IdentityResolver.builder().types(phoneBlocked())
        .restore(new ByteArrayInputStream(snapshotOf(resolver)));

    IngestResult again = restored.ingest(SourceRecord.builder("shop", "2")
        .identifier("phone", SHARED_PHONE).identifier("email", "li@example.com").build());

    assertThat(again.oneId()).isEqualTo(restored.resolve(RecordKey.of("shop", "1")).orElseThrow());
  }

  @Test
  void shouldRefuseToRestoreWithTypesThatDoNotDefineTheTypeOfAStoredIdentifier() {
    IdentityResolver withCards =
        IdentityResolver.builder().types(IdentifierTypes.defaults().with(CARD)).build();
    withCards.ingest(SourceRecord.builder("shop", "1").identifier("card", "C-1").build());
    byte[] snapshot = snapshotOf(withCards);

    assertThatThrownBy(() -> IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read back record shop/1")
        .hasMessageContaining("card=C-1 (unknown-type)")
        .hasMessageContaining("build the resolver with the identifier types it was written with");
  }

  @Test
  void shouldRestoreAHistoryAndDecisionsThatNameATypeNoLongerDefined() throws IOException {
    IdentifierType card = IdentifierType.builder("card").priority(50).build();
    IdentityResolver withCards =
        IdentityResolver.builder().types(IdentifierTypes.defaults().with(card)).build();
    withCards.ingest(SourceRecord.builder("shop", "1")
        .identifier("member_no", "M1").identifier("card", "C-1").build());
    withCards.ingest(SourceRecord.builder("shop", "2")
        .identifier("member_no", "M2").identifier("card", "C-1").build());
    // the card link between two member numbers is refused; then no record holds a card any more
    assertThat(withCards.pendingConflicts()).singleElement()
        .satisfies(conflict -> assertThat(conflict.identifier().type()).isEqualTo("card"));
    withCards.removeRecord(RecordKey.of("shop", "2"));
    withCards.removeLink(RecordKey.of("shop", "1"), Identifier.of("card", "C-1"));

    IdentityResolver restored = IdentityResolver.builder()
        .restore(new ByteArrayInputStream(snapshotOf(withCards)));

    assertThat(restored.resolve(RecordKey.of("shop", "1")))
        .isEqualTo(withCards.resolve(RecordKey.of("shop", "1")));
    assertThat(restored.history(0)).isEqualTo(withCards.history(0));
    IngestResult again = restored.ingest(SourceRecord.builder("shop", "1")
        .identifier("member_no", "M1").identifier("email", "li@example.com").build());
    assertThat(again.oneId()).isEqualTo(withCards.resolve(RecordKey.of("shop", "1")).orElseThrow());
  }
}
