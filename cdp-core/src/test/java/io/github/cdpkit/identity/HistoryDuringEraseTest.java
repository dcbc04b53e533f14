package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.RecordRemoved;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HistoryDuringEraseTest {

  @Test
  void shouldNeverShowAnErasureBesideTheUnredactedEventsItRedacts() throws Exception {
    int rounds = 0;
    int torn = 0;
    String seen = "";
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < deadline && torn == 0) {
      rounds++;
      IdentityResolver resolver = IdentityResolver.builder().genericThreshold(1_000).build();
      OneId person = null;
      for (int i = 0; i < 300; i++) {
        OneId made = resolver.ingest(SourceRecord.builder("A", "r" + i)
            .identifier("phone", "13800138000").build()).oneId();
        person = person == null ? made : person;
      }
      // 299 removals naming the person, which the erasure turns into Redacted.
      for (int i = 1; i < 300; i++) {
        resolver.removeRecord(RecordKey.of("A", "r" + i));
      }
      AtomicBoolean done = new AtomicBoolean();
      List<String> found = new ArrayList<>();
      Thread reader = new Thread(() -> {
        while (!done.get()) {
          List<IdentityEvent> history = resolver.history(0);
          if (history.get(history.size() - 1) instanceof Erased) {
            long unredacted = history.stream().filter(RecordRemoved.class::isInstance).count();
            if (unredacted > 0) {
              found.add(unredacted + " RecordRemoved beside " + history.get(history.size() - 1));
            }
            return;
          }
        }
      });
      reader.start();
      OneId erased = person;
      resolver.erase(erased);
      done.set(true);
      reader.join();
      assertThat(resolver.history(0)).noneMatch(RecordRemoved.class::isInstance);
      if (!found.isEmpty()) {
        torn++;
        seen = found.get(0);
      }
    }
    assertThat(torn).as("rounds of " + rounds + " whose history read showed " + seen).isZero();
  }
}
