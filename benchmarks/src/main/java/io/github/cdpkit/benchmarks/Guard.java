package io.github.cdpkit.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark guard that {@code .ci/run} calls through {@code benchmarks/guard}: runs
 * {@link BulkResolutionBenchmark} at 1M records with short settings for {@code cdpkit} and
 * {@code jgrapht}, prints both rates and their ratio, and exits with 1 when ours is not at least
 * {@value #DEFAULT_RATIO} times JGraphT's (the floor of issue 6; its goal is 10 times). About three
 * minutes on 2 cores.
 *
 * <p>Each side runs in {@value #FORKS} JVMs (forks) of five warm-up and five measured iterations,
 * and its rate is taken from the median of all its measured iterations, not their mean: on a shared
 * 2-core machine one iteration in five can take twice as long (a collection that copies the whole
 * graph, a neighbour's burst), and whole forks run slow now and then. The forks of the two sides
 * take turns (ours, theirs, theirs, ours, ...), so that a slow stretch of the machine falls on both
 * sides rather than on whichever JMH would have run in it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.cdpkit.benchmarks.Guard [RATIO]
 * </pre>
 */
public final class Guard {

  /** How many times JGraphT's rate ours must reach, unless an argument says otherwise. */
  static final double DEFAULT_RATIO = 3;

  /** How many JVMs each side runs in; the median is taken over all their measured iterations. */
  static final int FORKS = 5;

  /** How many records the guard resolves. */
  static final int RECORDS = 1_000_000;

  private static final String OURS = "cdpkit";
  private static final String THEIRS = "jgrapht";

  private Guard() {}

  /**
   * Runs the guard.
   *
   * @param args optionally the ratio to require
   * @throws RunnerException if JMH cannot run
   */
  public static void main(String[] args) throws RunnerException {
    double need = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_RATIO;
    // What the verdict was reached on: a busy or smaller machine slows ours, which uses both cores,
    // more than JGraphT, which uses one.
    System.out.printf(Locale.ROOT, "guard: %d processors, load average %.2f at the start%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    long start = System.nanoTime();
    List<Double> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    List<String> forks = new ArrayList<>();
    for (int fork = 0; fork < FORKS; fork++) {
      // ABBA: each side goes first in every other round, so neither always runs on a machine that
      // the other has just warmed (or heated).
      boolean oursFirst = fork % 2 == 0;
      List<Double> oursNow = runFork(oursFirst ? OURS : THEIRS);
      List<Double> theirsNow = runFork(oursFirst ? THEIRS : OURS);
      if (!oursFirst) {
        List<Double> swap = oursNow;
        oursNow = theirsNow;
        theirsNow = swap;
      }
      ours.addAll(oursNow);
      theirs.addAll(theirsNow);
      forks.add(String.format(Locale.ROOT, "fork %d: %s %s, %s %s", fork + 1, OURS,
          describe(oursNow), THEIRS, describe(theirsNow)));
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    forks.forEach(line -> System.out.println("guard: " + line));
    if (ours.isEmpty() || theirs.isEmpty()) {
      System.out.printf(Locale.ROOT, "guard: no result for %s (benchmark failed, see above): FAIL%n",
          ours.isEmpty() ? OURS : THEIRS);
      System.exit(1);
    }
    double oursRate = RECORDS / (median(ours) / 1000);
    double theirsRate = RECORDS / (median(theirs) / 1000);
    double ratio = oursRate / theirsRate;
    boolean pass = ratio >= need;
    System.out.printf(Locale.ROOT,
        "guard: %s %,d rec/s vs %s %,d rec/s = %.2fx (need >= %sx) at %,d records"
            + " (medians of the measured iterations of %d forks a side, taking turns), in %d s:"
            + " %s%n",
        OURS, Math.round(oursRate), THEIRS, Math.round(theirsRate), ratio, format(need), RECORDS,
        FORKS, seconds, pass ? "PASS" : "FAIL");
    System.exit(pass ? 0 : 1);
  }

  /**
   * Runs one fork of the bulk benchmark for one implementation.
   *
   * @return the milliseconds of each measured iteration; none if the benchmark failed (JMH has
   *     printed why)
   */
  private static List<Double> runFork(String implementation) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(BulkResolutionBenchmark.class.getName() + ".resolve")
        .param("records", String.valueOf(RECORDS))
        .param("implementation", implementation)
        .forks(1)
        // Five warm-ups, not one: on 2 cores the JIT's compiler threads take a core from a run that
        // uses both, for the first four iterations or so, which measured compilation as much as
        // resolution. Five measured iterations, because one alone varies by a quarter here.
        .warmupIterations(5)
        .measurementIterations(5)
        .timeout(TimeValue.minutes(2))
        .build();
    List<Double> milliseconds = new ArrayList<>();
    for (RunResult run : new Runner(options).run()) {
      for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
        for (IterationResult iteration : benchmark.getIterationResults()) {
          milliseconds.add(iteration.getPrimaryResult().getScore());
        }
      }
    }
    return milliseconds;
  }

  /**
   * Returns the median: the middle value, or the mean of the two middle values of an even count.
   *
   * @param values at least one value
   * @return their median
   * @throws IllegalArgumentException if there are no values
   */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("the median of no values");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** One side's fork in the summary: the median of its measured iterations. */
  private static String describe(List<Double> milliseconds) {
    return milliseconds.isEmpty() ? "failed"
        : String.format(Locale.ROOT, "%.0f ms (median of %d)", median(milliseconds),
            milliseconds.size());
  }

  private static String format(double ratio) {
    return ratio == Math.rint(ratio) ? String.valueOf((long) ratio) : String.valueOf(ratio);
  }
}
