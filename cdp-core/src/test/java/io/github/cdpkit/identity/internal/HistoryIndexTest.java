package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.ConflictRule;
import io.github.cdpkit.identity.event.GenericValueDetected;
import io.github.cdpkit.identity.event.LinkRemoved;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.RecordRemoved;
import io.github.cdpkit.identity.event.Split;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history index finds every event that names what an erasure asks about. */
class HistoryIndexTest {

  private static final Instant AT = Instant.parse("2025-03-01T08:30:15Z");

  private final HistoryIndex index = new HistoryIndex();

  private static Identifier phone(int n) {
    return Identifier.of("phone", "+86139" + (10_000_000 + n));
  }

  @Test
  void shouldFindEachConflictByItsPeopleAndIdentifierWhenTheTableHasGrown() {
    int conflicts = 5_000;
    for (int i = 1; i <= conflicts; i++) {
      index.add(new Conflict(i, AT, OneId.of(2L * i), OneId.of(2L * i + 1), phone(i),
          ConflictRule.PROFILE_LIMIT, "member_no allows 1 per person"));
    }

    for (int i = 1; i <= conflicts; i++) {
      assertThat(index.naming(List.of(OneId.of(2L * i)), List.of())).containsExactly((long) i);
      assertThat(index.naming(List.of(OneId.of(2L * i + 1)), List.of())).containsExactly((long) i);
      assertThat(index.naming(List.of(), List.of(phone(i)))).containsExactly((long) i);
    }
    assertThat(index.naming(List.of(OneId.of(1)), List.of(phone(0)))).isEmpty();
  }

  @Test
  void shouldFindEveryEventNamingAPersonOrIdentifierOnceWhenSeveralNameThem() {
    index.add(new Conflict(1, AT, OneId.of(3), OneId.of(4), phone(1), ConflictRule.PROFILE_LIMIT,
        "detail"));
    index.add(new Merged(2, AT, OneId.of(3), List.of(OneId.of(5)), false));
    index.add(new RecordRemoved(3, AT, RecordKey.of("pos", "7"), OneId.of(3)));
    index.add(new GenericValueDetected(4, AT, phone(1), 120, 100));
    index.add(new LinkRemoved(5, AT, RecordKey.of("pos", "8"), phone(2), OneId.of(6)));
    index.add(new LinkRemoved(6, AT, RecordKey.of("pos", "9"), phone(1), OneId.of(7)));

    assertThat(index.naming(List.of(OneId.of(3), OneId.of(5)), List.of(phone(1))))
        .containsExactly(1L, 3L, 4L, 6L);
    assertThat(index.naming(List.of(OneId.of(6)), List.of())).containsExactly(5L);
    // By the record or the value, whoever held the record then.
    assertThat(index.quoting(List.of("pos/8"))).containsExactly(5L);
    assertThat(index.quoting(List.of(phone(2).toString(), "  "))).containsExactly(5L);
  }

  @Test
  void shouldFindASplitByTheFirstWordOfAQuotedTextWhenWordsAreSeparatedByAnyWhitespace() {
    index.add(new Split(7, AT, OneId.of(1), List.of(OneId.of(1), OneId.of(2)),
        "record src/c (1)+\tremoved\nlink phone=+8613800138000 of A/1 removed"));
    index.add(new Split(9, AT, OneId.of(1), List.of(OneId.of(1), OneId.of(3)),
        "re-decided when src/d arrived"));

    assertThat(index.quoting(List.of("src/c (1)+"))).containsExactly(7L);
    assertThat(index.quoting(List.of("phone=+8613800138000", "src/d"))).containsExactly(7L, 9L);
    assertThat(index.quoting(List.of("  A/1"))).containsExactly(7L);
    assertThat(index.quoting(List.of("src/e", "phone=+8613800138001"))).isEmpty();
    assertThat(index.naming(List.of(OneId.of(1)), List.of())).isEmpty();
  }

  @Test
  void shouldFindASplitByAWordOfItsRewrittenReasonWhenAddedAgain() {
    index.add(new Split(7, AT, OneId.of(1), List.of(OneId.of(1), OneId.of(2)),
        "record src/c removed"));

    index.add(new Split(7, AT, OneId.of(1), List.of(OneId.of(1), OneId.of(2)),
        "record [erased] removed"));

    assertThat(index.quoting(List.of("[erased] x/1"))).containsExactly(7L);
    assertThat(index.quoting(List.of("src/c"))).containsExactly(7L);
  }
}
