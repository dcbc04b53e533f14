package io.github.cdpkit.benchmarks;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.SourceRecord;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Checking and normalising one identifier of a built-in type ({@link IdentifierType#normalize}),
 * which every ingest and every lookup by an identifier as given does first: the average time per
 * identifier over the {@value #COUNT} values of {@code type} that the synthetic population's first
 * records carry, as the channels wrote them (formatting variants and junk included).
 *
 * <p>The values fit in the cache, so the figure is the normaliser's own work; in a bulk load of
 * millions of records, reading each record from memory adds to it.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar NormalizerBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NormalizerBenchmark {

  /** How many identifiers each invocation normalises. */
  static final int COUNT = 4_096;

  /** The built-in type whose values are normalised. */
  @Param({"phone", "email", "device_id", "member_no", "wechat_openid"})
  public String type;

  private IdentifierType identifierType;
  private Identifier[] identifiers;

  /** Picks the first {@value #COUNT} values of the type from the population. */
  @Setup
  public void pick() {
    identifierType = IdentifierTypes.defaults().find(type).orElseThrow(
        () -> new IllegalArgumentException("not a built-in type: " + type));
    identifiers = new Identifier[COUNT];
    int found = 0;
    for (SourceRecord record : Workload.materialise(100_000)) {
      for (Identifier identifier : record.identifiers()) {
        if (found < COUNT && identifier.type().equals(type)) {
          identifiers[found++] = identifier;
        }
      }
    }
    if (found < COUNT) {
      throw new IllegalStateException("only " + found + " values of " + type + " in the population");
    }
  }

  /**
   * Normalises each picked identifier once.
   *
   * @param blackhole takes each normalised value (or its absence, for junk)
   */
  @Benchmark
  @OperationsPerInvocation(COUNT)
  public void normalize(Blackhole blackhole) {
    for (Identifier identifier : identifiers) {
      blackhole.consume(identifierType.normalize(identifier));
    }
  }
}
