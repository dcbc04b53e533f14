package io.github.cdpkit.testkit.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.event.ConflictRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The generated values refuse a null where it is given, naming it: a null order id, buyer or
 * identifier list was kept, and failed later with a {@link NullPointerException} far from the cause
 * (or one that named nothing).
 */
class SyntheticValuesTest {

  private static final RecordKey BUYER = RecordKey.of("pos", "r-1");
  private static final Currency CNY = Currency.getInstance("CNY");
  private static final Instant PLACED_AT = Instant.parse("2025-01-01T00:00:00Z");
  private static final Identifier PHONE = Identifier.of("phone", "+8613800138000");
  private static final SourceRecord RECORD =
      SourceRecord.builder("pos", "r-1").identifier(PHONE).build();

  @Test
  void shouldRefuseAnOrderWithANullNamingIt() {
    assertNullRefused("orderId", order(null, BUYER, CNY, "food", "online", PLACED_AT));
    assertNullRefused("buyer", order("O1", null, CNY, "food", "online", PLACED_AT));
    assertNullRefused("currency", order("O1", BUYER, null, "food", "online", PLACED_AT));
    assertNullRefused("category", order("O1", BUYER, CNY, null, "online", PLACED_AT));
    assertNullRefused("store", order("O1", BUYER, CNY, "food", null, PLACED_AT));
    assertNullRefused("placedAt", order("O1", BUYER, CNY, "food", "online", null));
  }

  @Test
  void shouldStillRefuseAnOrderOfNoAmountAndTakeAValidOne() {
    assertThatThrownBy(() -> new SyntheticOrder("O1", BUYER, 0, CNY, "food", "online", PLACED_AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amountMinor must be positive: 0");
    assertThat(new SyntheticOrder("O1", BUYER, 1, CNY, "food", "online", PLACED_AT).channel())
        .isEqualTo("pos");
  }

  @Test
  void shouldRefuseALinkWithANullNamingIt() {
    ConflictRule rule = ConflictRule.PROFILE_LIMIT;
    assertNullRefused("sharedIdentifiers", link(0, 1, null, rule, "member_no"));
    assertNullRefused("sharedIdentifiers[1]",
        link(0, 1, Arrays.asList(PHONE, null), rule, "member_no"));
    assertNullRefused("rule", link(0, 1, List.of(PHONE), null, "member_no"));
    assertNullRefused("limitedType", link(0, 1, List.of(PHONE), rule, null));
  }

  @Test
  void shouldRefuseALinkThatItsJavadocRulesOut() {
    ConflictRule rule = ConflictRule.PROFILE_LIMIT;
    assertRangeRefused("leftPerson must not be negative: -2",
        link(-2, -1, List.of(PHONE), rule, "member_no"));
    assertRangeRefused("rightPerson must be leftPerson + 1 (5): 6",
        link(4, 6, List.of(PHONE), rule, "member_no"));
    assertRangeRefused("rightPerson must be leftPerson + 1 (2147483648): -2147483648",
        link(Integer.MAX_VALUE, Integer.MIN_VALUE, List.of(PHONE), rule, "member_no"));
    assertRangeRefused("sharedIdentifiers must not be empty: the link between persons 4 and 5"
        + " has no evidence", link(4, 5, List.of(), rule, "member_no"));
  }

  @Test
  void shouldCopyTheSharedIdentifiersOfAValidLink() {
    List<Identifier> shared = new ArrayList<>(List.of(PHONE));
    RefusedLink link = new RefusedLink(4, 5, shared, ConflictRule.PROFILE_LIMIT, "member_no");
    shared.clear();

    assertThat(link.sharedIdentifiers()).containsExactly(PHONE);
  }

  @Test
  void shouldRefuseAPersonWithANullListOrElementNamingIt() {
    SyntheticOrder order = new SyntheticOrder("O1", BUYER, 1, CNY, "food", "online", PLACED_AT);

    assertThatThrownBy(() -> new SyntheticPerson(0, null, List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("records");
    assertThatThrownBy(() -> new SyntheticPerson(0, Arrays.asList(RECORD, null), List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("records[1]");
    assertThatThrownBy(() -> new SyntheticPerson(0, List.of(RECORD), null))
        .isInstanceOf(NullPointerException.class).hasMessage("orders");
    assertThatThrownBy(() -> new SyntheticPerson(0, List.of(RECORD), Arrays.asList(order, null)))
        .isInstanceOf(NullPointerException.class).hasMessage("orders[1]");
    assertThat(new SyntheticPerson(0, List.of(RECORD), List.of(order)).orders())
        .containsExactly(order);
  }

  private static void assertNullRefused(String name, ThrowingCallable construction) {
    assertThatThrownBy(construction).isInstanceOf(NullPointerException.class).hasMessage(name);
  }

  private static void assertRangeRefused(String message, ThrowingCallable construction) {
    assertThatThrownBy(construction).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private static ThrowingCallable order(String orderId, RecordKey buyer, Currency currency,
      String category, String store, Instant placedAt) {
    return () -> new SyntheticOrder(orderId, buyer, 100, currency, category, store, placedAt);
  }

  private static ThrowingCallable link(int left, int right, List<Identifier> shared, ConflictRule rule,
      String limitedType) {
    return () -> new RefusedLink(left, right, shared, rule, limitedType);
  }
}
