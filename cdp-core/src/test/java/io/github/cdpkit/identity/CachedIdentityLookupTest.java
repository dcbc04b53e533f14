package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.GenericValueDetected;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Split;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachedIdentityLookupTest {

  private static final Instant AT = Instant.parse("2026-11-22T00:00:00Z");
  private static final Identifier PHONE = Identifier.of("phone", "+8613800138000");
  private static final Identifier EMAIL = Identifier.of("email", "li@example.com");

  /** A slow store: a map of assignments that counts how often it is asked. */
  private final Map<Identifier, OneId> assignments = new HashMap<>();
  private final List<Identifier> asked = new ArrayList<>();
  private final CachedIdentityLookup lookup = CachedIdentityLookup.builder(identifier -> {
    asked.add(identifier);
    return Optional.ofNullable(assignments.get(identifier));
  }).build();

  @Test
  void shouldAskTheSourceOnceForAnIdentifierInAnyFormat() {
    assignments.put(PHONE, OneId.of(1));

    assertThat(lookup.resolve(Identifier.of("phone", "138 0013 8000"))).contains(OneId.of(1));
    assertThat(lookup.resolve(PHONE)).contains(OneId.of(1));
    assertThat(asked).containsExactly(PHONE);
  }

  @Test
  void shouldNotCacheAMissSoThatALaterIngestIsFound() {
    assertThat(lookup.resolve(PHONE)).isEmpty();
    assignments.put(PHONE, OneId.of(1));

    assertThat(lookup.resolve(PHONE)).contains(OneId.of(1));
    assertThat(asked).hasSize(2);
  }

  @Test
  void shouldDropTheAnswersOfAbsorbedIdsWhenPeopleMerge() {
    assignments.put(PHONE, OneId.of(1));
    assignments.put(EMAIL, OneId.of(2));
    lookup.resolve(PHONE);
    lookup.resolve(EMAIL);
    assignments.put(EMAIL, OneId.of(1));

    lookup.onEvent(new Merged(1, AT, OneId.of(1), List.of(OneId.of(2)), false));

    assertThat(lookup.resolve(EMAIL)).contains(OneId.of(1));
    assertThat(lookup.resolve(PHONE)).contains(OneId.of(1));
    assertThat(asked).containsExactly(PHONE, EMAIL, EMAIL);
  }

  @Test
  void shouldDropTheAnswersOfASplitPersonAndOfAnErasedOneWithItsAliases() {
    assignments.put(PHONE, OneId.of(1));
    assignments.put(EMAIL, OneId.of(3));
    lookup.resolve(PHONE);
    lookup.resolve(EMAIL);

    lookup.onEvent(new Split(1, AT, OneId.of(1), List.of(OneId.of(1), OneId.of(2)), "test"));
    lookup.onEvent(new Erased(2, AT, OneId.of(4), List.of(OneId.of(3)), 1, 1));
    assignments.clear();

    assertThat(lookup.resolve(PHONE)).isEmpty();
    assertThat(lookup.resolve(EMAIL)).isEmpty();
    assertThat(lookup.estimatedSize()).isZero();
  }

  @Test
  void shouldDropTheAnswersOfAPersonWhenOneOfItsRecordsIsRemoved() {
    assignments.put(PHONE, OneId.of(1));
    assignments.put(EMAIL, OneId.of(2));
    lookup.resolve(PHONE);
    lookup.resolve(EMAIL);
    assignments.remove(PHONE);

    lookup.onEvent(new RecordRemoved(1, AT, RecordKey.of("pos", "p-1"), OneId.of(1)));

    assertThat(lookup.resolve(PHONE)).isEmpty();
    assertThat(lookup.resolve(EMAIL)).contains(OneId.of(2));
    assertThat(asked).containsExactly(PHONE, EMAIL, PHONE);
  }

  @Test
  void shouldDropAValueFoundGeneric() {
    assignments.put(PHONE, OneId.of(1));
    lookup.resolve(PHONE);
    assignments.clear();

    lookup.onEvent(new GenericValueDetected(1, AT, PHONE, 101, 100));

    assertThat(lookup.resolve(PHONE)).isEmpty();
  }

  @Test
  void shouldDropTheAnswerOfAnIdentifierTakenOutOfARecordAndNoOther() {
    assignments.put(PHONE, OneId.of(1));
    assignments.put(EMAIL, OneId.of(1));
    lookup.resolve(PHONE);
    lookup.resolve(EMAIL);
    assignments.remove(PHONE);

    lookup.onEvent(new LinkRemoved(1, AT, RecordKey.of("pos", "p-1"), PHONE, OneId.of(1)));

    assertThat(lookup.resolve(PHONE)).isEmpty();
    assertThat(lookup.resolve(EMAIL)).contains(OneId.of(1));
    assertThat(asked).containsExactly(PHONE, EMAIL, PHONE);
  }

  @Test
  void shouldNotAnswerForALinkTheResolverNoLongerHolds() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    CachedIdentityLookup cached = CachedIdentityLookup.builder(resolver::resolve).build();
    resolver.addListener(cached);
    OneId li = resolver.ingest(SourceRecord.builder("A", "1").identifier("phone", "13800138000")
        .identifier("email", "li@example.com").build()).oneId();
    assertThat(cached.resolve(PHONE)).contains(li);

    // The person keeps its email and does not split: only the removed link tells the cache.
    resolver.removeLink(RecordKey.of("A", "1"), PHONE);

    assertThat(resolver.resolve(PHONE)).isEmpty();
    assertThat(cached.resolve(PHONE)).isEmpty();
    assertThat(cached.resolve(EMAIL)).contains(li);
  }

  @Test
  void shouldStayWithinItsBound() {
    CachedIdentityLookup small = CachedIdentityLookup.builder(id -> Optional.of(OneId.of(7)))
        .maximumSize(10).build();
    for (int i = 0; i < 200; i++) {
      small.resolve(Identifier.of("email", "u" + i + "@example.com"));
    }

    assertThat(small.estimatedSize()).isLessThanOrEqualTo(10);
  }

  @Test
  void shouldSkipJunkAndRefuseInvalidIdentifiersWithoutAskingTheSource() {
    assertThat(lookup.resolve(Identifier.of("phone", "00000000000"))).isEmpty();
    assertThatThrownBy(() -> lookup.resolve(Identifier.of("fax", "1")))
        .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("unknown-type");
    assertThatThrownBy(() -> CachedIdentityLookup.builder(id -> Optional.empty()).maximumSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumSize must be at least 1: 0");
    assertThat(asked).isEmpty();
  }

  @Test
  void shouldFollowAResolverItListensTo() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    List<Identifier> slowCalls = new ArrayList<>();
    CachedIdentityLookup cached = CachedIdentityLookup.builder(identifier -> {
      slowCalls.add(identifier);
      return resolver.resolve(identifier);
    }).build();
    resolver.addListener(cached);
    OneId first = resolver.ingest(SourceRecord.builder("A", "1")
        .identifier("phone", "13800138000").build()).oneId();
    OneId second = resolver.ingest(SourceRecord.builder("B", "1")
        .identifier("email", "li@example.com").build()).oneId();
    assertThat(cached.resolve(EMAIL)).contains(second);

    resolver.ingest(SourceRecord.builder("C", "1").identifier("phone", "13800138000")
        .identifier("email", "li@example.com").build());

    assertThat(cached.resolve(EMAIL)).contains(first);
    assertThat(cached.resolve(EMAIL)).contains(first);
    assertThat(slowCalls).containsExactly(EMAIL, EMAIL);
  }

  @Test
  void shouldFollowAnIdentifierThatAGuardLeftWithSeveralPeopleWhenARecordWithASmallerKeyTakesIt() {
    // The answer for an identifier held by several people is the person of its holder with the
    // smallest record key: a new record can change it with no Merged or Split naming the person
    // the cache kept.
    IdentityResolver resolver = IdentityResolver.builder().build();
    CachedIdentityLookup cached = CachedIdentityLookup.builder(resolver::resolve).build();
    resolver.addListener(cached);
    Identifier shared = Identifier.of("email", "shared@example.com");
    resolver.ingest(SourceRecord.builder("B", "1").identifier("member_no", "M1")
        .identifier("email", "shared@example.com").build());
    assertThat(cached.resolve(shared)).contains(OneId.of(1));

    // A/1, a new person (a second member number), holds the e-mail too: a Conflict, no merge.
    OneId second = resolver.ingest(SourceRecord.builder("A", "1").identifier("member_no", "M2")
        .identifier("email", "shared@example.com").build()).oneId();

    assertThat(resolver.resolve(shared)).contains(second);
    assertThat(cached.resolve(shared)).contains(second);
  }

  @Test
  void shouldFollowAContestedIdentifierWhenItsAnswerChangesWithoutAnyEvent() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    CachedIdentityLookup cached = CachedIdentityLookup.builder(resolver::resolve).build();
    resolver.addListener(cached);
    Identifier shared = Identifier.of("email", "shared@example.com");
    OneId first = resolver.ingest(SourceRecord.builder("B", "1").identifier("member_no", "M1")
        .identifier("email", "shared@example.com").build()).oneId();
    OneId second = resolver.ingest(SourceRecord.builder("C", "1").identifier("member_no", "M2")
        .identifier("phone", "13900000001").build()).oneId();
    // D/1 joins the second person and brings the e-mail: refused between the two, kept by B/1.
    resolver.ingest(SourceRecord.builder("D", "1").identifier("member_no", "M2")
        .identifier("email", "shared@example.com").build());
    assertThat(cached.resolve(shared)).contains(first);
    long events = resolver.history(0).size();

    // A/1 joins the second person through the phone: the same refusal, pending already, so no
    // event at all; A/1 is now the e-mail's holder with the smallest key.
    IngestResult joined = resolver.ingest(SourceRecord.builder("A", "1")
        .identifier("phone", "13900000001").identifier("email", "shared@example.com").build());

    assertThat(joined.outcome()).isEqualTo(IngestResult.Outcome.JOINED);
    assertThat(resolver.history(0)).hasSize((int) events);
    assertThat(resolver.resolve(shared)).contains(second);
    assertThat(cached.resolve(shared)).contains(second);
  }
}
