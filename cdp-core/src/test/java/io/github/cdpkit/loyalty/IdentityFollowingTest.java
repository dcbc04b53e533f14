package io.github.cdpkit.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.event.Split;
import io.github.cdpkit.loyalty.Purchase.Line;
import io.github.cdpkit.loyalty.event.AccountsMerged;
import io.github.cdpkit.loyalty.event.AccountsUnmerged;
import io.github.cdpkit.loyalty.event.LoyaltyEvent;
import io.github.cdpkit.profile.MemberLayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loyalty accounts follow a real resolver's merges and splits through the identity listener. */
class IdentityFollowingTest {

  private final TestClock clock = new TestClock("2025-06-01T00:00:00Z");
  private final List<LoyaltyEvent> events = new ArrayList<>();
  private final LoyaltyService loyalty = LoyaltyService.builder()
      .program(LoyaltyProgram.builder("brand").build())
      .program(LoyaltyProgram.builder("store").scope(MemberLayer.STORE, "store-7").build())
      .clock(clock).listener(events::add).build();
  private final IdentityResolver resolver =
      IdentityResolver.builder().clock(clock).listener(loyalty.identityListener()).build();

  private static SourceRecord record(String source, String id, Identifier... identifiers) {
    SourceRecord.Builder builder = SourceRecord.builder(source, id);
    for (Identifier identifier : identifiers) {
      builder.identifier(identifier);
    }
    return builder.build();
  }

  /** Enrolls the person in the brand programme with the points of one order of {@code amount}. */
  private AccountKey enrolledWithPoints(OneId person, String order, long amount) {
    AccountKey account = AccountKey.of("brand", person);
    loyalty.enroll(account);
    loyalty.earn("earn-" + order, account, Purchase.of(order, Line.of("tv", amount)));
    return account;
  }

  @Test
  void shouldMergeAccountsInEveryProgramWhenTwoRecordsTurnOutToShareAPhone() {
    OneId tmallBuyer = resolver.ingest(record("tmall", "T-1",
        Identifier.of("phone", "138 0013 8000"))).oneId();
    OneId appUser = resolver.ingest(record("app", "A-1",
        Identifier.of("email", "li.lei@example.com"))).oneId();
    AccountKey buyerInBrand = AccountKey.of("brand", tmallBuyer);
    AccountKey userInBrand = AccountKey.of("brand", appUser);
    AccountKey userInStore = AccountKey.of("store", appUser);
    loyalty.enroll(buyerInBrand);
    loyalty.enroll(userInBrand);
    loyalty.enroll(userInStore);
    loyalty.earn("e1", buyerInBrand, Purchase.of("o-1", Line.of("fridge", 300_000)));
    loyalty.earn("e2", userInBrand, Purchase.of("o-2", Line.of("tv", 120_000)));
    loyalty.earn("e3", userInStore, Purchase.of("o-3", Line.of("filter", 8_000)));

    // the app user adds the same phone: the resolver merges, and loyalty follows
    resolver.ingest(record("app", "A-1", Identifier.of("email", "li.lei@example.com"),
        Identifier.of("phone", "+86 13800138000")));

    Merged merged = resolver.history(0).stream().filter(Merged.class::isInstance)
        .map(Merged.class::cast).findFirst().orElseThrow();
    assertThat(merged.survivor()).isEqualTo(tmallBuyer);
    assertThat(loyalty.balance(buyerInBrand).total()).isEqualTo(4_200);
    assertThat(loyalty.balance(userInBrand).total()).isZero();
    assertThat(loyalty.balance(AccountKey.of("store", tmallBuyer)).total()).isEqualTo(80);
    assertThat(events).filteredOn(AccountsMerged.class::isInstance)
        .extracting(event -> ((AccountsMerged) event).key())
        .containsExactly("identity-merge:" + merged.sequence(),
            "identity-merge:" + merged.sequence());

    loyalty.identityListener().onEvent(merged);
    assertThat(loyalty.balance(buyerInBrand).total()).as("redelivered").isEqualTo(4_200);
  }

  @Test
  void shouldGiveEachPartItsAccountBackWhenIdentitySplitsThePerson() {
    OneId first = resolver.ingest(record("tmall", "T-1",
        Identifier.of("phone", "13800138000"))).oneId();
    OneId second = resolver.ingest(record("app", "A-1",
        Identifier.of("email", "li.lei@example.com"))).oneId();
    AccountKey firstAccount = enrolledWithPoints(first, "o-1", 300_000);
    AccountKey secondAccount = enrolledWithPoints(second, "o-2", 120_000);
    RecordKey bridge = RecordKey.of("pos", "P-1");
    resolver.ingest(record("pos", "P-1", Identifier.of("phone", "13800138000"),
        Identifier.of("email", "li.lei@example.com")));
    assertThat(loyalty.balance(firstAccount).total()).isEqualTo(4_200);
    clock.set("2025-06-02T00:00:00Z");
    loyalty.burn("b1", firstAccount, 3_100, "coupon");

    resolver.removeRecord(bridge);

    // both lots expire together, so the burn took the older first: the first person's 3,000, then
    // 100 of the 1,200 that came from the second, who gets back the other 1,100
    assertThat(resolver.current(second)).contains(second);
    assertThat(loyalty.balance(secondAccount).total()).isEqualTo(1_100);
    assertThat(loyalty.balance(firstAccount).total()).isZero();
    assertThat(events).filteredOn(AccountsUnmerged.class::isInstance).singleElement()
        .satisfies(event -> assertThat(((AccountsUnmerged) event).at())
            .isEqualTo(Instant.parse("2025-06-02T00:00:00Z")));
  }

  @Test
  void shouldGiveTheAccountsBackWhenARestartTakesOutAPhoneBlockedSinceItJoinedThem()
      throws IOException {
    String counterPhone = "+8613900139000";
    OneId first = resolver.ingest(record("app", "A-1",
        Identifier.of("email", "li.lei@example.com"))).oneId();
    OneId second = resolver.ingest(record("app", "A-2",
        Identifier.of("email", "han.mei@example.com"))).oneId();
    AccountKey firstAccount = enrolledWithPoints(first, "o-1", 300_000);
    AccountKey secondAccount = enrolledWithPoints(second, "o-2", 120_000);
    // the store's clerk typed the counter phone into both customers' records
    resolver.ingest(record("pos", "P-1", Identifier.of("phone", counterPhone),
        Identifier.of("email", "li.lei@example.com")));
    resolver.ingest(record("pos", "P-2", Identifier.of("phone", counterPhone),
        Identifier.of("email", "han.mei@example.com")));
    assertThat(loyalty.balance(firstAccount).total()).isEqualTo(4_200);
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    resolver.snapshot(snapshot);
    IdentifierType phone = IdentifierTypes.defaults().find(IdentifierTypes.PHONE).orElseThrow()
        .toBuilder().blockedValue(counterPhone).build();

    IdentityResolver restarted = IdentityResolver.builder().clock(clock)
        .types(IdentifierTypes.defaults().with(phone)).listener(loyalty.identityListener())
        .restore(new ByteArrayInputStream(snapshot.toByteArray()));

    assertThat(restarted.resolve(RecordKey.of("pos", "P-2"))).contains(second);
    assertThat(loyalty.balance(firstAccount).total()).isEqualTo(3_000);
    assertThat(loyalty.balance(secondAccount).total()).isEqualTo(1_200);
    assertThat(events).filteredOn(AccountsUnmerged.class::isInstance).hasSize(1);
  }

  @Test
  void shouldGiveBackEveryLevelWhenASplitUndoesAMergeOfAnAccountThatHadAbsorbedAnother() {
    AccountKey earliest = AccountKey.of("brand", OneId.of(1));
    AccountKey middle = AccountKey.of("brand", OneId.of(2));
    AccountKey latest = AccountKey.of("brand", OneId.of(3));
    for (AccountKey account : List.of(earliest, middle, latest)) {
      loyalty.enroll(account);
    }
    loyalty.earn("e1", earliest, Purchase.of("o-1", Line.of("tv", 10_000)));
    loyalty.earn("e2", middle, Purchase.of("o-2", Line.of("tv", 20_000)));
    loyalty.earn("e3", latest, Purchase.of("o-3", Line.of("tv", 40_000)));
    IdentityListener follower = loyalty.identityListener();
    Instant at = clock.instant();
    follower.onEvent(new Merged(1, at, OneId.of(2), List.of(OneId.of(3)), false));
    follower.onEvent(new Merged(2, at, OneId.of(1), List.of(OneId.of(2)), false));
    assertThat(loyalty.balance(earliest).total()).isEqualTo(700);
    loyalty.refund("r3", earliest, "o-3", 20_000);

    follower.onEvent(new Split(3, at, OneId.of(1), List.of(OneId.of(1), OneId.of(2),
        OneId.of(3)), "records removed"));

    assertThat(loyalty.balance(earliest).total()).isEqualTo(100);
    assertThat(loyalty.balance(middle).total()).isEqualTo(200);
    assertThat(loyalty.balance(latest).total()).isEqualTo(200);
    assertThat(loyalty.refund("r3b", latest, "o-3", 20_000).points())
        .as("the order came back with its account").isEqualTo(-200);
  }

  /**
   * A split undoes only the merges into the split person's account and, level by level, into the
   * accounts it gives back: an account merged into one that stays merged is out of its reach. See
   * {@link LoyaltyService#identityListener}.
   */
  @Test
  void shouldLeaveAnAccountMergedWhenASplitTakesAwayItsPersonButNotTheOneItMergedInto() {
    AccountKey survivor = AccountKey.of("brand", OneId.of(1));
    AccountKey middle = AccountKey.of("brand", OneId.of(2));
    AccountKey nested = AccountKey.of("brand", OneId.of(3));
    for (AccountKey account : List.of(survivor, middle, nested)) {
      loyalty.enroll(account);
    }
    loyalty.earn("e1", survivor, Purchase.of("o-1", Line.of("tv", 10_000)));
    loyalty.earn("e2", middle, Purchase.of("o-2", Line.of("tv", 20_000)));
    loyalty.earn("e3", nested, Purchase.of("o-3", Line.of("tv", 40_000)));
    IdentityListener follower = loyalty.identityListener();
    Instant at = clock.instant();
    follower.onEvent(new Merged(1, at, OneId.of(2), List.of(OneId.of(3)), false));
    follower.onEvent(new Merged(2, at, OneId.of(1), List.of(OneId.of(2)), false));

    // the middle person stays with the survivor, so its merge, which holds the nested account, too
    follower.onEvent(new Split(3, at, OneId.of(1), List.of(OneId.of(1), OneId.of(3)),
        "records removed"));

    assertThat(events).filteredOn(AccountsUnmerged.class::isInstance).isEmpty();
    assertThat(loyalty.balance(survivor).total()).isEqualTo(700);
    assertThatThrownBy(() -> loyalty.burn("b1", nested, 1, "coupon"))
        .isInstanceOf(LoyaltyException.class).hasMessage(
            "account brand/oid-3 was merged into brand/oid-2 (merge identity-merge:1)");

    // by hand: both merges undone, the middle account merged into the survivor's again
    loyalty.unmerge("u2", survivor, "identity-merge:2");
    loyalty.unmerge("u1", middle, "identity-merge:1");
    loyalty.merge("m2", survivor, List.of(middle));
    assertThat(loyalty.balance(nested).total()).isEqualTo(400);
    assertThat(loyalty.balance(survivor).total()).isEqualTo(300);
    assertThat(loyalty.balance(middle).total()).isZero();
  }
}
