package io.github.cdpkit.testkit.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.profile.Consent;
import io.github.cdpkit.profile.EventKind;
import io.github.cdpkit.profile.MemberLayer;
import io.github.cdpkit.profile.Membership;
import io.github.cdpkit.profile.Money;
import io.github.cdpkit.profile.SourcedValue;
import io.github.cdpkit.profile.TimelineEvent;
import io.github.cdpkit.profile.spi.ProfileRecord;
import io.github.cdpkit.profile.spi.ProfileStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link ProfileStore}: every rule its javadoc states, as tests that any
 * implementation must pass.
 *
 * <p>Extend it in your own test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class JdbcProfileStoreTest extends ProfileStoreContract {
 *   @Override
 *   protected ProfileStore newStore() {
 *     return new JdbcProfileStore(freshDataSource());
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets its own store. The test methods are public so that JUnit can run them from a
 * subclass in any package or module.
 */
public abstract class ProfileStoreContract {

  private static final Instant AT = Instant.parse("2025-03-01T08:30:15.123456789Z");

  private ProfileStore store;

  /** For subclasses. */
  protected ProfileStoreContract() {}

  /**
   * Returns a new, empty store; called once before every test.
   *
   * @return the store under test
   */
  protected abstract ProfileStore newStore();

  /** Makes the store of the next test. */
  @BeforeEach
  public final void createStore() {
    store = newStore();
  }

  private static RecordKey key(String source, String id) {
    return RecordKey.of(source, id);
  }

  /**
   * A contribution with every part filled, so that a store that drops one is caught: two of each
   * part kept in a list, so that one kept out of order is caught; an event of another channel with
   * the same id; amounts negative, in more than one currency and beyond what a {@code double} holds
   * exactly; strings with spaces at their ends, quotes, characters outside Latin-1 and outside the
   * Basic Multilingual Plane.
   */
  private static ProfileRecord full(RecordKey key) {
    TimelineEvent order = TimelineEvent.builder("o-1", EventKind.ORDER, key.source(), AT)
        .outlet("store-12")
        .line("FORMULA-3", 2, Money.of("268.00", "CNY"))
        .line("BIB-1", 1, Money.of("39.90", "CNY"))
        .detail("payment", "wechat_pay")
        .detail("note", "  gift wrap, \"红色\" 🎀  ")
        .detail("empty", "")
        .build();
    TimelineEvent refund = TimelineEvent.builder("o-1", EventKind.RETURN, "crm", AT.plusNanos(1))
        .amount(Money.of("-90071992547409.93", "USD"))
        .build();
    return ProfileRecord.empty(key)
        .withAttribute("city", new SourcedValue(key.source(), key, "杭州", AT))
        .withAttribute("nickname", new SourcedValue("crm", key, " Li \"Lei\", Jr. 🐼 ", AT))
        .withEvent(order)
        .withEvent(TimelineEvent.builder("c-9", EventKind.COUPON, key.source(), AT)
            .detail("code", "SPRING-10").build())
        .withEvent(refund)
        .withMembership(new Membership(MemberLayer.STORE, "store-12", key.source(), AT))
        .withMembership(new Membership(MemberLayer.BRAND, "brand-1", "crm", AT.minusNanos(1)))
        .withConsent(new Consent(Consent.MARKETING, true, key.source(), AT))
        .withConsent(new Consent(Consent.MARKETING, false, "crm", AT.plusSeconds(60)))
        .withTag("vip", "crm")
        .withTag("母婴", key.source());
  }

  /** A new store holds nothing. */
  @Test
  public void shouldBeEmptyWhenNew() {
    List<ProfileRecord> visited = new ArrayList<>();
    store.forEach(visited::add);

    assertThat(store.size()).isZero();
    assertThat(visited).isEmpty();
    assertThat(store.get(key("tmall", "1"))).isEmpty();
  }

  /** A stored contribution comes back equal, every part and its order kept. */
  @Test
  public void shouldReturnStoredContributionEqualWhenLookedUpByKey() {
    ProfileRecord record = full(key("pos", "p-1"));

    store.put(record);

    assertThat(store.get(record.key())).contains(record);
    assertThat(store.get(record.key()).orElseThrow().tags())
        .containsExactly(Map.entry("vip", "crm"), Map.entry("母婴", "pos"));
    assertThat(store.size()).isEqualTo(1);
  }

  /** A contribution with nothing in it is still stored. */
  @Test
  public void shouldKeepAnEmptyContributionWhenStored() {
    ProfileRecord record = ProfileRecord.empty(key("pos", "p-2"));

    store.put(record);

    assertThat(store.get(record.key())).contains(record);
  }

  /** Putting under a known key replaces the contribution, leaving one. */
  @Test
  public void shouldReplaceTheContributionWhenPutAgainUnderTheSameKey() {
    RecordKey key = key("app", "a-1");
    store.put(full(key));
    ProfileRecord replacement = ProfileRecord.empty(key)
        .withAttribute("city", new SourcedValue("app", key, "Ningbo", AT.plusSeconds(1)));

    store.put(replacement);

    assertThat(store.get(key)).contains(replacement);
    assertThat(store.size()).isEqualTo(1);
  }

  /** Keys that differ only in source or only in record id are different records. */
  @Test
  public void shouldTellKeysApartByBothParts() {
    store.put(full(key("tmall", "1")));
    store.put(full(key("jd", "1")));
    store.put(full(key("tmall", "2")));

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.get(key("jd", "1")).orElseThrow().key()).isEqualTo(key("jd", "1"));
  }

  /**
   * Keys are told apart exactly: keys that differ only in case or in a trailing space (which a
   * database's collation may take for one), or whose parts join into the same text, are different
   * records.
   */
  @Test
  public void shouldTellApartKeysThatOnlyAnExactComparisonTellsApart() {
    List<RecordKey> keys = List.of(key("tmall", "u-1"), key("TMALL", "u-1"), key("tmall", "U-1"),
        key("tmall", "u-1 "), key("tmall ", "u-1"), key("tmall/u", "1"), key("tmall", "u/1"),
        key("tmall", "ü-1"));
    keys.forEach(key -> store.put(full(key)));

    assertThat(store.size()).isEqualTo(keys.size());
    for (RecordKey key : keys) {
      assertThat(store.get(key)).contains(full(key));
    }
    assertThat(store.remove(key("TMALL", "u-1"))).isTrue();
    assertThat(store.get(key("tmall", "u-1"))).contains(full(key("tmall", "u-1")));
    assertThat(store.size()).isEqualTo(keys.size() - 1);
  }

  /** A removed contribution leaves no trace: not found, not visited, not counted. */
  @Test
  public void shouldLeaveNoTraceWhenRemoved() {
    RecordKey gone = key("tmall", "1");
    store.put(full(gone));
    store.put(full(key("pos", "1")));

    assertThat(store.remove(gone)).isTrue();

    List<RecordKey> visited = new ArrayList<>();
    store.forEach(record -> visited.add(record.key()));
    assertThat(store.get(gone)).isEmpty();
    assertThat(visited).containsExactly(key("pos", "1"));
    assertThat(store.size()).isEqualTo(1);
  }

  /** Removing an unknown key changes nothing and says so. */
  @Test
  public void shouldReturnFalseWhenRemovingAnUnknownKey() {
    store.put(full(key("pos", "1")));

    assertThat(store.remove(key("pos", "2"))).isFalse();
    assertThat(store.size()).isEqualTo(1);
  }

  /** Every contribution is visited exactly once. */
  @Test
  public void shouldVisitEveryContributionOnceWhenIterated() {
    Set<RecordKey> stored = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      RecordKey key = key(i % 2 == 0 ? "tmall" : "pos", "r-" + i);
      store.put(full(key));
      stored.add(key);
    }

    List<RecordKey> visited = new ArrayList<>();
    store.forEach(record -> visited.add(record.key()));

    assertThat(visited).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(stored);
    assertThat(store.size()).isEqualTo(500);
  }

  /**
   * What a visit hands over is the contribution as stored, every part kept, as a lookup returns it:
   * the pool rebuilds itself from a visit when it starts.
   */
  @Test
  public void shouldVisitEachContributionEqualToTheOneStored() {
    List<ProfileRecord> stored = List.of(full(key("tmall", "1")), full(key("pos", "1")),
        ProfileRecord.empty(key("app", "1")));
    stored.forEach(store::put);

    List<ProfileRecord> visited = new ArrayList<>();
    store.forEach(visited::add);

    assertThat(visited).containsExactlyInAnyOrderElementsOf(stored);
  }

  /**
   * Writers on several threads lose nothing.
   *
   * @throws InterruptedException if interrupted while waiting for the writers
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  public void shouldLoseNoContributionWhenWrittenFromSeveralThreads() throws InterruptedException {
    int threads = 4;
    int perThread = 250;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String source = "channel" + t;
      Thread writer = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < perThread; i++) {
          store.put(full(key(source, "r-" + i)));
        }
      });
      writer.start();
      writers.add(writer);
    }

    start.countDown();
    for (Thread writer : writers) {
      writer.join();
    }

    assertThat(store.size()).isEqualTo(threads * perThread);
  }
}
