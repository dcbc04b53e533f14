package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.IngestResult.Outcome;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * A stream prepares a batch ahead, with no lock held: a person erased after their record was
 * prepared, but before it is linked, must not come back through it.
 */
class StreamErasureTest {

  @Test
  void shouldRefuseARecordOfAPersonErasedAfterItsBatchWasPrepared() {
    IdentityResolver resolver = IdentityResolver.builder().build();
    OneId erased = resolver.ingest(SourceRecord.builder("crm", "p")
        .identifier("email", "p@example.com").build()).oneId();
    int batch = GraphIdentityResolver.STREAM_BATCH;
    // The person's record is in the second batch, prepared while the first links; the erasure
    // comes when the iterator is asked for the third batch, before the second links.
    int replayAt = batch + 10;
    Iterator<SourceRecord> records = new Iterator<>() {
      private int next;
      private boolean erasedYet;

      @Override
      public boolean hasNext() {
        if (next == 2 * batch && !erasedYet) {
          erasedYet = true;
          resolver.erase(erased);
        }
        return next < 2 * batch + 5;
      }

      @Override
      public SourceRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int i = next++;
        return i == replayAt
            ? SourceRecord.builder("shop", "replay").identifier("email", "p@example.com").build()
            : SourceRecord.builder("shop", "r" + i).identifier("member_no", "M" + i).build();
      }
    };
    List<IngestResult> results = new ArrayList<>();

    resolver.ingestStream(records, results::add);

    assertThat(results.get(replayAt).outcome()).isEqualTo(Outcome.REFUSED_ERASED);
    assertThat(resolver.resolve(RecordKey.of("shop", "replay"))).isEmpty();
    assertThat(resolver.current(erased)).isEmpty();
    assertThat(results).hasSize(2 * batch + 5);
  }
}
