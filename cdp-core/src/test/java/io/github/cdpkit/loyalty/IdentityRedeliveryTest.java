package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.spi.InMemoryLedgerStore;
import io.github.cdpkit.loyalty.spi.LedgerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityRedeliveryTest {

  private final TestClock clock = new TestClock("2025-06-01T00:00:00Z");

  @Test
  void shouldChangeNothingWhenASplitIsRedeliveredAfterALaterMerge() {
    LoyaltyService loyalty = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("brand").build()).clock(clock).build();
    IdentityListener listener = loyalty.identityListener();
    AccountKey a = AccountKey.of("brand", OneId.of(1));
    AccountKey b = AccountKey.of("brand", OneId.of(2));
    loyalty.enroll(a);
    loyalty.enroll(b);
    loyalty.earn("e1", b, Purchase.of("o1", Line.of("tv", 10_000)));   // 100 points
    listener.onEvent(new Merged(5, clock.instant(), OneId.of(1), List.of(OneId.of(2)), false));
    Split split = new Split(6, clock.instant(), OneId.of(1), List.of(OneId.of(1), OneId.of(2)),
        "link removed");
    listener.onEvent(split);
    listener.onEvent(new Merged(7, clock.instant(), OneId.of(1), List.of(OneId.of(2)), true));
    assertThat(loyalty.balance(a).total()).isEqualTo(100);

    listener.onEvent(split);   // late redelivery of an event already applied

    assertThat(loyalty.balance(a).total()).isEqualTo(100);
    assertThat(loyalty.balance(b).total()).isZero();
  }

  @Test
  void shouldMergeEveryOtherProgramWhenOneProgramsAccountsWereAlreadyMergedByHand() {
    LoyaltyService loyalty = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("a").build())
        .program(LoyaltyProgram.builder("b").build()).clock(clock).build();
    AccountKey a1 = AccountKey.of("a", OneId.of(1));
    AccountKey a2 = AccountKey.of("a", OneId.of(2));
    AccountKey b1 = AccountKey.of("b", OneId.of(1));
    AccountKey b2 = AccountKey.of("b", OneId.of(2));
    for (AccountKey k : List.of(a1, a2, b1, b2)) {
      loyalty.enroll(k);
    }
    loyalty.earn("e1", b2, Purchase.of("o1", Line.of("tv", 10_000)));
    loyalty.merge("by-hand", a1, List.of(a2));   // an operator merged programme a already

    try {
      loyalty.identityListener().onEvent(
          new Merged(5, clock.instant(), OneId.of(1), List.of(OneId.of(2)), false));
    } catch (LoyaltyException e) {
      // whatever the listener does with programme a, programme b must follow the identity merge
    }

    assertThat(loyalty.balance(b1).total()).isEqualTo(100);
    assertThat(loyalty.balance(b2).total()).isZero();
  }

  /** A store whose {@code failing}-th append from now on fails, once, before it writes anything. */
  private static final class FailingStore implements LedgerStore {
    private final LedgerStore store = new InMemoryLedgerStore();
    private int countdown;

    void failAppend(int failing) {
      countdown = failing;
    }

    @Override
    public void append(List<LedgerEntry> entries) {
      if (--countdown == 0) {
        throw new UncheckedIOException("disk full", new IOException("disk full"));
      }
      store.append(entries);
    }

    @Override
    public List<LedgerEntry> entries(AccountKey account) {
      return store.entries(account);
    }

    @Override
    public List<AccountKey> accounts() {
      return store.accounts();
    }
  }

  /**
   * In two programmes, person 3 merged into 2, 2 into 1, then a split of 1 into 1 and 3: three
   * steps in each (take 2 out of 1, 3 out of 2, merge 2 back into 1), the {@code failing}-th of the
   * six failing, if any; the balance of every account once the split is delivered again.
   */
  private Map<AccountKey, Long> splitDeliveredAgainAfterAFailure(int failing) {
    FailingStore store = new FailingStore();
    List<Object> events = new ArrayList<>();
    LoyaltyService loyalty = LoyaltyService.builder()
        .program(LoyaltyProgram.builder("a").build()).program(LoyaltyProgram.builder("b").build())
        .store(store).clock(clock).listener(events::add).build();
    IdentityListener listener = loyalty.identityListener();
    List<AccountKey> accounts = new ArrayList<>();
    for (String program : List.of("a", "b")) {
      for (int person = 1; person <= 3; person++) {
        AccountKey account = AccountKey.of(program, OneId.of(person));
        loyalty.enroll(account);
        loyalty.earn("e" + person, account,
            Purchase.of("o" + person, Line.of("tv", person * 10_000L)));
        accounts.add(account);
      }
    }
    listener.onEvent(new Merged(1, clock.instant(), OneId.of(2), List.of(OneId.of(3)), false));
    listener.onEvent(new Merged(2, clock.instant(), OneId.of(1), List.of(OneId.of(2)), false));
    Split split = new Split(3, clock.instant(), OneId.of(1), List.of(OneId.of(1), OneId.of(3)),
        "link removed");
    store.failAppend(failing);
    if (failing > 0) {
      assertThatThrownBy(() -> listener.onEvent(split)).hasMessage("disk full");
    }
    events.clear();

    listener.onEvent(split);
    listener.onEvent(split);

    assertThat(events).as("what the delivery after the failure did")
        .hasSize(6 - Math.max(0, failing - 1));
    for (String program : List.of("a", "b")) {
      assertThatThrownBy(() -> loyalty.burn("b2", AccountKey.of(program, OneId.of(2)), 1, "x"))
          .hasMessageContaining("merged into " + program + "/oid-1");
    }
    return accounts.stream()
        .collect(Collectors.toMap(account -> account, account -> loyalty.balance(account).total()));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void shouldFinishASplitWhenItIsDeliveredAgainAfterFailingPartWay(int failing) {
    Map<AccountKey, Long> clean = splitDeliveredAgainAfterAFailure(0);
    assertThat(clean).containsEntry(AccountKey.of("b", OneId.of(3)), 300L)
        .containsEntry(AccountKey.of("b", OneId.of(1)), 300L);

    assertThat(splitDeliveredAgainAfterAFailure(failing)).isEqualTo(clean);
  }
}
