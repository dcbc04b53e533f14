package io.github.cdpkit.benchmarks;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IdentityResolverBuilder;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.testkit.population.Population;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The records every benchmark consumes: the first {@code n} records of the synthetic population of
 * seed {@value #SEED}, person by person, as {@link Population#records()} gives them. Every
 * implementation of a benchmark gets the same records in the same order.
 */
final class Workload {

  /** The population's seed, the same in every benchmark. */
  static final long SEED = 42;

  /** How many records {@link IdentityResolver#ingestAll} gets at a time when a graph is set up. */
  static final int BATCH = 65_536;

  /** The population's average records per person; a little under, to be sure to have enough. */
  private static final double RECORDS_PER_PERSON = 2.5;

  private Workload() {}

  /**
   * Returns a population with at least {@code records} records.
   *
   * @param records how many records are needed
   * @return the population
   */
  static Population population(long records) {
    int people = (int) Math.min(Population.MAX_PEOPLE, Math.ceil(records / RECORDS_PER_PERSON));
    return Population.builder().seed(SEED).people(people).build();
  }

  /**
   * Generates the first {@code n} records into a list held in memory.
   *
   * @param n how many records
   * @return the records, in population order
   */
  static List<SourceRecord> materialise(int n) {
    List<SourceRecord> records = new ArrayList<>(n);
    population(n).records().limit(n).forEachOrdered(records::add);
    if (records.size() != n) {
      throw new IllegalStateException("population too small: " + records.size() + " < " + n);
    }
    return records;
  }

  /**
   * Streams the first {@code n} records in batches of {@link #BATCH}, without keeping them.
   *
   * @param n how many records
   * @param batches gets each batch; the list is not reused
   */
  static void inBatches(long n, Consumer<List<SourceRecord>> batches) {
    Iterator<SourceRecord> records = population(n).records().limit(n).iterator();
    while (records.hasNext()) {
      List<SourceRecord> batch = new ArrayList<>(BATCH);
      while (batch.size() < BATCH && records.hasNext()) {
        batch.add(records.next());
      }
      batches.accept(batch);
    }
  }

  /**
   * Ingests {@code records} into a new resolver as one stream ({@link IdentityResolver#ingestStream}:
   * the next records are normalised while the last ones link), the way a bulk load would.
   *
   * @param records the records
   * @param builder how to build the resolver
   * @return the resolver
   */
  static IdentityResolver resolveWithCdpKit(List<SourceRecord> records,
      IdentityResolverBuilder builder) {
    IdentityResolver resolver = builder.build();
    long ingested = resolver.ingestStream(records.iterator(), result -> { });
    if (ingested != records.size()) {
      throw new IllegalStateException("ingested " + ingested + " of " + records.size());
    }
    return resolver;
  }

  /**
   * The key a baseline uses for an identifier: type, namespace and value as the channel gave them,
   * joined by {@code U+0000} (which no type name holds), with no normalisation.
   *
   * @param identifier the identifier
   * @return its key
   */
  static String key(Identifier identifier) {
    String namespace = identifier.namespace();
    return namespace == null
        ? identifier.type() + '\u0000' + identifier.value()
        : identifier.type() + '\u0000' + namespace + '\u0000' + identifier.value();
  }
}
