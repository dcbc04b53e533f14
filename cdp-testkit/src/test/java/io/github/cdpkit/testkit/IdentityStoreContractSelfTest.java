package io.github.cdpkit.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import io.github.cdpkit.testkit.RollingBackIdentityStoreContractTest.RollingBack;
import io.github.cdpkit.testkit.identity.AtomicIdentityStoreContract;
import io.github.cdpkit.testkit.identity.IdentityStoreContract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Checks that the contracts catch stores that break them, one broken rule at a time. */
class IdentityStoreContractSelfTest {

  /**
   * A contract run against the store {@code factory} makes, one test at a time: the contract of an
   * atomic store, which is also the whole contract of any store.
   */
  private static AtomicIdentityStoreContract contractFor(Supplier<IdentityStore> factory) {
    AtomicIdentityStoreContract contract = new AtomicIdentityStoreContract() {
      @Override
      protected IdentityStore newStore() {
        return factory.get();
      }
    };
    contract.createStore();
    return contract;
  }

  @Test
  void shouldPassWhenStoreKeepsEveryRule() {
    IdentityStoreContract contract = contractFor(InMemoryIdentityStore::new);

    assertThatCode(contract::shouldKeepFirstStoredPositionWhenRecordReplaced)
        .doesNotThrowAnyException();
  }

  @Test
  void shouldFailWhenReplacementMovesRecordToTheEnd() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      @Override
      public void putRecord(StoredRecord record) {
        super.removeRecord(record.key());
        super.putRecord(record);
      }
    });

    assertThatThrownBy(contract::shouldKeepFirstStoredPositionWhenRecordReplaced)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenLastIssuedIdGoesBack() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      private long last;

      @Override
      public long lastIssuedId() {
        return last;
      }

      @Override
      public void setLastIssuedId(long value) {
        last = value;
      }
    });

    assertThatThrownBy(contract::shouldRejectLastIssuedIdWhenGoingBack)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenEventsAfterIncludeTheBoundary() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      @Override
      public List<IdentityEvent> events(long afterSequence) {
        return super.events(afterSequence - 1);
      }
    });

    assertThatThrownBy(contract::shouldReturnEventsStrictlyAfterSequenceWhenAsked)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenDecisionsAreKeptTwice() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      private final List<ManualDecision> decisions = new ArrayList<>();

      @Override
      public void putDecision(ManualDecision decision) {
        decisions.add(decision);
      }

      @Override
      public List<ManualDecision> decisions() {
        return List.copyOf(decisions);
      }
    });

    assertThatThrownBy(contract::shouldKeepOneDecisionWhenStoredTwice)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenAReplacementIsIgnored() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      @Override
      public void replaceEvent(IdentityEvent event) {
        // keeps the original: an erased person's values would stay in the history
      }
    });

    assertThatThrownBy(contract::shouldKeepAReplacedEventInItsPlaceWhenReplaced)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenEventsAskedByNumberComeInTheOrderAsked() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      @Override
      public List<IdentityEvent> events(Collection<Long> sequences) {
        List<IdentityEvent> found = new ArrayList<>();
        sequences.forEach(sequence -> found.addAll(super.events(List.of(sequence))));
        return found;
      }
    });

    assertThatThrownBy(contract::shouldReturnTheEventsWithTheGivenSequencesWhenAskedByNumber)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldPassWhenStoreKeepsTheDefaultLookupByNumber() {
    IdentityStoreContract contract = contractFor(ForwardingIdentityStore::new);

    assertThatCode(contract::shouldReturnTheEventsWithTheGivenSequencesWhenAskedByNumber)
        .doesNotThrowAnyException();
    contract.createStore();
    assertThatCode(contract::shouldReturnTheReplacementWhenAReplacedEventIsAskedByNumber)
        .doesNotThrowAnyException();
  }

  @Test
  void shouldFailWhenTheStoreKeepsTheWritesMadeBeforeAFailure() {
    AtomicIdentityStoreContract contract = contractFor(InMemoryIdentityStore::new);

    assertThatThrownBy(contract::shouldUndoEveryWriteOfAChangeThatThrows)
        .isInstanceOf(AssertionError.class);
    contract.createStore();
    assertThatThrownBy(contract::shouldUndoEveryFailedChangeAndKeepEverySuccessfulOne)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreUndoesAllButTheEvents() {
    AtomicIdentityStoreContract contract = contractFor(() -> new RollingBack() {
      private final List<IdentityEvent> appended = new ArrayList<>();

      @Override
      public void append(IdentityEvent event) {
        super.append(event);
        appended.add(event);
      }

      @Override
      public List<IdentityEvent> events(long afterSequence) {
        return appended.stream().filter(event -> event.sequence() > afterSequence).toList();
      }
    });

    assertThatThrownBy(contract::shouldUndoEveryWriteOfAChangeThatThrows)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreUndoesOnlyWhatARuntimeExceptionInterrupted() {
    AtomicIdentityStoreContract contract = contractFor(() -> undoingOnly(RuntimeException.class));

    assertThatThrownBy(contract::shouldUndoEveryWriteOfAChangeThatThrowsAnError)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreUndoesOnlyExceptionsItCanName() {
    AtomicIdentityStoreContract contract =
        contractFor(() -> undoingOnly(RuntimeException.class, Error.class));

    assertThatThrownBy(contract::shouldUndoEveryWriteOfAChangeThatThrowsACheckedExceptionUndeclared)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreRetriesAFailedChange() {
    AtomicIdentityStoreContract contract = contractFor(() -> new RollingBack() {
      @Override
      public <T> T atomically(Supplier<T> change) {
        try {
          return super.atomically(change);
        } catch (RuntimeException firstTry) {
          return super.atomically(change);
        }
      }
    });

    assertThatThrownBy(contract::shouldRunAChangeExactlyOnce)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreUndoesNoChangeAfterItsFirstFailure() {
    AtomicIdentityStoreContract contract = contractFor(() -> new RollingBack() {
      private boolean inChange;

      @Override
      public <T> T atomically(Supplier<T> change) {
        if (inChange) { // taken for a nested change, which joins the outer one
          return change.get();
        }
        inChange = true;
        T result = super.atomically(change);
        inChange = false; // forgotten when the change throws
        return result;
      }
    });

    assertThatThrownBy(contract::shouldUndoEveryFailedChangeAndKeepEverySuccessfulOne)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreLosesDecisionsAndDenialsAtTheCommit() {
    AtomicIdentityStoreContract contract = contractFor(() -> new RollingBack() {
      @Override
      public <T> T atomically(Supplier<T> change) {
        IdentityStore before = copyOf(delegate());
        T result = super.atomically(change);
        delegate().decisions().forEach(this::removeDecision);
        before.decisions().forEach(this::putDecision);
        return result;
      }
    });

    assertThatThrownBy(contract::shouldKeepEveryWriteOfAChangeThatReturns)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreHidesAChangesEventsFromTheChange() {
    AtomicIdentityStoreContract contract = contractFor(() -> new RollingBack() {
      private final List<IdentityEvent> heldUntilCommit = new ArrayList<>();
      private boolean inChange;

      @Override
      public <T> T atomically(Supplier<T> change) {
        inChange = true;
        try {
          T result = super.atomically(change);
          heldUntilCommit.forEach(super::append);
          return result;
        } finally {
          heldUntilCommit.clear();
          inChange = false;
        }
      }

      @Override
      public void append(IdentityEvent event) {
        if (inChange) {
          heldUntilCommit.add(event);
        } else {
          super.append(event);
        }
      }
    });

    assertThatThrownBy(contract::shouldLetAChangeReadEveryKindOfItsOwnWrites)
        .isInstanceOf(AssertionError.class);
  }

  /** A store that undoes a failed change only if what the change threw is of one of these kinds. */
  private static IdentityStore undoingOnly(Class<?>... undone) {
    return new ForwardingIdentityStore() {
      @Override
      public <T> T atomically(Supplier<T> change) {
        IdentityStore before = RollingBack.copyOf(delegate());
        try {
          return change.get();
        } catch (Throwable e) {
          if (Arrays.stream(undone).anyMatch(kind -> kind.isInstance(e))) {
            delegateTo(before);
          }
          throw e;
        }
      }
    };
  }
}
