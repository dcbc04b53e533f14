package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.IngestResult.Outcome;
import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.ConflictDismissed;
import io.github.cdpkit.identity.event.ConflictRule;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Redacted;
import io.github.cdpkit.identity.event.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class IdentityResolverTest {

  private final List<IdentityEvent> events = new ArrayList<>();
  private final IdentityResolver resolver =
      IdentityResolver.builder().listener(events::add).build();

  private static SourceRecord record(String source, String id, Identifier... identifiers) {
    SourceRecord.Builder builder = SourceRecord.builder(source, id);
    for (Identifier identifier : identifiers) {
      builder.identifier(identifier);
    }
    return builder.build();
  }

  private static Identifier phone(String value) {
    return Identifier.of("phone", value);
  }

  private static Identifier email(String value) {
    return Identifier.of("email", value);
  }

  private static Identifier device(String value) {
    return Identifier.of("device_id", value);
  }

  private static Identifier member(String value) {
    return Identifier.of("member_no", value);
  }

  private static Identifier openId(String value) {
    return Identifier.of("wechat_openid", "wxapp1", value);
  }

  @Test
  void shouldResolveTheDomainExampleIntoOnePersonHoldingPhoneEmailAndOpenId() {
    IngestResult a = resolver.ingest(
        record("A", "1", phone("138 0013 8000"), device("6F1C2A3B0D4E4F5A")));
    IngestResult b = resolver.ingest(
        record("B", "1", email("li.lei@example.com"), device("6f1c2a3b0d4e4f5a")));
    IngestResult c = resolver.ingest(
        record("C", "1", email("Li.Lei@Example.com"), openId("oAbC123")));

    assertThat(a.outcome()).isEqualTo(Outcome.NEW_PERSON);
    assertThat(b.outcome()).isEqualTo(Outcome.JOINED);
    assertThat(c.outcome()).isEqualTo(Outcome.JOINED);
    assertThat(List.of(b.oneId(), c.oneId())).containsOnly(a.oneId());
    Person person = resolver.person(a.oneId()).orElseThrow();
    assertThat(person.records()).containsExactly(
        RecordKey.of("A", "1"), RecordKey.of("B", "1"), RecordKey.of("C", "1"));
    assertThat(person.identifiers()).contains(
        Identifier.of("phone", "+8613800138000"),
        Identifier.of("email", "li.lei@example.com"),
        Identifier.of("wechat_openid", "wxapp1", "oAbC123"));
    assertThat(resolver.resolve(phone("+86 13800138000"))).contains(a.oneId());
  }

  @Test
  void shouldTellWhichRecordBroughtWhichIdentifierWithoutRemovedLinksOrGenericValues() {
    resolver.ingest(record("A", "1", phone("138 0013 8000"), device("6F1C2A3B0D4E4F5A")));
    resolver.ingest(record("B", "1", email("Li.Lei@Example.com"), device("6f1c2a3b0d4e4f5a"),
        phone("13900139000")));
    resolver.ingest(record("C", "1", email("li.lei@example.com"), phone("00000000000")));
    resolver.removeLink(RecordKey.of("B", "1"), phone("13900139000"));

    assertThat(resolver.identifiersOf(RecordKey.of("A", "1"))).contains(List.of(
        Identifier.of("phone", "+8613800138000"), device("6F1C2A3B0D4E4F5A")));
    assertThat(resolver.identifiersOf(RecordKey.of("B", "1"))).contains(List.of(
        Identifier.of("email", "li.lei@example.com"), device("6F1C2A3B0D4E4F5A")));
    // The junk phone linked nothing and is not the record's.
    assertThat(resolver.identifiersOf(RecordKey.of("C", "1"))).contains(List.of(
        Identifier.of("email", "li.lei@example.com")));
    assertThat(resolver.identifiersOf(RecordKey.of("C", "2"))).isEmpty();
    assertThatThrownBy(() -> resolver.identifiersOf(null)).hasMessage("record");

    IdentityResolver strict = IdentityResolver.builder().genericThreshold(2).build();
    strict.ingest(record("pos", "c0", phone("13800138999"), email("c0@x.com")));
    strict.ingest(record("pos", "c1", phone("13800138999"), email("c1@x.com")));
    strict.ingest(record("pos", "c2", phone("13800138999"), email("c2@x.com")));
    assertThat(strict.identifiersOf(RecordKey.of("pos", "c0"))).contains(List.of(
        Identifier.of("email", "c0@x.com")));
  }

  @Test
  void shouldNormaliseAnIdentifierAsTheTypesDoAndRefuseAnInvalidOne() {
    assertThat(resolver.normalize(phone("138 0013 8000")))
        .contains(Identifier.of("phone", "+8613800138000"));
    assertThat(resolver.normalize(openId("oAbC123"))).contains(openId("oAbC123"));
    assertThat(resolver.normalize(phone("00000000000"))).isEmpty();
    assertThatThrownBy(() -> resolver.normalize(Identifier.of("shoe_size", "42")))
        .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("shoe_size");
    assertThat(resolver.stats().identifiers()).isZero();
  }

  @Test
  void shouldMergeIntoTheEarliestPersonAndKeepTheAbsorbedIdAsAlias() {
    OneId first = resolver.ingest(record("A", "1", phone("13800138000"))).oneId();
    OneId second = resolver.ingest(record("B", "1", email("x@example.com"))).oneId();
    IngestResult bridge =
        resolver.ingest(record("C", "1", phone("13800138000"), email("x@example.com")));

    assertThat(bridge.outcome()).isEqualTo(Outcome.MERGED);
    assertThat(bridge.oneId()).isEqualTo(first);
    assertThat(bridge.absorbed()).containsExactly(second);
    assertThat(resolver.current(second)).contains(first);
    assertThat(resolver.person(second).orElseThrow().aliases()).containsExactly(second);
    assertThat(events).singleElement().isInstanceOfSatisfying(Merged.class, merged -> {
      assertThat(merged.survivor()).isEqualTo(first);
      assertThat(merged.absorbed()).containsExactly(second);
      assertThat(merged.manual()).isFalse();
    });
  }

  @Test
  void shouldMergeTwelvePeopleThroughOneRecordThatHoldsTheirDevicesAndTwelveNewOpenIds() {
    // More identifiers and more people than a record usually brings: the linking's scratch grows.
    List<OneId> people = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      people.add(resolver.ingest(record("app", "d" + i, device("DEVICE-" + (1000 + i)))).oneId());
    }
    SourceRecord.Builder hub = SourceRecord.builder("pos", "hub");
    for (int i = 0; i < 12; i++) {
      hub.identifier(device("DEVICE-" + (1000 + i))).identifier(openId("oHub" + i));
    }

    IngestResult merged = resolver.ingest(hub.build());
    IngestResult after = resolver.ingest(record("web", "1", openId("oHub11")));
    IngestResult alone = resolver.ingest(record("web", "2", email("alone@example.com")));

    assertThat(merged.outcome()).isEqualTo(Outcome.MERGED);
    assertThat(merged.oneId()).isEqualTo(people.get(0));
    assertThat(merged.absorbed()).containsExactlyElementsOf(people.subList(1, 12));
    assertThat(resolver.person(people.get(0)).orElseThrow().identifiers()).hasSize(24);
    assertThat(after.outcome()).isEqualTo(Outcome.JOINED);
    assertThat(after.oneId()).isEqualTo(people.get(0));
    assertThat(alone.outcome()).isEqualTo(Outcome.NEW_PERSON);
  }

  @Test
  void shouldRefuseAFamilyPhoneJoiningTwoPeopleWithDifferentMemberNumbers() {
    OneId mother = resolver.ingest(record("pos", "1", member("M1"), phone("13800138001"))).oneId();
    IngestResult child = resolver.ingest(record("app", "2", member("M2"), phone("13800138001")));

    assertThat(child.oneId()).isNotEqualTo(mother);
    assertThat(resolver.pendingConflicts()).singleElement().satisfies(conflict -> {
      assertThat(conflict.rule()).isEqualTo(ConflictRule.PROFILE_LIMIT);
      assertThat(conflict.identifier()).isEqualTo(Identifier.of("phone", "+8613800138001"));
      assertThat(List.of(conflict.left(), conflict.right()))
          .containsExactlyInAnyOrder(mother, child.oneId());
      assertThat(conflict.detail()).isEqualTo("member_no allows 1 per person");
    });
    assertThat(events).filteredOn(Conflict.class::isInstance).hasSize(1);
  }

  @Test
  void shouldJoinTheRecordToThePersonItsHighestPriorityIdentifierPointsTo() {
    OneId holder = resolver.ingest(record("pos", "1", member("M1"))).oneId();
    OneId other = resolver.ingest(record("pos", "2", member("M2"), phone("13800138002"))).oneId();
    IngestResult late = resolver.ingest(record("app", "3", member("M1"), phone("13800138002")));

    assertThat(late.oneId()).isEqualTo(holder);
    assertThat(resolver.resolve(RecordKey.of("pos", "2"))).contains(other);
  }

  @Test
  void shouldPreferAStrongLinkOverAWeakOneOfTheSamePriority() {
    IdentityResolver resolver = IdentityResolver.builder().types(IdentifierTypes.of(List.of(
        IdentifierType.builder("card").maxPerPerson(1).priority(100).build(),
        IdentifierType.builder("cookie").strength(Strength.WEAK).priority(10).build(),
        IdentifierType.builder("login").strength(Strength.STRONG).priority(10).build()))).build();
    OneId cookieSide = resolver.ingest(SourceRecord.builder("web", "1").identifier("card", "C1")
        .identifier("cookie", "K").build()).oneId();
    OneId loginSide = resolver.ingest(SourceRecord.builder("app", "1").identifier("card", "C2")
        .identifier("login", "L").build()).oneId();

    IngestResult both = resolver.ingest(SourceRecord.builder("pos", "1")
        .identifier("cookie", "K").identifier("login", "L").build());

    assertThat(both.oneId()).isEqualTo(loginSide).isNotEqualTo(cookieSide);
    assertThat(resolver.pendingConflicts()).singleElement()
        .satisfies(conflict -> assertThat(conflict.identifier().type()).isEqualTo("cookie"));
  }

  @Test
  void shouldNotLinkBlockedJunkValues() {
    IngestResult a = resolver.ingest(record("A", "1", phone("00000000000"), email("a@x.com")));
    IngestResult b = resolver.ingest(record("B", "1", phone("00000000000"), email("null@null.com")));

    assertThat(a.oneId()).isNotEqualTo(b.oneId());
    assertThat(a.ignored()).containsExactly(phone("00000000000"));
    assertThat(b.ignored()).containsExactly(phone("00000000000"), email("null@null.com"));
    assertThat(resolver.resolve(phone("00000000000"))).isEmpty();
  }

  @Test
  void shouldRefuseAPhoneLinkThatWouldGiveOnePersonMoreThanThreePhones() {
    OneId first = resolver.ingest(record("A", "1", phone("13800000001"), phone("13800000002")))
        .oneId();
    resolver.ingest(record("A", "2", phone("13800000002"), phone("13800000003")));
    IngestResult third = resolver.ingest(record("A", "3", phone("13800000003"),
        phone("13800000004")));

    assertThat(resolver.resolve(RecordKey.of("A", "2"))).contains(first);
    assertThat(third.oneId()).isNotEqualTo(first);
    assertThat(resolver.person(first).orElseThrow().identifiers()).hasSize(3);
    assertThat(resolver.pendingConflicts()).singleElement().satisfies(conflict -> {
      assertThat(conflict.identifier()).isEqualTo(Identifier.of("phone", "+8613800000003"));
      assertThat(conflict.detail()).isEqualTo("phone allows 3 per person");
    });
  }

  @Test
  void shouldLetAHigherPriorityLinkOutweighALowerPriorityLimit() {
    OneId person = resolver.ingest(record("A", "1", member("M9"), phone("13800000001"))).oneId();
    for (int i = 2; i <= 5; i++) {
      resolver.ingest(record("A", "r" + i, member("M9"), phone("1380000000" + i)));
    }
    IngestResult stranger = resolver.ingest(record("B", "1", phone("13800000001")));
    IngestResult newcomer = resolver.ingest(record("B", "2", phone("13800000001"),
        phone("13900000001")));

    assertThat(resolver.person(person).orElseThrow().records()).hasSize(6);
    assertThat(stranger.oneId()).isEqualTo(person);
    assertThat(newcomer.oneId()).isNotEqualTo(person);
    assertThat(resolver.pendingConflicts()).extracting(Conflict::detail)
        .containsExactly("phone allows 3 per person");
  }

  @Test
  void shouldDetectAGenericValueAndStopItLinking() {
    IdentityResolver strict = IdentityResolver.builder().genericThreshold(3)
        .listener(events::add).build();
    for (int i = 0; i < 3; i++) {
      strict.ingest(record("pos", "c" + i, phone("13800138999"), email("c" + i + "@x.com")));
    }
    assertThat(strict.stats().people()).isEqualTo(1);

    strict.ingest(record("pos", "c3", phone("13800138999")));

    assertThat(strict.stats().people()).isEqualTo(4);
    assertThat(strict.resolve(phone("13800138999"))).isEmpty();
    assertThat(events).hasExactlyElementsOfTypes(
        io.github.cdpkit.identity.event.GenericValueDetected.class,
        io.github.cdpkit.identity.event.Split.class);
  }

  @Test
  void shouldRejectUnknownTypesEmptyValuesAndMalformedPhonesLeavingTheGraphUnchanged() {
    resolver.ingest(record("A", "1", phone("13800138000")));
    IdentityStats before = resolver.stats();

    assertThatThrownBy(() -> resolver.ingest(record("A", "2", Identifier.of("fax", "1"))))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining("fax=1").hasMessageContaining("unknown-type");
    assertThatThrownBy(() -> resolver.ingest(record("A", "3", email("  "))))
        .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("empty-value");
    assertThatThrownBy(() -> resolver.ingest(record("A", "4", phone("138-CALL-ME"))))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining("138-CALL-ME").hasMessageContaining("phone-format");
    assertThatThrownBy(() -> resolver.ingest(
        record("A", "5", Identifier.of("wechat_openid", "oAbC"))))
        .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("namespace-required");
    assertThatThrownBy(() -> resolver.ingestAll(List.of(
        record("A", "6", phone("13800138006")), record("A", "7", phone("not a phone")))))
        .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("not a phone");
    assertThatThrownBy(() -> resolver.ingest(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("record");
    // Each argument named, not a JDK internal's variable (a helper's hunt).
    OneId nobody = null;
    Identifier none = null;
    assertThatThrownBy(() -> resolver.ingestAll(null)).hasMessage("batch");
    assertThatThrownBy(() -> resolver.current(nobody)).hasMessage("oneId");
    assertThatThrownBy(() -> resolver.person(nobody)).hasMessage("oneId");
    assertThatThrownBy(() -> resolver.explain(none, phone("13800138006"))).hasMessage("from");
    assertThatThrownBy(() -> resolver.explain(phone("13800138006"), none)).hasMessage("to");
    assertThatThrownBy(() -> resolver.addListener(null)).hasMessage("listener");
    assertThatThrownBy(() -> resolver.removeListener(null)).hasMessage("listener");
    assertThatThrownBy(() -> resolver.snapshot(null)).hasMessage("out");

    assertThat(resolver.stats()).isEqualTo(before);
    assertThat(resolver.resolve(RecordKey.of("A", "6"))).isEmpty();
  }

  @Test
  void shouldAddNewEvidenceWhenARecordIsIngestedAgain() {
    OneId first = resolver.ingest(record("A", "1", phone("13800138000"))).oneId();
    OneId second = resolver.ingest(record("B", "1", email("b@example.com"))).oneId();

    IngestResult again = resolver.ingest(record("A", "1", email("b@example.com")));

    assertThat(again.outcome()).isEqualTo(Outcome.MERGED);
    assertThat(again.oneId()).isEqualTo(first);
    assertThat(again.absorbed()).containsExactly(second);
    assertThat(resolver.ingest(record("A", "1", phone("13800138000"))).outcome())
        .isEqualTo(Outcome.UPDATED);
  }

  @Test
  void shouldMergeByHandAndKeepTheMergeThroughLaterEvidence() {
    OneId a = resolver.ingest(record("A", "1", member("M1"))).oneId();
    OneId b = resolver.ingest(record("B", "1", member("M2"))).oneId();

    assertThat(resolver.merge(b, a)).isEqualTo(a);
    resolver.ingest(record("C", "1", member("M2"), email("c@example.com")));

    assertThat(resolver.resolve(email("c@example.com"))).contains(a);
    assertThat(events).filteredOn(Merged.class::isInstance).singleElement()
        .satisfies(event -> assertThat(((Merged) event).manual()).isTrue());
    assertThat(resolver.explain(member("M1"), member("M2")).orElseThrow().links())
        .singleElement().satisfies(link -> assertThat(link.shared()).isNull());
  }

  @Test
  void shouldSplitPeopleDeclaredNeverToMergeAndRefuseToMergeThemByHand() {
    OneId a = resolver.ingest(record("A", "1", phone("13800138000"))).oneId();
    OneId b = resolver.ingest(record("B", "1", email("b@example.com"))).oneId();
    resolver.ingest(record("C", "1", phone("13800138000"), email("b@example.com")));
    assertThat(resolver.current(b)).contains(a);

    resolver.neverMerge(a, b);

    assertThat(resolver.current(b)).contains(b);
    assertThat(resolver.current(a)).contains(a);
    assertThatThrownBy(() -> resolver.merge(a, b)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never to merge");
    assertThat(resolver.pendingConflicts()).extracting(Conflict::rule)
        .containsOnly(ConflictRule.NEVER_MERGE);
  }

  @Test
  void shouldNameTheSmallestBlockingDeclarationWhenAMergeIsRefusedLiveAndAfterARestore()
      throws java.io.IOException {
    // Two people, A/1 C/1 G/1 H/1 and B/1 D/1 E/1 F/1, ingested in another order than their
    // keys', with the never-merge declarations B/1 / G/1 and A/1 / E/1 between them.
    OneId e = resolver.ingest(record("E", "1", phone("13800000004"))).oneId();
    OneId a = resolver.ingest(record("A", "1", phone("13800000003"))).oneId();
    OneId g = resolver.ingest(record("G", "1", phone("13800000001"))).oneId();
    OneId b = resolver.ingest(record("B", "1", phone("13800000002"))).oneId();
    resolver.ingest(record("H", "1", phone("13800000001"), email("one@example.com")));
    resolver.ingest(record("C", "1", phone("13800000003"), email("one@example.com")));
    resolver.ingest(record("D", "1", phone("13800000002"), email("two@example.com")));
    resolver.ingest(record("F", "1", phone("13800000004"), email("two@example.com")));
    resolver.neverMerge(g, b);
    resolver.neverMerge(a, e);
    assertThat(resolver.current(g)).contains(a);
    assertThat(resolver.current(b)).contains(e);
    String expected = "cannot merge " + a + " and " + e + ": declared never to merge (A/1 / E/1)";
    java.io.ByteArrayOutputStream snapshot = new java.io.ByteArrayOutputStream();
    resolver.snapshot(snapshot);
    IdentityResolver restored = IdentityResolver.builder()
        .restore(new java.io.ByteArrayInputStream(snapshot.toByteArray()));

    // Live it named B/1 / G/1, met first in ingest order; restored, A/1 / E/1, first in key order.
    assertThatThrownBy(() -> resolver.merge(a, e)).isInstanceOf(IllegalStateException.class)
        .hasMessage(expected);
    assertThatThrownBy(() -> restored.merge(a, e)).isInstanceOf(IllegalStateException.class)
        .hasMessage(expected);
  }

  @Test
  void shouldSplitByRemovingTheBridgingRecordAndGiveThePartsTheirEarlierIds() {
    OneId a = resolver.ingest(record("A", "1", phone("13800138000"))).oneId();
    OneId b = resolver.ingest(record("B", "1", email("b@example.com"))).oneId();
    resolver.ingest(record("C", "1", phone("13800138000"), email("b@example.com")));

    List<OneId> parts = resolver.removeRecord(RecordKey.of("C", "1"));

    assertThat(parts).containsExactly(a, b);
    assertThat(resolver.resolve(RecordKey.of("C", "1"))).isEmpty();
    assertThatThrownBy(() -> resolver.removeRecord(RecordKey.of("C", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown record: C/1");
  }

  @Test
  void shouldKeepTheIdWhenTheFoundingRecordIsRemoved() {
    OneId a = resolver.ingest(record("A", "1", phone("13800138000"))).oneId();
    resolver.ingest(record("B", "1", phone("13800138000")));

    assertThat(resolver.removeRecord(RecordKey.of("A", "1"))).containsExactly(a);
    assertThat(resolver.resolve(RecordKey.of("B", "1"))).contains(a);
  }

  @Test
  void shouldRemoveALinkAndKeepItRemovedWhenTheRecordComesAgain() {
    OneId a = resolver.ingest(record("A", "1", phone("13800138000"))).oneId();
    resolver.ingest(record("B", "1", phone("13800138000"), email("b@example.com")));

    List<OneId> parts = resolver.removeLink(RecordKey.of("B", "1"), phone("13800138000"));
    IngestResult again = resolver.ingest(record("B", "1", phone("13800138000")));

    assertThat(parts).hasSize(2).contains(a);
    assertThat(again.ignored()).containsExactly(phone("13800138000"));
    assertThat(resolver.resolve(RecordKey.of("B", "1"))).isNotEqualTo(resolver.resolve(
        RecordKey.of("A", "1")));
  }

  @Test
  void shouldEraseAPersonLeaveTheRestCorrectAndRefuseAReplay() {
    OneId erased = resolver.ingest(record("A", "1", phone("13800138000"), email("e@x.com")))
        .oneId();
    resolver.ingest(record("B", "1", email("e@x.com")));
    OneId kept = resolver.ingest(record("C", "1", phone("13900139000"))).oneId();

    var event = resolver.erase(erased);

    assertThat(event.records()).isEqualTo(2);
    assertThat(event.identifiers()).isEqualTo(2);
    assertThat(resolver.resolve(phone("13800138000"))).isEmpty();
    assertThat(resolver.current(erased)).isEmpty();
    assertThat(resolver.resolve(RecordKey.of("C", "1"))).contains(kept);
    assertThat(resolver.stats().records()).isEqualTo(1);
    IngestResult replay = resolver.ingest(record("D", "9", email("E@x.com")));
    assertThat(replay.outcome()).isEqualTo(Outcome.REFUSED_ERASED);
    assertThat(replay.oneId()).isNull();
    assertThat(resolver.stats().records()).isEqualTo(1);
    assertThat(events).last()
        .isInstanceOf(io.github.cdpkit.identity.event.ErasedReplayRefused.class);
  }

  @Test
  void shouldKeepAValueOthersHoldTooWhenErasingOneOfItsHolders() {
    IdentityResolver generic = IdentityResolver.builder().genericThreshold(2).build();
    // A store's counter phone, generic once three people hold it.
    OneId erased = generic.ingest(record("A", "1", phone("13800138000"), email("a@x.com")))
        .oneId();
    generic.ingest(record("B", "1", phone("13800138000"), email("b@x.com")));
    generic.ingest(record("C", "1", phone("13800138000"), email("c@x.com")));
    // A family's phone, shared by two people that their member numbers keep apart.
    generic.ingest(record("E", "1", phone("13900139000"), member("M1")));
    OneId family = generic.ingest(record("F", "1", phone("13900139000"), member("M2"))).oneId();

    assertThat(generic.erase(erased).identifiers()).isEqualTo(1);
    OneId brother = generic.resolve(RecordKey.of("E", "1")).orElseThrow();
    assertThat(generic.erase(brother).identifiers()).isEqualTo(1);

    assertThat(generic.ingest(record("D", "1", phone("13800138000"), email("d@x.com"))).outcome())
        .isEqualTo(Outcome.NEW_PERSON);
    assertThat(generic.resolve(phone("13900139000"))).contains(family);
    assertThat(generic.ingest(record("G", "1", phone("13900139000"))).oneId()).isEqualTo(family);
    assertThat(generic.ingest(record("H", "1", email("a@x.com"))).outcome())
        .isEqualTo(Outcome.REFUSED_ERASED);
    assertThat(generic.ingest(record("A", "1", email("new@x.com"))).outcome())
        .isEqualTo(Outcome.REFUSED_ERASED);
  }

  @Test
  void shouldLeaveNoneOfAnErasedPersonsValuesOrRecordKeysInTheHistory() {
    IdentityResolver generic = IdentityResolver.builder().genericThreshold(2).build();
    OneId erased = generic.ingest(record("tmall", "u1", phone("13700137000"), member("M1"),
        email("own@x.com"))).oneId();
    generic.ingest(record("jd", "u2", phone("13700137000"), member("M2")));
    generic.ingest(record("app", "u3", device("6F1C2A3B0D4E4F5A"), email("own@x.com")));
    generic.ingest(record("pos", "u4", device("6F1C2A3B0D4E4F5A")));
    generic.ingest(record("pos", "u5", device("6F1C2A3B0D4E4F5A")));
    assertThat(generic.history(0)).anySatisfy(event -> assertThat(event).isInstanceOf(
        Conflict.class));
    long before = generic.history(0).size();

    generic.erase(erased);

    List<IdentityEvent> history = generic.history(0);
    assertThat(history).hasSize((int) before + 1);
    assertThat(history).noneSatisfy(event -> assertThat(event).isInstanceOf(Conflict.class));
    assertThat(history).filteredOn(Redacted.class::isInstance).isNotEmpty()
        .allSatisfy(event -> assertThat(((Redacted) event).erased()).isEqualTo(erased));
    assertThat(history.toString())
        .doesNotContain("own@x.com", "M1", "tmall/u1", "app/u3")
        .contains("6F1C2A3B0D4E4F5A");
  }

  @Test
  void shouldRestoreTheRedactedHistoryWhenASnapshotIsReadBack() throws Exception {
    resolver.ingest(record("A", "1", phone("13800138000"), member("M1")));
    OneId kept = resolver.ingest(record("B", "1", phone("13800138000"), member("M2"))).oneId();
    resolver.ingest(record("C", "1", member("M2")));
    resolver.removeRecord(RecordKey.of("C", "1"));
    resolver.erase(resolver.resolve(RecordKey.of("A", "1")).orElseThrow());
    java.io.ByteArrayOutputStream snapshot = new java.io.ByteArrayOutputStream();
    resolver.snapshot(snapshot);

    IdentityResolver restored = IdentityResolver.builder()
        .restore(new java.io.ByteArrayInputStream(snapshot.toByteArray()));

    assertThat(restored.history(0)).isEqualTo(resolver.history(0));
    assertThat(restored.history(0)).anySatisfy(event ->
        assertThat(event).isInstanceOf(Redacted.class));
    assertThat(restored.history(0)).anySatisfy(event ->
        assertThat(event).isInstanceOf(RecordRemoved.class));
    assertThat(restored.pendingConflicts()).isEmpty();
    assertThat(restored.resolve(phone("13800138000"))).contains(kept);
  }

  @Test
  void shouldReportARemovedRecordWhetherOrNotItsPersonSplits() {
    OneId li = resolver.ingest(record("A", "1", phone("13800138000"), email("li@x.com"))).oneId();
    resolver.ingest(record("B", "1", phone("13800138000")));
    resolver.ingest(record("C", "1", email("li@x.com")));
    resolver.ingest(record("D", "1", email("li@x.com")));
    events.clear();

    resolver.removeRecord(RecordKey.of("D", "1"));
    assertThat(events).singleElement().isInstanceOfSatisfying(RecordRemoved.class, removed -> {
      assertThat(removed.record()).isEqualTo(RecordKey.of("D", "1"));
      assertThat(removed.person()).isEqualTo(li);
    });

    events.clear();
    resolver.removeRecord(RecordKey.of("A", "1"));
    assertThat(events).first().isInstanceOfSatisfying(RecordRemoved.class, removed ->
        assertThat(removed.record()).isEqualTo(RecordKey.of("A", "1")));
    assertThat(events).hasSize(2).last().isInstanceOf(Split.class);
    assertThat(resolver.history(0)).containsSubsequence(events);
  }

  @Test
  void shouldRedactTheRemovalsOfAnErasedPersonsRecords() {
    OneId li = resolver.ingest(record("A", "1", phone("13800138000"))).oneId();
    resolver.ingest(record("B", "1", phone("13800138000")));
    resolver.removeRecord(RecordKey.of("B", "1"));

    resolver.erase(li);

    assertThat(resolver.history(0)).noneSatisfy(event ->
        assertThat(event).isInstanceOf(RecordRemoved.class));
    assertThat(resolver.history(0).toString()).doesNotContain("B/1", "A/1");
  }

  private static final String IDFA = "IDFA0001AAAA";

  @Test
  void shouldReportARemovedLinkWhetherOrNotItsPersonSplits() {
    OneId li = resolver.ingest(record("A", "1", phone("13800138000"), email("li@x.com"))).oneId();
    resolver.ingest(record("B", "1", email("li@x.com"), device(IDFA)));
    events.clear();

    // B keeps li@x.com with A: nobody splits, and only the removal is reported.
    resolver.removeLink(RecordKey.of("B", "1"), device(IDFA.toLowerCase(Locale.ROOT)));
    assertThat(events).singleElement().isInstanceOfSatisfying(LinkRemoved.class, removed -> {
      assertThat(removed.record()).isEqualTo(RecordKey.of("B", "1"));
      assertThat(removed.identifier()).isEqualTo(device(IDFA));
      assertThat(removed.person()).isEqualTo(li);
    });

    events.clear();
    resolver.removeLink(RecordKey.of("B", "1"), email("LI@x.com"));
    assertThat(events).first().isInstanceOfSatisfying(LinkRemoved.class, removed -> {
      assertThat(removed.identifier()).isEqualTo(email("li@x.com"));
      assertThat(removed.person()).isEqualTo(li);
    });
    assertThat(events).hasSize(2).last().isInstanceOf(Split.class);
    assertThat(resolver.history(0)).containsSubsequence(events);
  }

  @Test
  void shouldRedactTheRemovedLinksOfAnErasedPersonAndKeepThemThroughASnapshot() throws Exception {
    OneId li = resolver.ingest(record("A", "1", phone("13800138000"), email("li@x.com"))).oneId();
    resolver.ingest(record("B", "1", email("li@x.com"), device(IDFA)));
    resolver.ingest(record("C", "1", phone("13900139000"), email("wang@x.com")));
    resolver.removeLink(RecordKey.of("B", "1"), device(IDFA));
    resolver.removeLink(RecordKey.of("C", "1"), email("wang@x.com"));
    java.io.ByteArrayOutputStream before = new java.io.ByteArrayOutputStream();
    resolver.snapshot(before);
    IdentityResolver restored = IdentityResolver.builder()
        .restore(new java.io.ByteArrayInputStream(before.toByteArray()));
    assertThat(restored.history(0)).isEqualTo(resolver.history(0))
        .filteredOn(LinkRemoved.class::isInstance).hasSize(2);

    resolver.erase(li);

    // Wang's removal stays; li's is replaced, its device id with it.
    assertThat(resolver.history(0)).filteredOn(LinkRemoved.class::isInstance).singleElement()
        .isInstanceOfSatisfying(LinkRemoved.class, removed ->
            assertThat(removed.record()).isEqualTo(RecordKey.of("C", "1")));
    assertThat(resolver.history(0)).anySatisfy(event -> assertThat(event)
        .isEqualTo(new Redacted(event.sequence(), event.at(), "LinkRemoved", li)));
    assertThat(resolver.history(0).toString())
        .doesNotContain(device(IDFA).value(), "B/1", "li@x.com")
        .contains("wang@x.com");
  }

  @Test
  void shouldRedactTheRemovedLinksOfARecordThatSplitOffToAPersonErasedLater() {
    resolver.ingest(record("A", "1", email("li@x.com")));
    resolver.ingest(record("B", "1", email("li@x.com"), device(IDFA), phone("13900139000")));
    resolver.removeLink(RecordKey.of("B", "1"), device(IDFA)); // li's then: nobody splits
    resolver.removeLink(RecordKey.of("B", "1"), email("li@x.com")); // B/1 splits off
    OneId splitOff = resolver.resolve(RecordKey.of("B", "1")).orElseThrow();

    resolver.erase(splitOff);

    assertThat(resolver.history(0)).noneSatisfy(event ->
        assertThat(event).isInstanceOf(LinkRemoved.class));
    assertThat(resolver.history(0).toString()).doesNotContain("B/1", IDFA, "13900139000");
  }

  @Test
  void shouldKeepADismissedConflictOffTheQueueWhenDecidedAgainAndAfterARestore() throws Exception {
    resolver.ingest(record("A", "1", phone("13800138000"), member("M1")));
    resolver.ingest(record("B", "1", phone("13800138000"), member("M2")));
    Conflict conflict = resolver.pendingConflicts().get(0);

    assertThat(resolver.dismiss(conflict.sequence())).isTrue();

    assertThat(events).last().isInstanceOfSatisfying(ConflictDismissed.class, dismissed ->
        assertThat(dismissed.conflict()).isEqualTo(conflict.sequence()));
    assertThat(resolver.pendingConflicts()).isEmpty();
    assertThat(resolver.dismiss(conflict.sequence())).isFalse();
    int before = events.size();
    resolver.ingest(record("C", "1", phone("13800138000")));
    assertThat(events.subList(before, events.size()))
        .noneSatisfy(event -> assertThat(event).isInstanceOf(Conflict.class));
    assertThat(resolver.pendingConflicts()).isEmpty();

    java.io.ByteArrayOutputStream snapshot = new java.io.ByteArrayOutputStream();
    resolver.snapshot(snapshot);
    IdentityResolver restored = IdentityResolver.builder()
        .restore(new java.io.ByteArrayInputStream(snapshot.toByteArray()));
    assertThat(restored.pendingConflicts()).isEmpty();
    restored.ingest(record("D", "1", phone("13800138000")));
    assertThat(restored.pendingConflicts()).isEmpty();
  }

  @Test
  void shouldQueueAConflictAgainWhenAnotherOneIsDismissed() {
    resolver.ingest(record("A", "1", phone("13800138000"), member("M1")));
    resolver.ingest(record("B", "1", phone("13800138000"), member("M2")));
    resolver.ingest(record("E", "1", phone("13900139000"), member("M3")));
    resolver.ingest(record("F", "1", phone("13900139000"), member("M4")));
    List<Conflict> queue = resolver.pendingConflicts();
    assertThat(queue).hasSize(2);

    resolver.dismiss(queue.get(0).sequence());

    assertThat(resolver.pendingConflicts()).containsExactly(queue.get(1));
    assertThat(resolver.dismiss(Long.MAX_VALUE)).isFalse();
  }

  @Test
  void shouldKeepADismissalWhenTheSidesOfTheRefusalSwap() {
    resolver.ingest(record("shop", "2", phone("13800138000"), member("M1")));
    resolver.ingest(record("shop", "3", phone("13800138000"), member("M2")));
    resolver.dismiss(resolver.pendingConflicts().get(0).sequence());
    int before = events.size();

    // the first holder of the phone is now on the other side of the refusal
    resolver.ingest(record("shop", "1", phone("13800138000"), member("M2")));

    assertThat(resolver.pendingConflicts()).isEmpty();
    assertThat(events.subList(before, events.size()))
        .noneSatisfy(event -> assertThat(event).isInstanceOf(Conflict.class));
  }

  @Test
  void shouldKeepAValueGenericAfterARestoreWhenAHolderWasErased() throws Exception {
    IdentityResolver generic = IdentityResolver.builder().genericThreshold(2).build();
    OneId a = generic.ingest(record("A", "1", phone("13800138000"), email("a@x.com"))).oneId();
    generic.ingest(record("B", "1", phone("13800138000")));
    generic.ingest(record("C", "1", phone("13800138000")));
    // the third holder made the phone generic: three people, B and C apart
    OneId b = generic.resolve(RecordKey.of("B", "1")).orElseThrow();
    OneId c = generic.resolve(RecordKey.of("C", "1")).orElseThrow();
    assertThat(b).isNotEqualTo(c);
    generic.erase(a);
    java.io.ByteArrayOutputStream snapshot = new java.io.ByteArrayOutputStream();
    generic.snapshot(snapshot);

    IdentityResolver restored = IdentityResolver.builder()
        .restore(new java.io.ByteArrayInputStream(snapshot.toByteArray()));

    for (IdentityResolver each : List.of(generic, restored)) {
      assertThat(each.resolve(RecordKey.of("B", "1"))).contains(b);
      assertThat(each.resolve(RecordKey.of("C", "1"))).contains(c);
      assertThat(each.resolve(phone("13800138000"))).isEmpty();
    }
  }

  @Test
  void shouldScrubTheKeysOfRecordsRemovedEarlierWhenErasingTheirPerson() {
    OneId li = resolver.ingest(record("src", "a (1)+", email("li@x.com"))).oneId();
    resolver.ingest(record("src", "b", phone("13800138000")));
    resolver.ingest(record("src", "c (1)+", email("li@x.com"), phone("13800138000")));
    resolver.removeRecord(RecordKey.of("src", "c (1)+"));
    assertThat(resolver.history(0).toString()).contains("src/c (1)+");

    resolver.erase(resolver.resolve(RecordKey.of("src", "a (1)+")).orElseThrow());

    assertThat(resolver.current(li)).isEmpty();
    assertThat(resolver.history(0).toString()).doesNotContain("src/c (1)+", "src/a (1)+");
    assertThat(resolver.resolve(RecordKey.of("src", "b"))).isPresent();
  }

  @Test
  void shouldExplainWhyTwoIdentifiersAreOnePerson() {
    resolver.ingest(record("A", "1", phone("13800138000"), device("6F1C2A3B0D4E4F5A")));
    resolver.ingest(record("B", "1", email("li@example.com"), device("6F1C2A3B0D4E4F5A")));
    resolver.ingest(record("C", "1", email("li@example.com"), openId("oAbC123")));

    Explanation explanation = resolver.explain(phone("13800138000"), openId("oAbC123"))
        .orElseThrow();

    assertThat(explanation.record()).isEqualTo(RecordKey.of("A", "1"));
    assertThat(explanation.links()).containsExactly(
        new Explanation.Link(RecordKey.of("A", "1"), RecordKey.of("B", "1"),
            Identifier.of("device_id", "6F1C2A3B0D4E4F5A")),
        new Explanation.Link(RecordKey.of("B", "1"), RecordKey.of("C", "1"),
            Identifier.of("email", "li@example.com")));
    assertThat(resolver.explain(phone("13800138000"), phone("13900139000"))).isEmpty();
    assertThat(resolver.explain(phone("13800138000"), phone("00000000000"))).isEmpty();
  }

  @Test
  void shouldExplainInEitherOrderAValueThatRefusedLinksLeftWithSeveralPeople() {
    // B/1 holds both values; A/1 shares the device, refused for its other member number, and is
    // first by key, the record the index keeps for the device.
    resolver.ingest(record("B", "1", device("6F1C2A3B0D4E4F5A"), member("M1")));
    resolver.ingest(record("A", "1", device("6F1C2A3B0D4E4F5A"), member("M2")));

    Explanation forth = resolver.explain(member("M1"), device("6F1C2A3B0D4E4F5A")).orElseThrow();
    Explanation back = resolver.explain(device("6F1C2A3B0D4E4F5A"), member("M1")).orElseThrow();

    assertThat(forth.record()).isEqualTo(RecordKey.of("B", "1"));
    assertThat(back.record()).isEqualTo(RecordKey.of("B", "1"));
    assertThat(back.links()).isEmpty();
    assertThat(resolver.explain(device("6F1C2A3B0D4E4F5A"), member("M2"))).isPresent();
    assertThat(resolver.explain(member("M1"), member("M2"))).isEmpty();
  }

  @Test
  void shouldKeepAnAppendOnlyHistoryInSequenceOrder() {
    resolver.ingest(record("A", "1", phone("13800138000")));
    resolver.ingest(record("B", "1", email("b@example.com")));
    resolver.ingest(record("C", "1", phone("13800138000"), email("b@example.com")));
    resolver.removeRecord(RecordKey.of("C", "1"));

    List<IdentityEvent> history = resolver.history(0);

    assertThat(history).extracting(IdentityEvent::sequence).containsExactly(1L, 2L, 3L);
    assertThat(history).extracting(event -> event.getClass().getSimpleName())
        .containsExactly("Merged", "RecordRemoved", "Split");
    assertThat(history).isEqualTo(events);
    assertThat(resolver.history(1)).containsExactly(history.get(1), history.get(2));
  }
}
