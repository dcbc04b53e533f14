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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loyalty accounts follow a real resolver's merges and splits through the identity listener. */
class IdentityFollowingTest {

  private final TestClock clock = new TestClock("2025-06-01T00:00:00Z");
  private final List<LoyaltyEvent> events = new ArrayList<>();
  private final LoyaltyService loyalty = service(events);
  private long sequence;
  private final IdentityResolver resolver =
      IdentityResolver.builder().clock(clock).listener(loyalty.identityListener()).build();

  private LoyaltyService service(List<LoyaltyEvent> sink) {
    return LoyaltyService.builder()
        .program(LoyaltyProgram.builder("brand").build())
        .program(LoyaltyProgram.builder("store").scope(MemberLayer.STORE, "store-7").build())
        .clock(clock).listener(sink::add).build();
  }

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

  /** Enrolls persons 1 to {@code count} in the brand programme, person n with n * 100 points. */
  private static List<AccountKey> enrolled(LoyaltyService service, int count) {
    List<AccountKey> accounts = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      AccountKey account = AccountKey.of("brand", OneId.of(n));
      service.enroll(account);
      service.earn("e" + n, account, Purchase.of("o-" + n, Line.of("tv", n * 10_000L)));
      accounts.add(account);
    }
    return accounts;
  }

  /** Delivers identity merges, each given as the survivor's number then the absorbed ones'. */
  private void merged(int... survivorThenAbsorbed) {
    List<OneId> absorbed = new ArrayList<>();
    for (int i = 1; i < survivorThenAbsorbed.length; i++) {
      absorbed.add(OneId.of(survivorThenAbsorbed[i]));
    }
    loyalty.identityListener().onEvent(new Merged(++sequence, clock.instant(),
        OneId.of(survivorThenAbsorbed[0]), absorbed, false));
  }

  /** A split of person 1 into itself and the given persons. */
  private Split splitOfFirstInto(int... parts) {
    List<OneId> ids = new ArrayList<>(List.of(OneId.of(1)));
    for (int part : parts) {
      ids.add(OneId.of(part));
    }
    return new Split(++sequence, clock.instant(), OneId.of(1), ids, "records removed");
  }

  /** The merges and unmerges reported, as the accounts they moved. */
  private List<String> moves() {
    List<String> moves = new ArrayList<>();
    for (LoyaltyEvent event : events) {
      if (event instanceof AccountsMerged merged) {
        moves.add("merge " + merged.sources() + " into " + merged.target() + " as "
            + merged.key());
      } else if (event instanceof AccountsUnmerged unmerged) {
        moves.add("unmerge " + unmerged.restored() + " from " + unmerged.target() + " by "
            + unmerged.key());
      }
    }
    return moves;
  }

  private void assertMergedInto(AccountKey account, String target, String mergeKey) {
    assertThatThrownBy(() -> loyalty.burn("probe-" + account, account, 1, "probe"))
        .isInstanceOf(LoyaltyException.class)
        .hasMessage("account " + account + " was merged into " + target + " (merge " + mergeKey
            + ")");
  }

  /**
   * A part whose account merged into one that stays with the split person gets it back: the
   * account in between is taken out only to reach it, then merged back, as undoing the merges by
   * hand does. See {@link LoyaltyService#identityListener}.
   */
  @Test
  void shouldGiveAPartItsAccountBackWhenItMergedIntoAnAccountThatStaysWithTheSplitPerson() {
    List<AccountKey> accounts = enrolled(loyalty, 3);
    AccountKey survivor = accounts.get(0);
    AccountKey middle = accounts.get(1);
    AccountKey nested = accounts.get(2);
    merged(2, 3);
    merged(1, 2);
    loyalty.burn("b1", survivor, 50, "coupon");
    events.clear();

    Split split = splitOfFirstInto(3);
    loyalty.identityListener().onEvent(split);

    assertThat(moves()).containsExactly(
        "unmerge [brand/oid-2] from brand/oid-1 by identity-split:3:identity-merge:2",
        "unmerge [brand/oid-3] from brand/oid-2 by identity-split:3:identity-merge:1",
        "merge [brand/oid-2] into brand/oid-1 as identity-split:3:remerge:identity-merge:2");
    assertThat(loyalty.balance(nested).total()).isEqualTo(300);
    assertThat(loyalty.balance(survivor).total()).isEqualTo(250);
    assertThat(loyalty.balance(middle).total()).isZero();
    assertMergedInto(middle, "brand/oid-1", "identity-split:3:remerge:identity-merge:2");
    loyalty.identityListener().onEvent(split);
    assertThat(moves()).as("redelivered").hasSize(3);
    assertThat(loyalty.balance(survivor).total()).as("redelivered").isEqualTo(250);

    // by hand, in another service: both merges undone, the middle account merged back
    LoyaltyService byHand = service(new ArrayList<>());
    enrolled(byHand, 3);
    byHand.identityListener().onEvent(new Merged(1, clock.instant(), OneId.of(2),
        List.of(OneId.of(3)), false));
    byHand.identityListener().onEvent(new Merged(2, clock.instant(), OneId.of(1),
        List.of(OneId.of(2)), false));
    byHand.burn("b1", survivor, 50, "coupon");
    byHand.unmerge("u2", survivor, "identity-merge:2");
    byHand.unmerge("u1", middle, "identity-merge:1");
    byHand.merge("m2", survivor, List.of(middle));
    for (AccountKey account : accounts) {
      assertThat(loyalty.lots(account)).as("lots of %s", account)
          .isEqualTo(byHand.lots(account));
      assertThat(loyalty.tier(account)).as("tier of %s", account)
          .isEqualTo(byHand.tier(account));
    }
    // the orders followed their accounts: the nested one's came back, the middle one's went back
    // into the survivor's with the middle account
    assertThat(loyalty.refund("r3", nested, "o-3", 30_000).points()).isEqualTo(-300);
    assertThat(loyalty.refund("r2", survivor, "o-2", 20_000).points()).isEqualTo(-200);
  }

  @Test
  void shouldUndoAndRedoEveryLevelWhenAPartSitsSeveralMergesDeep() {
    List<AccountKey> accounts = enrolled(loyalty, 4);
    merged(3, 4);
    merged(2, 3);
    merged(1, 2);
    events.clear();

    loyalty.identityListener().onEvent(splitOfFirstInto(4));

    assertThat(moves()).containsExactly(
        "unmerge [brand/oid-2] from brand/oid-1 by identity-split:4:identity-merge:3",
        "unmerge [brand/oid-3] from brand/oid-2 by identity-split:4:identity-merge:2",
        "unmerge [brand/oid-4] from brand/oid-3 by identity-split:4:identity-merge:1",
        "merge [brand/oid-3] into brand/oid-2 as identity-split:4:remerge:identity-merge:2",
        "merge [brand/oid-2] into brand/oid-1 as identity-split:4:remerge:identity-merge:3");
    assertThat(accounts).extracting(account -> loyalty.balance(account).total())
        .containsExactly(600L, 0L, 0L, 400L);
    assertMergedInto(accounts.get(2), "brand/oid-2", "identity-split:4:remerge:identity-merge:2");
    assertMergedInto(accounts.get(1), "brand/oid-1", "identity-split:4:remerge:identity-merge:3");
  }

  /**
   * Accounts taken out on two branches of the split person's merges go back in the order they were
   * first merged, as by hand (oldest first), not branch by branch: the statements, the events and
   * the ids of benefits a merge back grants follow that order.
   */
  @Test
  void shouldMergeTheAccountsBackInTheOrderTheyWereFirstMergedWhenPartsSitOnTwoBranches() {
    List<AccountKey> accounts = enrolled(loyalty, 6);
    merged(2, 3);
    merged(1, 2);
    merged(5, 6);
    merged(4, 5);
    merged(1, 4);
    events.clear();

    loyalty.identityListener().onEvent(splitOfFirstInto(3, 6));

    assertThat(moves()).containsExactly(
        "unmerge [brand/oid-4] from brand/oid-1 by identity-split:6:identity-merge:5",
        "unmerge [brand/oid-2] from brand/oid-1 by identity-split:6:identity-merge:2",
        "unmerge [brand/oid-5] from brand/oid-4 by identity-split:6:identity-merge:4",
        "unmerge [brand/oid-3] from brand/oid-2 by identity-split:6:identity-merge:1",
        "unmerge [brand/oid-6] from brand/oid-5 by identity-split:6:identity-merge:3",
        "merge [brand/oid-2] into brand/oid-1 as identity-split:6:remerge:identity-merge:2",
        "merge [brand/oid-5] into brand/oid-4 as identity-split:6:remerge:identity-merge:4",
        "merge [brand/oid-4] into brand/oid-1 as identity-split:6:remerge:identity-merge:5");
    assertThat(accounts).extracting(account -> loyalty.balance(account).total())
        .containsExactly(1_200L, 0L, 300L, 0L, 0L, 600L);
  }

  @Test
  void shouldTakeAnAccountOutOnceWhenSeveralPartsSitInIt() {
    List<AccountKey> accounts = enrolled(loyalty, 5);
    merged(2, 3);
    merged(2, 4);
    merged(1, 2, 5);
    events.clear();

    loyalty.identityListener().onEvent(splitOfFirstInto(3, 4, 5));

    assertThat(moves()).containsExactly(
        "unmerge [brand/oid-2, brand/oid-5] from brand/oid-1 by identity-split:4:identity-merge:3",
        "unmerge [brand/oid-4] from brand/oid-2 by identity-split:4:identity-merge:2",
        "unmerge [brand/oid-3] from brand/oid-2 by identity-split:4:identity-merge:1",
        "merge [brand/oid-2] into brand/oid-1 as identity-split:4:remerge:identity-merge:3");
    assertThat(accounts).extracting(account -> loyalty.balance(account).total())
        .containsExactly(300L, 0L, 300L, 400L, 500L);
  }

  @Test
  void shouldWarnOfAPartWhoseAccountWasMergedByHandOutsideTheSplitPersonsAccount() {
    List<AccountKey> accounts = enrolled(loyalty, 4);
    merged(1, 2);
    loyalty.merge("by-hand", accounts.get(3), List.of(accounts.get(2)));
    events.clear();
    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
      loyalty.identityListener().onEvent(splitOfFirstInto(2, 3));
    } finally {
      System.setErr(err);
    }

    assertThat(moves()).containsExactly(
        "unmerge [brand/oid-2] from brand/oid-1 by identity-split:2:identity-merge:1");
    assertThat(logged.toString(StandardCharsets.UTF_8)).contains("WARN",
        "identity split 2 leaves account brand/oid-3 of a part merged into brand/oid-4 (merge "
            + "by-hand), which the split person's account brand/oid-1 does not hold");
  }
}
