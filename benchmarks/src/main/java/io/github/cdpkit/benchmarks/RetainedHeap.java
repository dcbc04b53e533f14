package io.github.cdpkit.benchmarks;

import io.github.cdpkit.benchmarks.BulkResolutionBenchmark.HashMapUnionFind;
import io.github.cdpkit.benchmarks.BulkResolutionBenchmark.JGraphTResolution;
import io.github.cdpkit.benchmarks.BulkResolutionBenchmark.OpenAddressingUnionFind;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IdentityResolverBuilder;
import io.github.cdpkit.identity.IdentityStats;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap after bulk resolution, in bytes per distinct identifier, for CDP Kit's resolver and
 * the baselines of {@link BulkResolutionBenchmark}. A plain program rather than a JMH benchmark: JMH
 * measures time, and heap is a single measurement of a state, not a distribution.
 *
 * <p>For each implementation: collect, read the used heap ({@code MemoryMXBean}), resolve the first
 * {@code records} records of the population (streamed in batches, so the records themselves are not
 * retained), collect again (several full {@code System.gc()} calls), read the used heap again. The
 * difference is what the resolved graph retains. Divided by the implementation's own count of
 * distinct identifiers: {@link IdentityStats#identifiers()} for ours (normalised, junk excluded), the
 * number of distinct keys for the baselines (as given, so formatting variants count twice). With
 * {@code --jol}, JOL's {@link GraphLayout} also walks the graph and gives its exact size and its
 * footprint by class (slow above a few million records; on JDK 17 it needs
 * {@code -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true}, since the resolver holds
 * lambdas, whose hidden classes {@code Unsafe} will not give field offsets of).
 *
 * <p>{@code cdpkit-sized} is ours built with {@code expectedRecords(records)}, as a bulk load of a
 * known size would be: its arrays per record hold exactly the records, where the default ones,
 * grown by half at a time, may stand a third empty.
 *
 * <p>{@code records} as an implementation measures the materialised {@code List} of records that
 * {@link BulkResolutionBenchmark} holds, so one can tell whether 10M records fit beside a resolver.
 *
 * <pre>
 * java -Xmx16g -cp benchmarks/target/benchmarks.jar io.github.cdpkit.benchmarks.RetainedHeap \
 *     1000000 cdpkit cdpkit-sized jgrapht hashmap openaddressing records [--jol]
 * </pre>
 */
public final class RetainedHeap {

  private RetainedHeap() {}

  /**
   * Runs the measurement.
   *
   * @param args the number of records, then the implementations ({@code cdpkit},
   *     {@code cdpkit-sized}, {@code jgrapht}, {@code hashmap}, {@code openaddressing},
   *     {@code records}), and {@code --jol}
   *     to add JOL's walk
   * @throws InterruptedException if interrupted while waiting for the collector
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 2) {
      System.err.println("usage: RetainedHeap RECORDS IMPLEMENTATION... [--jol]");
      System.exit(2);
    }
    int records = Integer.parseInt(args[0].replace("_", ""));
    boolean jol = false;
    List<String> implementations = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--jol")) {
        jol = true;
      } else {
        implementations.add(args[i]);
      }
    }
    System.out.printf(Locale.ROOT, "retained heap after resolving %,d records (%s, %s, max heap %,d MiB)%n",
        records, System.getProperty("java.vm.name"), Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20);
    for (String implementation : implementations) {
      measure(implementation, records, jol);
    }
  }

  private static void measure(String implementation, int records, boolean jol)
      throws InterruptedException {
    long before = usedAfterGc();
    long start = System.nanoTime();
    Object built;
    long identifiers;
    String unit = "identifier";
    switch (implementation) {
      case "cdpkit", "cdpkit-sized" -> {
        IdentityResolverBuilder builder = IdentityResolver.builder();
        if (implementation.equals("cdpkit-sized")) {
          builder.expectedRecords(records);
        }
        IdentityResolver resolver = builder.build();
        Workload.inBatches(records, resolver::ingestAll);
        IdentityStats stats = resolver.stats();
        identifiers = stats.identifiers();
        built = resolver;
        System.out.printf(Locale.ROOT, "  cdpkit: %s%n", stats);
      }
      case "jgrapht" -> {
        JGraphTResolution resolution = new JGraphTResolution();
        Workload.inBatches(records, resolution::addAll);
        long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
        identifiers = resolution.unionFind().size();
        long withSet = usedAfterGc() - before;
        report("jgrapht, UnionFind + membership HashSet", withSet, identifiers, unit, elapsed);
        resolution.dropMembership();
        built = resolution;
        implementation = "jgrapht, UnionFind alone";
      }
      case "hashmap" -> {
        HashMapUnionFind unionFind = new HashMapUnionFind();
        Workload.inBatches(records, unionFind::addAll);
        identifiers = unionFind.size();
        built = unionFind;
      }
      case "openaddressing" -> {
        OpenAddressingUnionFind unionFind = new OpenAddressingUnionFind();
        Workload.inBatches(records, unionFind::addAll);
        identifiers = unionFind.size();
        built = unionFind;
      }
      case "records" -> {
        built = Workload.materialise(records);
        identifiers = records;
        unit = "record";
      }
      default -> throw new IllegalArgumentException("unknown implementation: " + implementation);
    }
    try {
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      long retained = usedAfterGc() - before;
      report(implementation, retained, identifiers, unit, seconds);
      if (jol) {
        GraphLayout layout = GraphLayout.parseInstance(built);
        report(implementation + ", JOL GraphLayout", layout.totalSize(), identifiers, unit, seconds);
        System.out.println(layout.toFootprint());
      }
    } finally {
      // What was built must stay reachable until the heap after it has been read.
      Reference.reachabilityFence(built);
    }
  }

  private static void report(String implementation, long bytes, long count, String unit,
      long seconds) {
    System.out.printf(Locale.ROOT, "  %-45s %,15d bytes / %,12d %ss = %7.1f bytes per %s"
        + " (built in %d s)%n", implementation, bytes, count, unit, (double) bytes / count, unit,
        seconds);
  }

  /** Collects until the used heap stops shrinking, then returns it. */
  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(100);
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (now >= used && i >= 2) {
        return Math.min(now, used);
      }
      used = Math.min(now, used);
    }
    return used;
  }
}
