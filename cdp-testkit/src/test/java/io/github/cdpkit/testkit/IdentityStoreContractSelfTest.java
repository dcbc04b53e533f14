package io.github.cdpkit.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import io.github.cdpkit.testkit.RollingBackIdentityStoreContractTest.RollingBack;
import io.github.cdpkit.testkit.identity.AtomicIdentityStoreContract;
import io.github.cdpkit.testkit.identity.IdentityStoreContract;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
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

  @Test
  void shouldFailWhenTheStoreHandsOutItsOwnLists() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      private final List<ManualDecision> decisions = new ArrayList<>();

      @Override
      public void putDecision(ManualDecision decision) {
        if (!decisions.contains(decision)) {
          decisions.add(decision);
        }
      }

      @Override
      public boolean removeDecision(ManualDecision decision) {
        return decisions.remove(decision);
      }

      @Override
      public List<ManualDecision> decisions() {
        return decisions;
      }
    });

    assertThatThrownBy(contract::shouldReturnListsThatNeitherLaterWritesNorTheCallerChangeInTheStore)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheHistoryIsALiveView() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      private final List<IdentityEvent> events = new ArrayList<>();

      @Override
      public void append(IdentityEvent event) {
        super.append(event);
        events.add(event);
      }

      @Override
      public void replaceEvent(IdentityEvent event) {
        super.replaceEvent(event);
        events.replaceAll(kept -> kept.sequence() == event.sequence() ? event : kept);
      }

      @Override
      public List<IdentityEvent> events(long afterSequence) {
        // Unmodifiable, but a view: it shows the events appended after it was returned.
        return afterSequence == 0 ? Collections.unmodifiableList(events)
            : super.events(afterSequence);
      }
    });

    assertThatThrownBy(contract::shouldReturnListsThatNeitherLaterWritesNorTheCallerChangeInTheStore)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreKeepsMillisecondsOnly() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      @Override
      public void putRecord(StoredRecord record) {
        super.putRecord(new StoredRecord(record.key(), record.identifiers(),
            record.observedAt().truncatedTo(ChronoUnit.MILLIS), record.foundedIds()));
      }

      @Override
      public void append(IdentityEvent event) {
        super.append(event instanceof Merged merged
            ? new Merged(merged.sequence(), merged.at().truncatedTo(ChronoUnit.MILLIS),
                merged.survivor(), merged.absorbed(), merged.manual())
            : event);
      }
    });

    assertThatThrownBy(contract::shouldReturnStoredRecordWhenLookedUpByKey)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(contract::shouldReturnEveryKindOfEventWhenAppended)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreLosesAFieldItWasNotShownTwoValuesOf() {
    IdentityStoreContract manualLost = contractFor(() -> new ForwardingIdentityStore() {
      @Override
      public void append(IdentityEvent event) {
        super.append(event instanceof Merged merged ? new Merged(merged.sequence(), merged.at(),
            merged.survivor(), merged.absorbed(), false) : event);
      }
    });
    IdentityStoreContract namespaceLost = contractFor(() -> new ForwardingIdentityStore() {
      @Override
      public void putDecision(ManualDecision decision) {
        Identifier identifier = decision.identifier();
        super.putDecision(identifier == null || identifier.namespace() == null ? decision
            : ManualDecision.excludedLink(decision.left(),
                Identifier.of(identifier.type(), identifier.value())));
      }
    });

    assertThatThrownBy(manualLost::shouldReturnEveryKindOfEventWhenAppended)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(namespaceLost::shouldKeepDecisionsInStoredOrder)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenEventsComeInTheOrderOfTheirTime() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      @Override
      public List<IdentityEvent> events(long afterSequence) {
        List<IdentityEvent> events = new ArrayList<>(super.events(afterSequence));
        events.sort(Comparator.comparing(IdentityEvent::at));
        return List.copyOf(events);
      }
    });

    assertThatThrownBy(contract::shouldReturnEveryKindOfEventWhenAppended)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenAHashDeniedTwiceIsListedTwice() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      private final List<String> denied = new ArrayList<>();

      @Override
      public synchronized void deny(String hash) {
        super.deny(hash);
        denied.add(hash);
      }

      @Override
      public synchronized List<String> deniedHashes() {
        return List.copyOf(denied);
      }
    });

    assertThatThrownBy(contract::shouldKeepDeniedHashesInAddedOrder)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenARecordStoredAgainKeepsThePlaceItHadBeforeItsRemoval() {
    IdentityStoreContract contract = contractFor(() -> new ForwardingIdentityStore() {
      // Every key ever stored, in first-stored order, also after removal.
      private final Set<RecordKey> everStored = new LinkedHashSet<>();

      @Override
      public synchronized void putRecord(StoredRecord record) {
        everStored.add(record.key());
        super.putRecord(record);
      }

      @Override
      public void forEachRecord(Consumer<? super StoredRecord> action) {
        List<RecordKey> keys;
        synchronized (this) {
          keys = new ArrayList<>(everStored);
        }
        keys.forEach(key -> record(key).ifPresent(action));
      }
    });

    assertThatThrownBy(contract::shouldVisitARecordRemovedAndStoredAgainLast)
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
