package io.github.cdpkit.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.ManualDecision;
import io.github.cdpkit.identity.spi.StoredRecord;
import io.github.cdpkit.testkit.identity.IdentityStoreContract;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Checks that the contract catches stores that break it, one broken rule at a time. */
class IdentityStoreContractSelfTest {

  /** A contract run against the store {@code factory} makes, one test at a time. */
  private static IdentityStoreContract contractFor(Supplier<IdentityStore> factory) {
    IdentityStoreContract contract = new IdentityStoreContract() {
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
    IdentityStoreContract contract = contractFor(() -> new Delegating() {
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
    IdentityStoreContract contract = contractFor(() -> new Delegating() {
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
    IdentityStoreContract contract = contractFor(() -> new Delegating() {
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
    IdentityStoreContract contract = contractFor(() -> new Delegating() {
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
    IdentityStoreContract contract = contractFor(() -> new Delegating() {
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
    IdentityStoreContract contract = contractFor(() -> new Delegating() {
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
    IdentityStoreContract contract = contractFor(Delegating::new);

    assertThatCode(contract::shouldReturnTheEventsWithTheGivenSequencesWhenAskedByNumber)
        .doesNotThrowAnyException();
    contract.createStore();
    assertThatCode(contract::shouldReturnTheReplacementWhenAReplacedEventIsAskedByNumber)
        .doesNotThrowAnyException();
  }

  /**
   * Passes every call to an in-memory store, except {@code events(sequences)}, left to the
   * interface's default; subclasses break one rule.
   */
  private static class Delegating implements IdentityStore {
    private final InMemoryIdentityStore delegate = new InMemoryIdentityStore();

    @Override
    public void putRecord(StoredRecord record) {
      delegate.putRecord(record);
    }

    @Override
    public boolean removeRecord(RecordKey key) {
      return delegate.removeRecord(key);
    }

    @Override
    public Optional<StoredRecord> record(RecordKey key) {
      return delegate.record(key);
    }

    @Override
    public void forEachRecord(Consumer<? super StoredRecord> action) {
      delegate.forEachRecord(action);
    }

    @Override
    public long recordCount() {
      return delegate.recordCount();
    }

    @Override
    public long lastIssuedId() {
      return delegate.lastIssuedId();
    }

    @Override
    public void setLastIssuedId(long value) {
      delegate.setLastIssuedId(value);
    }

    @Override
    public void putDecision(ManualDecision decision) {
      delegate.putDecision(decision);
    }

    @Override
    public boolean removeDecision(ManualDecision decision) {
      return delegate.removeDecision(decision);
    }

    @Override
    public List<ManualDecision> decisions() {
      return delegate.decisions();
    }

    @Override
    public void deny(String hash) {
      delegate.deny(hash);
    }

    @Override
    public boolean isDenied(String hash) {
      return delegate.isDenied(hash);
    }

    @Override
    public List<String> deniedHashes() {
      return delegate.deniedHashes();
    }

    @Override
    public void append(IdentityEvent event) {
      delegate.append(event);
    }

    @Override
    public void replaceEvent(IdentityEvent event) {
      delegate.replaceEvent(event);
    }

    @Override
    public List<IdentityEvent> events(long afterSequence) {
      return delegate.events(afterSequence);
    }
  }
}
