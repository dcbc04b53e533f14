package io.github.cdpkit.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.EntryType;
import io.github.cdpkit.loyalty.LedgerEntry;
import io.github.cdpkit.loyalty.Lot;
import io.github.cdpkit.loyalty.spi.InMemoryLedgerStore;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import io.github.cdpkit.testkit.loyalty.LedgerStoreContract;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Checks that the ledger store contract catches stores that break it, one rule at a time. */
class LedgerStoreContractSelfTest {

  /** The contract run against the store {@code factory} makes, one test at a time. */
  private static LedgerStoreContract contractFor(Supplier<LedgerStore> factory) {
    LedgerStoreContract contract = new LedgerStoreContract() {
      @Override
      protected LedgerStore newStore() {
        return factory.get();
      }
    };
    contract.createStore();
    return contract;
  }

  /** A store that writes each entry as {@code storage} changes it, as a lossy column would. */
  private static LedgerStore rewriting(UnaryOperator<LedgerEntry> storage) {
    return new ForwardingLedgerStore() {
      @Override
      public void append(List<LedgerEntry> entries) {
        super.append(entries.stream().map(storage).toList());
      }
    };
  }

  private static LedgerEntry withText(LedgerEntry e, UnaryOperator<String> column) {
    return new LedgerEntry(e.sequence(), e.account(), e.type(), e.points(), e.lot(), e.expiresAt(),
        e.activatesAt(), e.at(), column.apply(e.operation()), column.apply(e.source()));
  }

  private static Instant truncated(Instant instant, ChronoUnit unit) {
    return instant.equals(Instant.MAX) || instant.equals(Instant.MIN) ? instant
        : instant.truncatedTo(unit);
  }

  private static LedgerEntry withInstantsTo(LedgerEntry e, ChronoUnit unit) {
    return new LedgerEntry(e.sequence(), e.account(), e.type(), e.points(), e.lot(),
        truncated(e.expiresAt(), unit), truncated(e.activatesAt(), unit), truncated(e.at(), unit),
        e.operation(), e.source());
  }

  /** The lots of the interface's default, sorted again by {@code order}. */
  private static LedgerStore sortingLots(Comparator<Lot> order) {
    return new ForwardingLedgerStore() {
      @Override
      public List<Lot> lots(AccountKey account) {
        List<Lot> lots = new ArrayList<>(super.lots(account));
        lots.sort(order);
        return lots;
      }
    };
  }

  @Test
  void shouldPassWhenStoreKeepsEveryRule() {
    for (Supplier<LedgerStore> factory :
        List.<Supplier<LedgerStore>>of(InMemoryLedgerStore::new, ForwardingLedgerStore::new)) {
      LedgerStoreContract contract = contractFor(factory);

      assertThatCode(contract::shouldKeepEveryFieldExactlyWhenRead).doesNotThrowAnyException();
      contract.createStore();
      assertThatCode(contract::shouldOrderLotsByExpiryThenAgeWithTheDebtLast)
          .doesNotThrowAnyException();
      contract.createStore();
      assertThatCode(contract::shouldShowAReaderEachBatchWholeOrNotAtAll)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void shouldFailWhenTheStoreKeepsMillisecondsOrMicrosecondsOnly() {
    for (ChronoUnit unit : List.of(ChronoUnit.MILLIS, ChronoUnit.MICROS)) {
      LedgerStoreContract contract = contractFor(() -> rewriting(e -> withInstantsTo(e, unit)));

      assertThatThrownBy(contract::shouldReturnEntriesInAppendOrderWhenRead)
          .isInstanceOf(AssertionError.class);
      contract.createStore();
      assertThatThrownBy(contract::shouldKeepEveryFieldExactlyWhenRead)
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void shouldFailWhenTheStoreKeepsPointsOrLotsInAnInt() {
    LedgerStoreContract points = contractFor(() -> rewriting(e -> new LedgerEntry(e.sequence(),
        e.account(), e.type(), (int) e.points(), e.lot(), e.expiresAt(), e.activatesAt(), e.at(),
        e.operation(), e.source())));
    LedgerStoreContract lots = contractFor(() -> rewriting(e -> new LedgerEntry(e.sequence(),
        e.account(), e.type(), e.points(), (int) e.lot() == 0 ? 1 : (int) e.lot(), e.expiresAt(),
        e.activatesAt(), e.at(), e.operation(), e.source())));

    assertThatThrownBy(points::shouldKeepEveryFieldExactlyWhenRead)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(lots::shouldKeepEveryFieldExactlyWhenRead)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreKnowsOnlySomeEntryTypes() {
    LedgerStoreContract contract = contractFor(() -> rewriting(e -> new LedgerEntry(e.sequence(),
        e.account(), switch (e.type()) {
          case EXPIRE, MERGE_OUT -> EntryType.BURN;
          case MERGE_IN -> EntryType.EARN;
          case REPAY -> EntryType.ADJUST;
          default -> e.type();
        }, e.points(), e.lot(), e.expiresAt(), e.activatesAt(), e.at(), e.operation(),
        e.source())));

    assertThatThrownBy(contract::shouldKeepEveryFieldExactlyWhenRead)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreChangesTheText() {
    for (UnaryOperator<String> column : LossyText.all()) {
      LedgerStoreContract contract = contractFor(() -> rewriting(e -> withText(e, column)));

      assertThatThrownBy(contract::shouldKeepEveryFieldExactlyWhenRead)
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void shouldFailWhenTheStoreListsAnAccountOncePerBatch() {
    LedgerStoreContract contract = contractFor(() -> new ForwardingLedgerStore() {
      private final List<AccountKey> appendedTo = new ArrayList<>();

      @Override
      public synchronized void append(List<LedgerEntry> entries) {
        super.append(entries);
        entries.stream().map(LedgerEntry::account).distinct().forEach(appendedTo::add);
      }

      @Override
      public synchronized List<AccountKey> accounts() {
        return List.copyOf(appendedTo);
      }
    });

    assertThatThrownBy(contract::shouldListEachAccountOnceWhenAppendedToManyTimes)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenARefusedBatchLeavesItsAccounts() {
    LedgerStoreContract contract = contractFor(() -> new ForwardingLedgerStore() {
      private final Set<AccountKey> named = new LinkedHashSet<>();

      @Override
      public synchronized void append(List<LedgerEntry> entries) {
        entries.forEach(entry -> named.add(entry.account())); // before the batch is checked
        super.append(entries);
      }

      @Override
      public synchronized List<AccountKey> accounts() {
        return List.copyOf(named);
      }
    });

    assertThatThrownBy(contract::shouldStoreNothingWhenABatchBreaksTheSequenceOrder)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenLotsAreOrderedByIdOrTheDebtIsNotLast() {
    LedgerStoreContract byId = contractFor(() -> sortingLots(
        Comparator.comparing((Lot lot) -> lot.id() < 0).thenComparingLong(Lot::id)));
    LedgerStoreContract debtAmongThem = contractFor(() -> sortingLots(
        Comparator.comparing(Lot::expiresAt).thenComparingLong(Lot::id)));

    assertThatThrownBy(byId::shouldOrderLotsByExpiryThenAgeWithTheDebtLast)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(debtAmongThem::shouldOrderLotsByExpiryThenAgeWithTheDebtLast)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreKeepsTheCallersList() {
    LedgerStoreContract contract = contractFor(() -> new ForwardingLedgerStore() {
      private final List<List<LedgerEntry>> batches = new ArrayList<>();

      @Override
      public synchronized void append(List<LedgerEntry> entries) {
        super.append(entries);
        batches.add(entries);
      }

      @Override
      public synchronized List<LedgerEntry> entries(AccountKey account) {
        List<LedgerEntry> of = new ArrayList<>();
        batches.forEach(batch -> batch.stream()
            .filter(entry -> entry.account().equals(account)).forEach(of::add));
        return of;
      }
    });

    assertThatThrownBy(contract::shouldNotChangeWhenTheCallerChangesTheAppendedList)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreWritesAThousandEntriesOfABatchAtMost() {
    LedgerStoreContract contract = contractFor(() -> new ForwardingLedgerStore() {
      @Override
      public void append(List<LedgerEntry> entries) {
        super.append(entries.size() > 1_000 ? entries.subList(0, 1_000) : entries);
      }
    });

    assertThatThrownBy(contract::shouldKeepEveryEntryOfALargeBatch)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenAReaderCanSeeHalfABatch() {
    LedgerStoreContract contract = contractFor(() -> new ForwardingLedgerStore() {
      private final LedgerStore checks = new InMemoryLedgerStore();

      @Override
      public void append(List<LedgerEntry> entries) {
        checks.append(entries); // refuses what the store must refuse, then writes entry by entry
        for (LedgerEntry entry : entries) {
          super.append(List.of(entry));
          LockSupport.parkNanos(1_000); // a reader has time to look
        }
      }
    });

    assertThatThrownBy(contract::shouldShowAReaderEachBatchWholeOrNotAtAll)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenConcurrentAppendsToDifferentAccountsLoseOneAnother() {
    LedgerStoreContract contract = contractFor(() -> new LedgerStore() {
      private final LedgerStore checks = new InMemoryLedgerStore();
      private volatile Map<AccountKey, List<LedgerEntry>> byAccount = Map.of();

      @Override
      public void append(List<LedgerEntry> entries) {
        checks.append(entries);
        // Copies, changes and puts back the whole map unlocked: a concurrent append is lost.
        Map<AccountKey, List<LedgerEntry>> next = new HashMap<>(byAccount);
        entries.forEach(entry -> next.merge(entry.account(), List.of(entry), (held, added) -> {
          List<LedgerEntry> all = new ArrayList<>(held);
          all.addAll(added);
          return all;
        }));
        LockSupport.parkNanos(1_000);
        byAccount = next;
      }

      @Override
      public List<LedgerEntry> entries(AccountKey account) {
        return byAccount.getOrDefault(account, List.of());
      }

      @Override
      public List<AccountKey> accounts() {
        return List.copyOf(byAccount.keySet());
      }
    });

    assertThatThrownBy(contract::shouldKeepEveryEntryWhenAppendedConcurrently)
        .isInstanceOf(AssertionError.class);
  }
}
