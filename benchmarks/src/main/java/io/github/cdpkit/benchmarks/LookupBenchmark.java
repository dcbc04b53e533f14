package io.github.cdpkit.benchmarks;

import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookup of a known identifier: the average time of one {@link IdentityResolver#resolve(Identifier)}
 * on a resolver that holds {@code records} records (1M for a quick run, 10M for the figure of issue
 * 6), from one thread and from two at once.
 *
 * <p>The graph is built once per fork, outside the timed region, by streaming the population through
 * {@link IdentityResolver#ingestAll}. While it streams, {@code sample} identifiers are picked evenly
 * across the whole graph (a different identifier of every k-th record, so all types appear as often
 * as the channels carry them), written as the channel gave them; only those the resolver knows are
 * kept (blocked junk is not a known identifier). Each thread walks that sample from its own offset,
 * so successive lookups touch distant parts of the graph.
 *
 * <p>{@code sample=65536} is a service answering many users: by the time the walk comes round to an
 * identifier again, most of the cache lines its lookup read (a table slot, the key's bytes, the
 * union-find nodes) have left the cache, so each lookup waits for a few reads from memory.
 * {@code sample=1024} is a service answering the same active users again and again: their lines
 * stay cached, and the figure is the lookup's own work.
 *
 * <p>{@code form=given} looks the identifiers up as the channel wrote them, so a lookup includes
 * normalising the value (a phone's {@code +86 138-0013-8000} to E.164) and the resolver's optimistic
 * read; {@code form=normalised} passes them already normalised ({@link IdentifierTypes#normalize}),
 * as a service that stores normalised values would, which leaves the normaliser's fast path on an
 * already normal value and the read.
 *
 * <p>The fork touches its whole heap at start ({@code -XX:+AlwaysPreTouch}). Without it, the few
 * bytes each lookup allocates (its answer) reach pages of the young generation the process has never
 * touched, each first touch a page fault, until the first collection: the same lookups took about
 * half as long again before it as after.
 *
 * <p>{@code lookupWhileIngesting} asks whether a lookup waits for ingestion: while it runs, another
 * thread ingests without pause ({@link IdentityResolver#ingestStream}, so in bulk sections with a
 * helper on the common pool), records that join the people already there (the graph's first
 * {@value Workload#BATCH} records again and again under new record keys). It is sampled
 * ({@code Mode.SampleTime}), so the percentiles show the waits a lookup behind a lock would have.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LookupBenchmark -p records=10000000 -p form=given -p sample=65536
 * java -jar benchmarks/target/benchmarks.jar 'LookupBenchmark.lookupWhileIngesting' -p records=1000000 -p form=normalised
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx16g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LookupBenchmark {

  /** How many distinct identifiers the threads look up, in turn; a power of two. */
  @Param({"65536", "1024"})
  public int sample;

  /** How many records the graph holds. */
  @Param({"1000000", "10000000"})
  public int records;

  /** How the identifiers are written: {@code given} (as the channel gave them) or {@code normalised}. */
  @Param({"given", "normalised"})
  public String form;

  private IdentityResolver resolver;
  private Identifier[] known;
  // The graph's first records, which lookupWhileIngesting's ingestion brings again.
  private List<SourceRecord> firstRecords;

  /** Builds the graph and samples known identifiers, once per fork. */
  @Setup(Level.Trial)
  public void build() {
    resolver = IdentityResolver.builder().build();
    if (Integer.bitCount(sample) != 1) {
      throw new IllegalArgumentException("sample must be a power of two: " + sample);
    }
    int every = Math.max(1, records / (2 * sample));
    List<Identifier> picked = new ArrayList<>(2 * sample);
    AtomicInteger seen = new AtomicInteger();
    Workload.inBatches(records, batch -> {
      if (firstRecords == null) {
        firstRecords = batch;
      }
      resolver.ingestAll(batch);
      for (SourceRecord record : batch) {
        int index = seen.getAndIncrement();
        if (index % every == 0) {
          List<Identifier> identifiers = record.identifiers();
          picked.add(identifiers.get((index / every) % identifiers.size()));
        }
      }
    });
    IdentifierTypes types = IdentifierTypes.defaults();
    List<Identifier> usable = new ArrayList<>(sample);
    for (Identifier identifier : picked) {
      if (usable.size() < sample && resolver.resolve(identifier).isPresent()) {
        usable.add(form.equals("given") ? identifier : types.normalize(identifier).orElseThrow());
      }
    }
    if (usable.size() < sample) {
      throw new IllegalStateException("only " + usable.size() + " known identifiers sampled");
    }
    known = usable.toArray(new Identifier[0]);
    System.out.println("graph: " + resolver.stats());
  }

  /** Where a thread is in the sample. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private int next;

    /**
     * Starts each thread at its own offset, about half the sample from the last one's.
     *
     * @param benchmark the benchmark, for the size of its sample
     */
    @Setup(Level.Trial)
    public void start(LookupBenchmark benchmark) {
      next = THREADS.getAndIncrement() * (benchmark.sample / 2 + 7);
    }

    int next(int sampleMask) {
      return next++ & sampleMask;
    }
  }

  /**
   * One lookup, one thread.
   *
   * @param cursor the thread's place in the sample
   * @return the person
   */
  @Benchmark
  @Threads(1)
  public Optional<OneId> lookup(Cursor cursor) {
    return resolver.resolve(known[cursor.next(known.length - 1)]);
  }

  /**
   * One lookup, from each of two threads at once; the score is the average time one call takes.
   *
   * @param cursor the thread's place in the sample
   * @return the person
   */
  @Benchmark
  @Threads(2)
  public Optional<OneId> lookupTwoThreads(Cursor cursor) {
    return resolver.resolve(known[cursor.next(known.length - 1)]);
  }

  /**
   * One lookup, one thread, while another thread ingests (see the class comment); sampled.
   *
   * @param cursor the thread's place in the sample
   * @param ingestion the ingestion that runs meanwhile
   * @return the person
   */
  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.SampleTime)
  public Optional<OneId> lookupWhileIngesting(Cursor cursor, Ingestion ingestion) {
    return resolver.resolve(known[cursor.next(known.length - 1)]);
  }

  /** A thread that ingests during each iteration: the graph's first records under new keys. */
  @State(Scope.Benchmark)
  public static class Ingestion {
    private volatile boolean running;
    private volatile long ingested;
    private Thread ingesting;
    private int pass;

    /**
     * Starts ingesting.
     *
     * @param benchmark the benchmark, for its resolver and records
     */
    @Setup(Level.Iteration)
    public void start(LookupBenchmark benchmark) {
      running = true;
      List<SourceRecord> templates = benchmark.firstRecords;
      Iterator<SourceRecord> again = new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return running;
        }

        @Override
        public SourceRecord next() {
          if (next == templates.size()) {
            next = 0;
            pass++;
          }
          SourceRecord template = templates.get(next++);
          return new SourceRecord(RecordKey.of(template.key().source(),
              template.key().recordId() + "~" + pass), template.identifiers(),
              template.attributes(), template.observedAt());
        }
      };
      ingesting = new Thread(() -> ingested = benchmark.resolver.ingestStream(again, result -> { }),
          "ingesting");
      ingesting.start();
    }

    /**
     * Stops ingesting, once the batch under way is in.
     *
     * @throws InterruptedException if interrupted while waiting for it
     */
    @TearDown(Level.Iteration)
    public void stop() throws InterruptedException {
      running = false;
      ingesting.join();
      pass++;
      System.out.println("ingested meanwhile: " + ingested + " records");
    }
  }
}
