package io.github.cdpkit.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.profile.Money;
import io.github.cdpkit.profile.OrderLine;
import io.github.cdpkit.profile.SourcedValue;
import io.github.cdpkit.profile.TimelineEvent;
import io.github.cdpkit.profile.spi.InMemoryProfileStore;
import io.github.cdpkit.profile.spi.ProfileRecord;
import io.github.cdpkit.profile.spi.ProfileStore;
import io.github.cdpkit.testkit.profile.ProfileStoreContract;
import java.text.Normalizer;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Checks that the profile store contract catches stores that break it, one rule at a time. */
class ProfileStoreContractSelfTest {

  /** The contract run against the store {@code factory} makes, one test at a time. */
  private static ProfileStoreContract contractFor(Supplier<ProfileStore> factory) {
    ProfileStoreContract contract = new ProfileStoreContract() {
      @Override
      protected ProfileStore newStore() {
        return factory.get();
      }
    };
    contract.createStore();
    return contract;
  }

  /** A store that writes each contribution as {@code storage} changes it. */
  private static ProfileStore rewriting(UnaryOperator<ProfileRecord> storage) {
    return new ForwardingProfileStore() {
      @Override
      public void put(ProfileRecord record) {
        super.put(storage.apply(record));
      }
    };
  }

  /** A store that writes each event as {@code storage} changes it. */
  private static ProfileStore rewritingEvents(UnaryOperator<TimelineEvent> storage) {
    return rewriting(record -> new ProfileRecord(record.key(), record.attributes(),
        record.events().stream().map(storage).toList(), record.memberships(), record.consents(),
        record.tags()));
  }

  private static TimelineEvent event(TimelineEvent e, @Nullable Money amount,
      List<OrderLine> lines, Map<String, String> details) {
    return new TimelineEvent(e.id(), e.kind(), e.channel(), e.at(), e.outlet(), amount, lines,
        details);
  }

  private static @Nullable Money amount(@Nullable Money money, UnaryOperator<Money> storage) {
    return money == null ? null : storage.apply(money);
  }

  /** A store that writes attribute values and event details as {@code column} changes them. */
  private static ProfileStore rewritingText(UnaryOperator<String> column) {
    return rewriting(record -> {
      Map<String, SourcedValue> attributes = new LinkedHashMap<>();
      record.attributes().forEach((name, value) -> attributes.put(name, new SourcedValue(
          value.channel(), value.record(), column.apply(value.value()), value.observedAt())));
      List<TimelineEvent> events = record.events().stream().map(e -> {
        Map<String, String> details = new LinkedHashMap<>();
        e.details().forEach((name, value) -> details.put(name, column.apply(value)));
        return event(e, e.amount(), e.lines(), details);
      }).toList();
      return new ProfileRecord(record.key(), attributes, events, record.memberships(),
          record.consents(), record.tags());
    });
  }

  /** A store whose rows are keyed by the text {@code column} makes of a key. */
  private static ProfileStore keyedBy(Function<RecordKey, String> column) {
    return new ProfileStore() {
      private final Map<String, ProfileRecord> rows = new ConcurrentHashMap<>();

      @Override
      public Optional<ProfileRecord> get(RecordKey key) {
        return Optional.ofNullable(rows.get(column.apply(key)));
      }

      @Override
      public void put(ProfileRecord record) {
        rows.put(column.apply(record.key()), record);
      }

      @Override
      public boolean remove(RecordKey key) {
        return rows.remove(column.apply(key)) != null;
      }

      @Override
      public void forEach(Consumer<ProfileRecord> visitor) {
        rows.values().forEach(visitor);
      }

      @Override
      public int size() {
        return rows.size();
      }
    };
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

  @Test
  void shouldPassWhenStoreKeepsEveryRule() {
    for (Supplier<ProfileStore> factory :
        List.<Supplier<ProfileStore>>of(InMemoryProfileStore::new, ForwardingProfileStore::new)) {
      ProfileStoreContract contract = contractFor(factory);

      assertThatCode(contract::shouldReturnStoredContributionEqualWhenLookedUpByKey)
          .doesNotThrowAnyException();
      contract.createStore();
      assertThatCode(contract::shouldTellApartKeysThatOnlyAnExactComparisonTellsApart)
          .doesNotThrowAnyException();
      contract.createStore();
      assertThatCode(contract::shouldVisitEachContributionEqualToTheOneStored)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void shouldFailWhenTheStoreKeepsAListOutOfOrder() {
    ProfileStoreContract memberships = contractFor(() -> rewriting(record -> new ProfileRecord(
        record.key(), record.attributes(), record.events(), reversed(record.memberships()),
        record.consents(), record.tags())));
    ProfileStoreContract lines = contractFor(() -> rewritingEvents(
        e -> event(e, e.amount(), reversed(e.lines()), e.details())));

    assertThatThrownBy(memberships::shouldReturnStoredContributionEqualWhenLookedUpByKey)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(lines::shouldReturnStoredContributionEqualWhenLookedUpByKey)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreKeepsOneDetailOfAnEvent() {
    ProfileStoreContract contract = contractFor(() -> rewritingEvents(e -> event(e, e.amount(),
        e.lines(), e.details().entrySet().stream().limit(1)
            .collect(LinkedHashMap::new, (m, d) -> m.put(d.getKey(), d.getValue()), Map::putAll))));

    assertThatThrownBy(contract::shouldReturnStoredContributionEqualWhenLookedUpByKey)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreKeepsAmountsInexactly() {
    List<UnaryOperator<Money>> columns = List.of(
        money -> new Money((long) (double) money.minorUnits(), money.currency()), // a DOUBLE
        money -> new Money(Math.abs(money.minorUnits()), money.currency()), // unsigned
        money -> new Money(money.minorUnits(), Currency.getInstance("CNY"))); // no currency
    for (UnaryOperator<Money> column : columns) {
      ProfileStoreContract contract = contractFor(() -> rewritingEvents(e -> event(e,
          amount(e.amount(), column), e.lines().stream().map(line ->
              new OrderLine(line.sku(), line.quantity(), column.apply(line.unitPrice()))).toList(),
          e.details())));

      assertThatThrownBy(contract::shouldReturnStoredContributionEqualWhenLookedUpByKey)
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void shouldFailWhenTheStoreKeysEventsByIdAlone() {
    ProfileStoreContract contract = contractFor(() -> rewriting(record -> {
      Map<String, TimelineEvent> byId = new LinkedHashMap<>();
      record.events().forEach(e -> byId.putIfAbsent(e.id(), e));
      return new ProfileRecord(record.key(), record.attributes(), List.copyOf(byId.values()),
          record.memberships(), record.consents(), record.tags());
    }));

    assertThatThrownBy(contract::shouldReturnStoredContributionEqualWhenLookedUpByKey)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldFailWhenTheStoreChangesTheText() {
    for (UnaryOperator<String> column : LossyText.all()) {
      ProfileStoreContract contract = contractFor(() -> rewritingText(column));

      assertThatThrownBy(contract::shouldReturnStoredContributionEqualWhenLookedUpByKey)
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void shouldFailWhenTheStoreComparesKeysAsADatabaseCollationMight() {
    List<Function<RecordKey, String>> columns = List.of(
        key -> (key.source() + "\0" + key.recordId()).toLowerCase(Locale.ROOT), // case-insensitive
        key -> key.source().stripTrailing() + "\0" + key.recordId().stripTrailing(), // PAD SPACE
        key -> Normalizer.normalize(key.source() + "\0" + key.recordId(), Normalizer.Form.NFD)
            .replaceAll("\\p{M}", ""), // accent-insensitive
        RecordKey::toString); // the parts joined with '/'
    for (Function<RecordKey, String> column : columns) {
      ProfileStoreContract contract = contractFor(() -> keyedBy(column));

      assertThatThrownBy(contract::shouldTellApartKeysThatOnlyAnExactComparisonTellsApart)
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void shouldFailWhenAVisitHandsOverLessThanALookup() {
    ProfileStoreContract contract = contractFor(() -> new ForwardingProfileStore() {
      @Override
      public void forEach(Consumer<ProfileRecord> visitor) {
        // a listing query that forgot to join the events
        super.forEach(record -> visitor.accept(new ProfileRecord(record.key(),
            record.attributes(), List.of(), record.memberships(), record.consents(),
            record.tags())));
      }
    });

    assertThatThrownBy(contract::shouldVisitEachContributionEqualToTheOneStored)
        .isInstanceOf(AssertionError.class);
  }
}
