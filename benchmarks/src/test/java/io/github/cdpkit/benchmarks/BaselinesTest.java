package io.github.cdpkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.testkit.population.Population;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The baselines compute connected components, so that comparing against them means something. */
class BaselinesTest {

  @Test
  void shouldLinkTheDomainExampleIntoOneSetInEveryBaseline() {
    List<SourceRecord> records = List.of(
        SourceRecord.builder("A", "1").identifier("phone", "13800138000")
            .identifier("device_id", "DEV-1").build(),
        SourceRecord.builder("B", "1").identifier("email", "li@example.com")
            .identifier("device_id", "DEV-1").build(),
        SourceRecord.builder("C", "1").identifier("email", "li@example.com").build(),
        SourceRecord.builder("D", "1").identifier("phone", "13900139000").build());

    assertThat(BulkResolutionBenchmark.JGraphTResolution.resolve(records).unionFind()
        .numberOfSets()).isEqualTo(2);
    assertThat(BulkResolutionBenchmark.HashMapUnionFind.resolve(records).sets()).isEqualTo(2);
    assertThat(BulkResolutionBenchmark.OpenAddressingUnionFind.resolve(records).sets())
        .isEqualTo(2);
    assertThat(BulkResolutionBenchmark.TwoCoreUnionFind.resolve(records, null).sets())
        .isEqualTo(2);
  }

  @Test
  void shouldLinkFormattingVariantsOfOnePhoneWhenTheFloorNormalises() {
    List<SourceRecord> records = List.of(
        SourceRecord.builder("A", "1").identifier("phone", "138 0013 8000").build(),
        SourceRecord.builder("B", "1").identifier("phone", "+86 13800138000")
            .identifier("email", "li@example.com").build(),
        SourceRecord.builder("C", "1").identifier("phone", "00000000000").build());

    BulkResolutionBenchmark.TwoCoreUnionFind asGiven =
        BulkResolutionBenchmark.TwoCoreUnionFind.resolve(records, null);
    BulkResolutionBenchmark.TwoCoreUnionFind normalised =
        BulkResolutionBenchmark.TwoCoreUnionFind.resolve(records, IdentifierTypes.defaults());

    assertThat(asGiven.size()).isEqualTo(4);
    assertThat(asGiven.sets()).isEqualTo(3);
    // One phone, one e-mail; the all-zero phone is blocked junk and dropped.
    assertThat(normalised.size()).isEqualTo(2);
    assertThat(normalised.sets()).isEqualTo(1);
  }

  @Test
  void shouldAgreeWithEachOtherOnAGeneratedPopulation() {
    List<SourceRecord> records =
        Population.builder().seed(7).people(2_000).build().records().toList();

    int jgrapht = BulkResolutionBenchmark.JGraphTResolution.resolve(records).unionFind()
        .numberOfSets();
    BulkResolutionBenchmark.HashMapUnionFind hashMap =
        BulkResolutionBenchmark.HashMapUnionFind.resolve(records);
    BulkResolutionBenchmark.OpenAddressingUnionFind openAddressing =
        BulkResolutionBenchmark.OpenAddressingUnionFind.resolve(records);

    assertThat(hashMap.sets()).isEqualTo(jgrapht).isBetween(1, records.size() * 3);
    // Thousands of keys: the table grows several times on the way.
    assertThat(openAddressing.size()).isEqualTo(hashMap.size()).isGreaterThan(4_096);
    assertThat(openAddressing.sets()).isEqualTo(jgrapht);
    BulkResolutionBenchmark.TwoCoreUnionFind twoCores =
        BulkResolutionBenchmark.TwoCoreUnionFind.resolve(records, null);
    assertThat(twoCores.size()).isEqualTo(hashMap.size());
    assertThat(twoCores.sets()).isEqualTo(jgrapht);
  }

  @Test
  void shouldPartitionTheNormalisedPopulationAsTheResolverDoesWhenNoGuardFires() {
    List<SourceRecord> records =
        Population.builder().seed(11).people(3_000).build().records().toList();
    IdentityResolver resolver = IdentityResolver.builder().build();
    records.forEach(resolver::ingest);

    BulkResolutionBenchmark.TwoCoreUnionFind twoCores =
        BulkResolutionBenchmark.TwoCoreUnionFind.resolve(records, IdentifierTypes.defaults());

    assertThat((long) twoCores.size()).isEqualTo(resolver.stats().identifiers());
    // The resolver's guards can only keep people apart that the bare union-find joins.
    assertThat(twoCores.sets()).isPositive().isLessThanOrEqualTo((int) resolver.stats().people());
  }
}
