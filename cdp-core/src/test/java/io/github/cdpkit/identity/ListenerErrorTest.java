package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerErrorTest {

  @Test
  void shouldDeliverAnEventToTheOtherListenersWhenOneFailsWithAnError() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    resolver.ingest(SourceRecord.builder("A", "1").identifier("phone", "13800138000").build());
    resolver.ingest(SourceRecord.builder("B", "1").identifier("email", "b@example.com").build());
    resolver.addListener(event -> {
      if (event.sequence() == 1) {
        throw new AssertionError("a listener's own check failed"); // an Error, not an Exception
      }
    });
    List<Long> second = new ArrayList<>();
    resolver.addListener(event -> second.add(event.sequence()));

    Throwable thrown = null;
    try {
      resolver.ingest(SourceRecord.builder("C", "1")
          .identifier("phone", "13800138000").identifier("email", "b@example.com").build());
    } catch (Throwable e) {
      thrown = e;
    }
    resolver.removeRecord(RecordKey.of("C", "1")); // splits them again: events 2 and 3

    assertThat(second).as("what the second listener saw").containsExactly(1L, 2L, 3L);
    assertThat(thrown).as("thrown by ingest, whose change was made").isNull();
  }
}
