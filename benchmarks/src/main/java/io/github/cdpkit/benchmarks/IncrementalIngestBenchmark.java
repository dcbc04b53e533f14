package io.github.cdpkit.benchmarks;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.SourceRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Incremental ingest: the average time of one {@link IdentityResolver#ingest(SourceRecord)} of a new
 * record into a resolver that already holds {@code records} records (1M for a quick run, 10M for the
 * figure of issue 6).
 *
 * <p>The graph is built once per fork from the population's first {@code records} records. The new
 * records are the ones that follow in the same population: mostly new people, some the next records
 * of a person already in the graph (who then gains a record), and household members that share a
 * phone or a device (a merge, or a refused link). Each iteration ingests the next {@value #BATCH} of
 * them, one call each, and the score is divided by {@value #BATCH}: single-shot iterations with a
 * fixed count keep the graph's growth bounded (15 iterations add 150,000 records) and never ingest
 * the same record twice. The records of an iteration are generated before it starts.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IncrementalIngestBenchmark -p records=10000000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx16g"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class IncrementalIngestBenchmark {

  /** How many records one iteration ingests. */
  static final int BATCH = 10_000;

  /** How many records the graph holds before the first new one. */
  @Param({"1000000", "10000000"})
  public int records;

  private IdentityResolver resolver;
  private Iterator<SourceRecord> fresh;
  private List<SourceRecord> next;

  /** Builds the graph, once per fork. */
  @Setup(Level.Trial)
  public void build() {
    resolver = IdentityResolver.builder().build();
    // People enough for the graph and for a million new records after it.
    fresh = Workload.population(records + 1_000_000L).records().iterator();
    List<SourceRecord> batch = new ArrayList<>(Workload.BATCH);
    for (int i = 0; i < records; i++) {
      batch.add(fresh.next());
      if (batch.size() == Workload.BATCH || i == records - 1) {
        resolver.ingestAll(batch);
        batch = new ArrayList<>(Workload.BATCH);
      }
    }
    System.out.println("graph: " + resolver.stats());
  }

  /** Generates the records the next iteration ingests. */
  @Setup(Level.Iteration)
  public void generate() {
    next = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      next.add(fresh.next());
    }
    System.gc();
  }

  /**
   * Ingests {@value #BATCH} new records, one call each.
   *
   * @param blackhole takes each result
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void ingest(Blackhole blackhole) {
    for (SourceRecord record : next) {
      blackhole.consume(resolver.ingest(record));
    }
  }
}
