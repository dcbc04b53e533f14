package io.github.cdpkit.testkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.EntryType;
import io.github.cdpkit.loyalty.LedgerEntry;
import io.github.cdpkit.loyalty.Lot;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link LedgerStore}: every rule its javadoc states, as tests that any
 * implementation must pass.
 *
 * <p>Extend it in your own test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class JdbcLedgerStoreTest extends LedgerStoreContract {
 *   @Override
 *   protected LedgerStore newStore() {
 *     return new JdbcLedgerStore(freshDataSource());
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets its own store. The test methods are public so that JUnit can run them from a
 * subclass in any package or module.
 */
public abstract class LedgerStoreContract {

  private static final Instant AT = Instant.parse("2025-03-01T08:30:15.123456789Z");
  private static final AccountKey LI = AccountKey.of("brand", OneId.of(1));
  private static final AccountKey WANG = AccountKey.of("brand", OneId.of(2));
  private static final AccountKey LI_IN_STORE = AccountKey.of("store-7", OneId.of(1));

  private LedgerStore store;

  /** For subclasses. */
  protected LedgerStoreContract() {}

  /**
   * Returns a new, empty store; called once before every test.
   *
   * @return the store under test
   */
  protected abstract LedgerStore newStore();

  /** Makes the store of the next test. */
  @BeforeEach
  public final void createStore() {
    store = newStore();
  }

  private static LedgerEntry entry(long sequence, AccountKey account, long points) {
    return new LedgerEntry(sequence, account, points > 0 ? EntryType.EARN : EntryType.BURN, points,
        sequence, Instant.parse("2027-12-31T16:00:00Z"), AT, AT, "op-" + sequence,
        "earn:order-" + sequence);
  }

  /** A new store holds nothing. */
  @Test
  public void shouldBeEmptyWhenNew() {
    assertThat(store.accounts()).isEmpty();
    assertThat(store.entries(LI)).isEmpty();
  }

  /** Entries come back equal, every field kept, in the order appended. */
  @Test
  public void shouldReturnEntriesInAppendOrderWhenRead() {
    LedgerEntry earn = entry(1, LI, 100);
    LedgerEntry debt = new LedgerEntry(2, LI, EntryType.REVERSE, -40, -2, Instant.MAX, Instant.MIN,
        AT, "refund-1", "refund:order-1");
    LedgerEntry burn = entry(5, LI, -30);

    store.append(List.of(earn));
    store.append(List.of(debt, burn));

    assertThat(store.entries(LI)).containsExactly(earn, debt, burn);
  }

  /** Each account reads only its own entries, also across programmes. */
  @Test
  public void shouldKeepAccountsApartWhenOneBatchSpansSeveral() {
    LedgerEntry out = entry(3, LI_IN_STORE, -70);
    LedgerEntry in = entry(4, LI, 70);
    LedgerEntry other = entry(1, WANG, 10);

    store.append(List.of(out, in));
    store.append(List.of(other));

    assertThat(store.entries(LI)).containsExactly(in);
    assertThat(store.entries(LI_IN_STORE)).containsExactly(out);
    assertThat(store.entries(WANG)).containsExactly(other);
    assertThat(store.accounts()).containsExactlyInAnyOrder(LI, WANG, LI_IN_STORE);
  }

  /** A batch with a sequence that does not increase within its account stores nothing at all. */
  @Test
  public void shouldStoreNothingWhenABatchBreaksTheSequenceOrder() {
    store.append(List.of(entry(5, LI, 100)));

    assertThatThrownBy(() -> store.append(List.of(entry(6, WANG, 10), entry(5, LI, 10))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5");
    assertThatThrownBy(() -> store.append(List.of(entry(7, LI, 10), entry(7, LI, 10))))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store.entries(LI)).containsExactly(entry(5, LI, 100));
    assertThat(store.entries(WANG)).isEmpty();
    assertThat(store.accounts()).containsExactly(LI);
  }

  /**
   * Every field comes back as appended, at the edges of its type: every entry type, points,
   * sequences and lot ids beyond an {@code int}, instants to the nanosecond, and strings exactly as
   * given (an idempotency key is the caller's), with spaces at their ends and characters outside
   * Latin-1 and outside the Basic Multilingual Plane.
   */
  @Test
  public void shouldKeepEveryFieldExactlyWhenRead() {
    Instant expires = Instant.parse("2027-12-31T15:59:59.999999999Z");
    Instant activates = Instant.parse("2025-03-08T00:00:00.000000001Z");
    List<LedgerEntry> appended = new ArrayList<>();
    long sequence = 3_000_000_000L;
    for (EntryType type : EntryType.values()) {
      sequence++;
      appended.add(new LedgerEntry(sequence, LI, type, sequence % 2 == 0 ? 5_000_000_000L : -7,
          4_294_967_297L + sequence, expires, activates, AT.plusNanos(sequence), " op-" + type,
          "earn:订单-" + type + " ×2 \"双十一\" 🎁 "));
    }
    appended.add(new LedgerEntry(sequence + 1, LI, EntryType.REVERSE, Long.MIN_VALUE + 1,
        -4_294_967_296L, Instant.MAX, Instant.MIN, AT, "refund\t1", "refund:o-1"));
    appended.add(new LedgerEntry(sequence + 2, LI, EntryType.EARN, Long.MAX_VALUE,
        sequence + 2, Instant.MAX, AT, AT, "e", "earn:o-2"));

    store.append(appended);

    assertThat(store.entries(LI)).containsExactlyElementsOf(appended);
  }

  /** A batch of thousands of entries, as a merge of a long-lived account makes, is kept whole. */
  @Test
  public void shouldKeepEveryEntryOfALargeBatch() {
    List<LedgerEntry> batch = new ArrayList<>();
    for (int i = 1; i <= 5_000; i++) {
      batch.add(entry(i, i % 2 == 0 ? LI : WANG, i % 2 == 0 ? i : -i));
    }

    store.append(batch);

    assertThat(store.entries(LI)).containsExactlyElementsOf(
        batch.stream().filter(entry -> entry.account().equals(LI)).toList());
    assertThat(store.entries(WANG)).hasSize(2_500);
  }

  /** The store keeps the entries, not the caller's list, which the caller may change afterwards. */
  @Test
  public void shouldNotChangeWhenTheCallerChangesTheAppendedList() {
    List<LedgerEntry> batch = new ArrayList<>(List.of(entry(1, LI, 100), entry(2, LI, -10)));

    store.append(batch);
    batch.clear();
    batch.add(entry(3, LI, 1));

    assertThat(store.entries(LI)).containsExactly(entry(1, LI, 100), entry(2, LI, -10));
  }

  /** An account appended to many times is listed once. */
  @Test
  public void shouldListEachAccountOnceWhenAppendedToManyTimes() {
    store.append(List.of(entry(1, LI, 100)));
    store.append(List.of(entry(2, LI, -10), entry(1, WANG, 10)));
    store.append(List.of(entry(3, LI, -10), entry(4, LI, 5), entry(2, WANG, 10)));

    assertThat(store.accounts()).containsExactlyInAnyOrder(LI, WANG);
  }

  /** Sequences only need to increase within an account, not across accounts. */
  @Test
  public void shouldAcceptLowerSequencesForAnotherAccount() {
    store.append(List.of(entry(9, LI, 100)));
    store.append(List.of(entry(2, WANG, 100)));

    assertThat(store.entries(WANG)).containsExactly(entry(2, WANG, 100));
  }

  /**
   * The lots are the sums of the entries per lot, empty ones left out, in the order a burn takes
   * them, the debt last.
   */
  @Test
  public void shouldSumEntriesPerLotWhenLotsAreRead() {
    Instant soon = Instant.parse("2026-01-01T00:00:00Z");
    Instant later = Instant.parse("2027-01-01T00:00:00Z");
    store.append(List.of(
        new LedgerEntry(1, LI, EntryType.EARN, 100, 1, later, AT, AT, "e1", "earn:o1"),
        new LedgerEntry(2, LI, EntryType.EARN, 50, 2, soon, AT, AT, "e2", "earn:o2"),
        new LedgerEntry(3, LI, EntryType.ADJUST, 20, 3, later, AT, AT, "a3", "adjust:goodwill")));
    store.append(List.of(
        new LedgerEntry(4, LI, EntryType.BURN, -50, 2, soon, AT, AT, "b4", "burn:coupon"),
        new LedgerEntry(5, LI, EntryType.BURN, -30, 1, later, AT, AT, "b4", "burn:coupon"),
        new LedgerEntry(6, LI, EntryType.REVERSE, -40, -6, Instant.MAX, Instant.MIN, AT, "r6",
            "refund:o9")));

    assertThat(store.lots(LI)).containsExactly(
        new Lot(1, 70, later, AT), new Lot(3, 20, later, AT),
        new Lot(-6, -40, Instant.MAX, Instant.MIN));
    assertThat(store.lots(WANG)).isEmpty();
  }

  /**
   * Lots are ordered by expiry first, whatever their ids, and the debt comes after a lot that
   * never expires; each lot keeps its expiry and activation to the nanosecond.
   */
  @Test
  public void shouldOrderLotsByExpiryThenAgeWithTheDebtLast() {
    Instant soon = Instant.parse("2026-01-01T00:00:00.000000001Z");
    Instant later = Instant.parse("2027-01-01T00:00:00.999999999Z");
    Instant pending = AT.plusNanos(1);
    store.append(List.of(
        new LedgerEntry(1, LI, EntryType.EARN, 100, 1, Instant.MAX, AT, AT, "e1", "earn:o1"),
        new LedgerEntry(2, LI, EntryType.REVERSE, -10, -2, Instant.MAX, Instant.MIN, AT, "r2",
            "refund:o0"),
        new LedgerEntry(3, LI, EntryType.EARN, 30, 3, later, pending, AT, "e3", "earn:o3"),
        new LedgerEntry(4, LI, EntryType.EARN, 40, 4, soon, AT, AT, "e4", "earn:o4"),
        new LedgerEntry(5, LI, EntryType.ADJUST, 50, 5, later, AT, AT, "a5", "adjust:goodwill")));

    assertThat(store.lots(LI)).containsExactly(
        new Lot(4, 40, soon, AT), new Lot(3, 30, later, pending), new Lot(5, 50, later, AT),
        new Lot(1, 100, Instant.MAX, AT), new Lot(-2, -10, Instant.MAX, Instant.MIN));
  }

  /** An empty batch changes nothing. */
  @Test
  public void shouldDoNothingWhenBatchIsEmpty() {
    store.append(List.of());

    assertThat(store.accounts()).isEmpty();
  }

  /** What a reader gets does not change when the store is appended to afterwards. */
  @Test
  public void shouldNotChangeAReturnedListWhenAppendingLater() {
    store.append(List.of(entry(1, LI, 100)));
    List<LedgerEntry> read = store.entries(LI);

    store.append(List.of(entry(2, LI, -10)));

    assertThat(read).containsExactly(entry(1, LI, 100));
  }

  /**
   * Threads appending to their own accounts at once lose nothing, also while each opens hundreds of
   * accounts.
   *
   * @throws InterruptedException if the test is interrupted
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  public void shouldKeepEveryEntryWhenAppendedConcurrently() throws InterruptedException {
    int threads = 4;
    int accountsPerThread = 250;
    int rounds = 4;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t * accountsPerThread + 1;
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int round = 1; round <= rounds; round++) {
          for (int a = first; a < first + accountsPerThread; a++) {
            store.append(List.of(entry(round, AccountKey.of("brand", OneId.of(a)), round)));
          }
        }
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(store.accounts()).hasSize(threads * accountsPerThread).doesNotHaveDuplicates();
    for (int a = 1; a <= threads * accountsPerThread; a++) {
      assertThat(store.entries(AccountKey.of("brand", OneId.of(a))))
          .extracting(LedgerEntry::sequence).containsExactly(1L, 2L, 3L, 4L);
    }
  }

  /**
   * A reader on another thread sees each batch whole or not at all, never half of it, and what it
   * holds does not change while it reads.
   *
   * @throws InterruptedException if the test is interrupted
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  public void shouldShowAReaderEachBatchWholeOrNotAtAll() throws InterruptedException {
    int batches = 2_000;
    List<String> seen = new ArrayList<>();
    Thread writer = new Thread(() -> {
      for (int i = 1; i <= batches; i++) {
        store.append(List.of(entry(2L * i - 1, LI, 10), entry(2L * i, LI, -10)));
      }
    });
    writer.start();
    while (writer.isAlive()) {
      List<LedgerEntry> read = store.entries(LI);
      long sum = 0;
      for (LedgerEntry entry : read) {
        sum += entry.points();
      }
      if (read.size() % 2 != 0 || sum != 0) {
        seen.add(read.size() + " entries, " + sum + " points");
      }
    }
    writer.join();

    assertThat(seen).as("reads that saw half a batch").isEmpty();
    assertThat(store.entries(LI)).hasSize(2 * batches);
  }
}
