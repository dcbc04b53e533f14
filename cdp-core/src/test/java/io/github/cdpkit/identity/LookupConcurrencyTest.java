package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LookupConcurrencyTest {

  // Threads of its own: the common pool may have a single worker, which the stuck ingest would hold.
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @Test
  void shouldAnswerALookupWhileAnotherThreadIsStuckInItsIngestion() throws Exception {
    CountDownLatch listenerEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IdentityResolver resolver = IdentityResolver.builder().build();
    OneId known = resolver.ingest(SourceRecord.builder("A", "1")
        .identifier("phone", "13800138000").build()).oneId();
    resolver.addListener(event -> {
      listenerEntered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    resolver.ingest(SourceRecord.builder("B", "1").identifier("email", "b@example.com").build());
    // This ingest merges A and B; its thread then sits in the listener until released.
    CompletableFuture<IngestResult> stuck = CompletableFuture.supplyAsync(() ->
        resolver.ingest(SourceRecord.builder("C", "1").identifier("phone", "13800138000")
            .identifier("email", "b@example.com").build()), threads);
    assertThat(listenerEntered.await(10, TimeUnit.SECONDS)).isTrue();

    Optional<OneId> answer = CompletableFuture.supplyAsync(() ->
        resolver.resolve(Identifier.of("phone", "13800138000")), threads).get(5, TimeUnit.SECONDS);

    assertThat(answer).contains(known);
    release.countDown();
    assertThat(stuck.get(10, TimeUnit.SECONDS).oneId()).isEqualTo(known);
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }
}
