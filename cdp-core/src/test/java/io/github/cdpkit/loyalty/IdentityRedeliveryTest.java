package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.loyalty.Purchase.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
