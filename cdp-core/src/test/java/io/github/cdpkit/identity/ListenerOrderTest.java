package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.Merged;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerOrderTest {

  @Test
  void shouldDeliverEventsInSequenceOrderToEveryListenerWhenAListenerWritesBack() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    resolver.ingest(SourceRecord.builder("A", "1").identifier("phone", "13800138000").build());
    resolver.ingest(SourceRecord.builder("B", "1").identifier("email", "b@example.com").build());
    resolver.ingest(SourceRecord.builder("D", "1").identifier("email", "d@example.com").build());
    resolver.ingest(SourceRecord.builder("E", "1").identifier("phone", "13900139000").build());
    // The first listener reacts to a merge with a change of its own, which makes a merge too.
    resolver.addListener(event -> {
      if (event instanceof Merged && event.sequence() < 10) {
        resolver.ingest(SourceRecord.builder("F", "1").identifier("email", "d@example.com")
            .identifier("phone", "13900139000").build());
      }
    });
    List<Long> second = new ArrayList<>();
    resolver.addListener(event -> second.add(event.sequence()));

    resolver.ingest(SourceRecord.builder("C", "1").identifier("phone", "13800138000")
        .identifier("email", "b@example.com").build());

    List<Long> history = resolver.history(0).stream().map(IdentityEvent::sequence).toList();
    assertThat(second).as("what the second listener saw, against the history " + history)
        .isSorted().doesNotHaveDuplicates();
    assertThat(second).isEqualTo(history.subList(history.size() - second.size(), history.size()));
  }
}
