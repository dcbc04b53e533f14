package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MixedConcurrencyTest {

  // A store of the test's own makes the resolver keep what an ingest has not committed yet, which
  // lookups wait for; with the internal one it keeps nothing.
  @ParameterizedTest(name = "seed {0}, busy pool {1}, own store {2}")
  @CsvSource({"1,false,false", "2,true,false", "3,false,true", "4,true,true", "5,false,true"})
  void shouldGiveTheSerialPartitionWithMixedWritersAndReaders(long seed, boolean busyPool,
      boolean ownStore) throws Exception {
    List<SourceRecord> records = RandomRecords.generate(seed, 3_000, 1_000, true);
    IdentityResolver serial = IdentityResolver.builder().build();
    records.forEach(serial::ingest);

    IdentityResolver resolver = ownStore
        ? IdentityResolver.builder().store(new InMemoryIdentityStore()).build()
        : IdentityResolver.builder().build();
    List<Long> delivered = new ArrayList<>(); // the dispatcher delivers one at a time
    resolver.addListener(event -> delivered.add(event.sequence()));
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Queue<byte[]> snapshots = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch busyRelease = new CountDownLatch(1);
    if (busyPool) {
      for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism() + 1; i++) {
        ForkJoinPool.commonPool().execute(() -> {
          try {
            busyRelease.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
    }
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      List<SourceRecord> one = records.subList(0, 1_000);
      List<SourceRecord> bulk = records.subList(1_000, 2_000);
      List<SourceRecord> stream = records.subList(2_000, 3_000);
      writers.add(threads.submit(task(start, () -> one.forEach(resolver::ingest))));
      writers.add(threads.submit(task(start, () -> {
        for (int i = 0; i < bulk.size(); i += 500) {
          resolver.ingestAll(bulk.subList(i, i + 500));
        }
      })));
      writers.add(threads.submit(task(start, () -> {
        resolver.ingestStream(stream.iterator(), result -> { });
      })));
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(threads.submit(task(start, () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (writing.get()) {
            SourceRecord record = records.get(random.nextInt(records.size()));
            try {
              for (Identifier identifier : record.identifiers()) {
                Optional<OneId> id = resolver.resolve(identifier);
                if (id.isPresent() && resolver.current(id.get()).isEmpty()) {
                  failures.add(new AssertionError("resolved to a non-current id " + id));
                }
              }
              Optional<OneId> byKey = resolver.resolve(record.key());
              byKey.flatMap(resolver::person).ifPresent(person -> {
                if (!person.records().contains(record.key())
                    && resolver.resolve(record.key()).equals(byKey)) {
                  failures.add(new AssertionError(person + " lacks " + record.key()));
                }
              });
              List<Identifier> ids = record.identifiers();
              if (ids.size() > 1) {
                resolver.explain(ids.get(0), ids.get(1));
              }
              resolver.stats();
              resolver.pendingConflicts();
              if (random.nextInt(200) == 0) {
                List<IdentityEvent> history = resolver.history(0);
                for (int i = 0; i < history.size(); i++) {
                  if (history.get(i).sequence() != i + 1) {
                    failures.add(new AssertionError("history gap at " + i));
                    break;
                  }
                }
              }
              if (snapshots.size() < 3 && random.nextInt(400) == 0) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                resolver.snapshot(out);
                snapshots.add(out.toByteArray());
              }
            } catch (Throwable e) {
              failures.add(e);
            }
          }
        })));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
    } finally {
      busyRelease.countDown();
      threads.shutdownNow();
    }

    assertThat(failures).isEmpty();
    Partitions.of(resolver, records);
    assertThat(Partitions.of(resolver, records)).isEqualTo(Partitions.of(serial, records));
    assertThat(resolver.stats().records()).isEqualTo(serial.stats().records());
    assertThat(resolver.stats().identifiers()).isEqualTo(serial.stats().identifiers());
    assertThat(resolver.stats().people()).isEqualTo(serial.stats().people());
    List<Long> history = resolver.history(0).stream().map(IdentityEvent::sequence).toList();
    assertThat(delivered).isEqualTo(history);
    // Each snapshot taken mid-run restores, and gives the serial people once every record is in.
    for (byte[] snapshot : snapshots) {
      IdentityResolver restored =
          IdentityResolver.builder().restore(new ByteArrayInputStream(snapshot));
      records.forEach(restored::ingest);
      assertThat(Partitions.of(restored, records)).isEqualTo(Partitions.of(serial, records));
    }
  }

  private static Callable<Void> task(CountDownLatch start, Runnable body) {
    return () -> {
      start.await();
      body.run();
      return null;
    };
  }
}
