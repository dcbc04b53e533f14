package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.cdpkit.identity.config.IdentityConfig;
import io.github.cdpkit.identity.config.IdentityConfigException;
import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.spi.StandardNormalizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's identity examples, run as written, with what their comments and text state. */
class ReadmeExampleTest {

  private static final Identifier PHONE = Identifier.of("phone", "138 0013 8000");

  @Test
  void shouldGiveThePersonAndTheChainTheReadmeShowsWhenItsFirstExampleRuns() {
    IdentityResolver resolver = threeChannels();

    OneId oneId = resolver.resolve(Identifier.of("phone", "+86 138-0013-8000")).orElseThrow();
    Person person = resolver.person(oneId).orElseThrow();
    assertThat(oneId).hasToString("oid-1");
    assertThat(person.identifiers()).hasToString("[phone=+8613800138000, email=li.lei@example.com,"
        + " wechat_openid=wxapp1:oAbC123, device_id=IDFA-0001-AAAA]");

    Explanation why = resolver.explain(Identifier.of("phone", "13800138000"),
        Identifier.of("wechat_openid", "wxapp1", "oAbC123")).orElseThrow();
    List<String> lines = new ArrayList<>();
    why.links().forEach(link ->
        lines.add(link.left() + " -> " + link.right() + " via " + link.shared()));
    assertThat(lines).containsExactly(
        "tmall/A-1 -> app/B-1 via device_id=IDFA-0001-AAAA",
        "app/B-1 -> wechat/C-1 via email=li.lei@example.com");
  }

  @Test
  void shouldIngestAStreamIntoAResolverSizedForItWhenTheReadmeBulkExampleRuns() {
    List<SourceRecord> records = List.of(
        SourceRecord.builder("tmall", "A-1").identifier("phone", "138 0013 8000").build(),
        SourceRecord.builder("app", "B-1").identifier("phone", "13800138000").build());

    IdentityResolver resolver = IdentityResolver.builder().expectedRecords(10_000_000).build();
    long loaded = resolver.ingestStream(records.iterator(), result -> { });

    assertThat(loaded).isEqualTo(2);
    assertThat(resolver.stats().people()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAShortPhoneWithTheMessageTheReadmeShowsAndChangeNothing() {
    IdentityResolver resolver = IdentityResolver.builder().build();

    assertThatThrownBy(() -> resolver.ingest(SourceRecord.builder("pos", "1")
        .identifier("phone", "12345").build()))
        .isInstanceOf(InvalidIdentifierException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid identifier phone=12345 (phone-format):"
            + " phone '12345' must have 11 digits for a CN mobile")
        .extracting(e -> ((InvalidIdentifierException) e).rule()).isEqualTo("phone-format");
    for (Identifier invalid : List.of(Identifier.of("loyalty_card", "C-1"),
        Identifier.of("email", " "), Identifier.of("wechat_openid", "oAbC123"),
        Identifier.of("phone", "wxapp1", "13800138000"))) {
      assertThatThrownBy(() -> resolver.ingest(SourceRecord.builder("pos", "1")
          .identifier("member_no", "M-1").identifier(invalid).build()))
          .isInstanceOf(InvalidIdentifierException.class)
          .hasMessageContaining(invalid.type());
    }
    assertThat(resolver.stats().records()).isZero();
  }

  @Test
  void shouldHaveTheBuiltInTypesOfTheReadmeTable() {
    assertThat(IdentifierTypes.defaults().all())
        .extracting(IdentifierType::name, IdentifierType::strength, IdentifierType::maxPerPerson,
            IdentifierType::priority, IdentifierType::namespaced)
        .containsExactly(
            tuple("member_no", Strength.STRONG, 1, 100, false),
            tuple("wechat_unionid", Strength.STRONG, 1, 90, false),
            tuple("phone", Strength.STRONG, 3, 80, false),
            tuple("email", Strength.STRONG, 5, 70, false),
            tuple("wechat_openid", Strength.STRONG, 20, 60, true),
            tuple("device_id", Strength.WEAK, 20, 20, false));
    assertThat(IdentityResolverBuilder.DEFAULT_GENERIC_THRESHOLD).isEqualTo(100);
  }

  @Test
  void shouldBlockTheJunkTheReadmeListsAndIngestTheRestOfTheRecord() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    List<Identifier> junk = new ArrayList<>();
    for (String common :
        List.of("null", "nil", "none", "undefined", "anonymous", "unknown", "n/a")) {
      junk.add(Identifier.of("member_no", common));
      junk.add(Identifier.of("device_id", common));
    }
    junk.addAll(List.of(Identifier.of("phone", "00000000000"),
        Identifier.of("phone", "13800000000"), Identifier.of("phone", "+86 000 0000 0000"),
        Identifier.of("email", "null@null.com"), Identifier.of("email", "test@test.com"),
        Identifier.of("email", "noemail@noemail.com"),
        Identifier.of("device_id", "FFFFFFFF-0000-0000-0000-000000000000")));
    SourceRecord.Builder record = SourceRecord.builder("pos", "1").identifier(PHONE);
    junk.forEach(record::identifier);

    IngestResult result = resolver.ingest(record.build());

    assertThat(result.ignored()).containsExactlyElementsOf(junk);
    assertThat(resolver.resolve(PHONE)).contains(result.oneId());
  }

  @Test
  void shouldStopLinkingAValueHeldByMoreRecordsThanTheGenericThreshold() {
    IdentityResolver resolver = IdentityResolver.builder().genericThreshold(2).build();
    List<IdentityEvent> events = new ArrayList<>();
    resolver.addListener(events::add);
    Identifier counter = Identifier.of("phone", "13900001111");
    resolver.ingest(SourceRecord.builder("pos", "1").identifier(counter).build());
    resolver.ingest(SourceRecord.builder("pos", "2").identifier(counter).build());
    assertThat(resolver.stats().people()).isEqualTo(1);

    resolver.ingest(SourceRecord.builder("pos", "3").identifier(counter).build());

    assertThat(events).extracting(event -> event.getClass().getSimpleName())
        .containsSubsequence("GenericValueDetected", "Split");
    assertThat(resolver.stats().people()).isEqualTo(3);
    assertThat(resolver.resolve(counter)).isEmpty();
  }

  @Test
  void shouldKeepTwoLoyaltyCardsApartWhenTheReadmeCustomTypeRuns() {
    IdentifierType loyaltyCard = IdentifierType.builder("loyalty_card")
        .normalizer(StandardNormalizers.upperCase())
        .strength(Strength.STRONG)
        .maxPerPerson(1)
        .priority(95)
        .blockedValue("TEST")
        .build();

    IdentityResolver resolver = IdentityResolver.builder()
        .types(IdentifierTypes.defaults("CN").with(loyaltyCard))
        .genericThreshold(50)
        .build();

    IngestResult first = resolver.ingest(SourceRecord.builder("pos", "1")
        .identifier("loyalty_card", "c-1").identifier("phone", "13800138000").build());
    IngestResult second = resolver.ingest(SourceRecord.builder("pos", "2")
        .identifier("loyalty_card", "c-2").identifier("phone", "13800138000").build());
    assertThat(second.oneId()).isNotEqualTo(first.oneId());
    assertThat(resolver.normalize(Identifier.of("loyalty_card", "test"))).isEmpty();
  }

  @Test
  void shouldKeepTheOperatorDecisionsOfTheReadmeExample() {
    IdentityResolver resolver = threeChannels();
    OneId a = one(resolver, "9", Identifier.of("member_no", "M-1"));
    OneId b = one(resolver, "10", Identifier.of("member_no", "M-2"));

    OneId survivor = resolver.merge(a, b);              // by hand, overriding the limits
    assertThat(survivor).isEqualTo(a);
    assertThat(resolver.current(b)).contains(a);
    resolver.neverMerge(a, b);                          // and split them if they are one person now
    assertThat(resolver.current(b)).contains(b);
    List<OneId> parts = resolver.removeRecord(RecordKey.of("pos", "9"));
    List<OneId> rest = resolver.removeLink(RecordKey.of("tmall", "A-1"),
        Identifier.of("device_id", "IDFA-0001-AAAA"));

    assertThat(parts).isEmpty();
    assertThat(resolver.resolve(RecordKey.of("pos", "9"))).isEmpty();
    assertThat(rest).hasSize(2).startsWith(OneId.of(1)); // B-1 and C-1 never had an id of their own
  }

  @Test
  void shouldExplainAManualMergeWithALinkThatSharesNothing() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    OneId a = one(resolver, "1", Identifier.of("member_no", "M-1"));
    OneId b = one(resolver, "2", Identifier.of("email", "li@example.com"));
    resolver.merge(a, b);

    assertThat(resolver.explain(Identifier.of("member_no", "M-1"),
        Identifier.of("email", "li@example.com")).orElseThrow().links())
        .extracting(Explanation.Link::shared).containsExactly((Identifier) null);
    assertThat(resolver.explain(Identifier.of("member_no", "M-1"), PHONE)).isEmpty();
  }

  @Test
  void shouldRefuseAMergeOfPeopleDeclaredNeverToMergeWithIllegalStateException() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    OneId a = one(resolver, "1", Identifier.of("member_no", "M-1"));
    OneId b = one(resolver, "2", Identifier.of("member_no", "M-2"));
    resolver.neverMerge(a, b);

    assertThatThrownBy(() -> resolver.merge(a, b)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldDeliverEventsAndQueueConflictsAsTheReadmeListenerExampleShows() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    List<String> log = new ArrayList<>();
    resolver.addListener(event -> {                      // synchronous, in sequence order
      if (event instanceof Merged merged) {
        log.add(merged.survivor() + " absorbed " + merged.absorbed());
      }
    });
    resolver.ingest(SourceRecord.builder("pos", "1").identifier("phone", "13800138000").build());
    resolver.ingest(SourceRecord.builder("app", "2").identifier("email", "li@example.com").build());
    resolver.ingest(SourceRecord.builder("web", "3").identifier("phone", "13800138000")
        .identifier("email", "li@example.com").build());
    resolver.ingest(SourceRecord.builder("pos", "4").identifier("member_no", "M-1")
        .identifier("phone", "13900001111").build());
    resolver.ingest(SourceRecord.builder("app", "5").identifier("member_no", "M-2")
        .identifier("phone", "13900001111").build());

    long lastSeenSequence = 0;
    List<IdentityEvent> since = resolver.history(lastSeenSequence);  // 0 for all
    List<Conflict> queue = resolver.pendingConflicts();              // oldest first
    boolean dismissed = resolver.dismiss(queue.get(0).sequence());

    assertThat(log).containsExactly("oid-1 absorbed [oid-2]");
    assertThat(since).extracting(IdentityEvent::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(dismissed).isTrue();
    assertThat(resolver.pendingConflicts()).isEmpty();
    assertThat(resolver.stats().pendingConflicts()).isZero();
  }

  @Test
  void shouldAnswerFromTheSourceThroughTheReadmeCachedLookup() {
    IdentityResolver resolver = threeChannels();
    IdentifierTypes types = IdentifierTypes.defaults();
    AssignmentTable assignmentTable = resolver::resolve;

    CachedIdentityLookup lookup = CachedIdentityLookup.builder(assignmentTable::find)
        .types(types)                     // the resolver's types, to normalise the same way
        .maximumSize(1_000_000)
        .build();
    resolver.addListener(lookup);
    Optional<OneId> owner = lookup.resolve(Identifier.of("phone", "138 0013 8000"));

    assertThat(owner).contains(OneId.of(1));
  }

  @Test
  void shouldReadTheReadmeConfigurationAndBuildAResolverFromIt(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("identity.json");
    Files.writeString(file, """
        {
          "genericThreshold": 50,
          "types": [
            { "name": "member_no", "builtin": true },
            { "name": "phone", "builtin": true, "region": "CN", "maxPerPerson": 2 },
            { "name": "email", "builtin": true },
            { "name": "device_id", "builtin": true },
            { "name": "loyalty_card", "normalizer": "upper_case", "maxPerPerson": 1,
              "priority": 95, "blockedValues": ["TEST"] }
          ]
        }
        """);

    IdentityResolver resolver = IdentityConfig.read(file)
        .applyTo(IdentityResolver.builder())
        .build();

    IdentityConfig config = IdentityConfig.read(file);
    assertThat(config.genericThreshold()).isEqualTo(50);
    assertThat(config.types().all()).extracting(IdentifierType::name)
        .containsExactly("member_no", "phone", "email", "device_id", "loyalty_card");
    assertThat(config.types().find("phone").orElseThrow().maxPerPerson()).isEqualTo(2);
    assertThat(resolver.normalize(Identifier.of("loyalty_card", "test"))).isEmpty();
    assertThatThrownBy(() -> resolver.normalize(Identifier.of("wechat_openid", "wx", "o1")))
        .isInstanceOf(InvalidIdentifierException.class);
  }

  @Test
  void shouldNameTheJsonPathWhenTheConfigurationHasAWrongField() {
    assertThatThrownBy(() -> IdentityConfig.parse("""
        {"types": [{"name": "member_no"}, {"name": "phone"}, {"name": "card", "maxPerPerson": 0}]}
        """))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage(
            "types[2].maxPerPerson must be a whole number of at least 1 or \"unlimited\": 0");
  }

  /** The README's {@code assignmentTable}: a reader's table of who holds what. */
  private interface AssignmentTable {
    /** Returns the person holding a normalised identifier. */
    Optional<OneId> find(Identifier identifier);
  }

  /** Ingests a POS record holding one identifier and returns its person. */
  private static OneId one(IdentityResolver resolver, String recordId, Identifier identifier) {
    return Objects.requireNonNull(resolver.ingest(
        SourceRecord.builder("pos", recordId).identifier(identifier).build()).oneId());
  }

  /** The resolver of the README's first example, its three records ingested. */
  private static IdentityResolver threeChannels() {
    IdentityResolver resolver = IdentityResolver.builder().build();

    resolver.ingest(SourceRecord.builder("tmall", "A-1")
        .identifier("phone", "138 0013 8000")
        .identifier("device_id", "idfa-0001-aaaa")
        .build());
    resolver.ingest(SourceRecord.builder("app", "B-1")
        .identifier("email", "Li.Lei@Example.com")
        .identifier("device_id", "IDFA-0001-AAAA")
        .build());
    resolver.ingest(SourceRecord.builder("wechat", "C-1")
        .identifier("email", "li.lei@example.com")
        .identifier(Identifier.of("wechat_openid", "wxapp1", "oAbC123")) // unique within app wxapp1
        .build());
    return resolver;
  }
}
