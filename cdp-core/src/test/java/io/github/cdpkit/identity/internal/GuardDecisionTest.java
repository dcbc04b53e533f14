package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.IdentifierType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard decision on primitive arrays against its first, boxed implementation
 * ({@link BoxedGuardDecision}), over many seeded random components: the same groups, the same
 * refusals with the same rules and details, in the same order, and the same first holders.
 */
class GuardDecisionTest {

  private static final int COMPONENTS_PER_SEED = 400;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void shouldDecideEveryComponentAsTheBoxedReferenceDoes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int c = 0; c < COMPONENTS_PER_SEED; c++) {
      RandomComponent component = RandomComponent.draw(random);
      List<int[]> mustLinks = component.pairs(random);
      List<int[]> cannotLinks = component.pairs(random);

      GuardDecision.Result actual = component.engine().decide(component, mustLinks, cannotLinks);
      BoxedGuardDecision.Result expected =
          component.reference().decide(component, mustLinks, cannotLinks);

      assertThat(actual.groupOf()).as("groups of %s", component).isEqualTo(expected.groupOf());
      assertThat(actual.groups()).isEqualTo(expected.groups());
      assertThat(actual.refusals()).as("refusals of %s", component)
          .isEqualTo(expected.refusals());
      Map<Integer, Integer> firstHolders = new HashMap<>();
      for (int k = 0; k < actual.identifiers().length; k++) {
        firstHolders.put(actual.identifiers()[k], actual.firstHolders()[k]);
      }
      Map<Integer, Integer> expectedFirst = new HashMap<>();
      expected.holders().forEach((id, holding) -> expectedFirst.put(id, holding[0]));
      assertThat(firstHolders).isEqualTo(expectedFirst);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void shouldDecideCrowdedComponentsAsTheBoxedReferenceDoes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int refusals = 0;
    for (int c = 0; c < 20; c++) {
      // Up to 150 records, most sharing a value of a top-priority type that links past every limit,
      // each with a value of its own and one it may share, of limited lower-priority types: groups
      // gather hundreds of values, and the records outside are refused on the way in.
      int records = 60 + random.nextInt(91);
      int[][] held = new int[records][];
      int[] typeOfId = new int[1 + 3 * records];
      for (int r = 0; r < records; r++) {
        int own = 1 + 3 * r;
        typeOfId[own] = 1;
        typeOfId[own + 1] = 2;
        typeOfId[own + 2] = 1 + random.nextInt(2);
        int shared = 2 + 3 * random.nextInt(records) + random.nextInt(2);
        held[r] = r % 10 < 7 ? new int[] {0, own, shared} : new int[] {own, shared};
      }
      RandomComponent component = new RandomComponent(held, typeOfId,
          new int[] {1, 1 + random.nextInt(3), 2 + random.nextInt(20)}, new int[] {9, 1, 1},
          new boolean[3]);

      GuardDecision.Result actual = component.engine().decide(component, List.of(), List.of());
      BoxedGuardDecision.Result expected =
          component.reference().decide(component, List.of(), List.of());

      assertThat(actual.groupOf()).isEqualTo(expected.groupOf());
      assertThat(actual.refusals()).isEqualTo(expected.refusals());
      refusals += actual.refusals().size();
    }
    assertThat(refusals).as("refusals over the seed's components").isPositive();
  }

  @Test
  void shouldRefuseTheLinkThatWouldGiveAPersonASecondMemberNumber() {
    // Records 0 and 1 hold different member numbers (type 0, limit 1); both hold phone 10 (type 1).
    RandomComponent component = new RandomComponent(
        new int[][] {{0, 10}, {1, 10}}, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
        new int[] {1, IdentifierType.UNLIMITED}, new int[] {10, 5}, new boolean[2]);

    GuardDecision.Result result = component.engine().decide(component, List.of(), List.of());

    assertThat(result.groups()).isEqualTo(2);
    assertThat(result.refusals()).containsExactly(new GuardDecision.Refusal(
        10, 0, 1, io.github.cdpkit.identity.event.ConflictRule.PROFILE_LIMIT,
        "t0 allows 1 per person"));
  }

  /** A component drawn at random: records holding ids of a few typed, ordered identifiers. */
  @SuppressWarnings("ArrayRecordComponent") // a test fixture, built once and only read
  private record RandomComponent(int[][] held, int[] typeOfId, int[] limits, int[] priorities,
      boolean[] weak) implements GuardDecision.Component {

    static RandomComponent draw(SplittableRandom random) {
      int records = 1 + random.nextInt(30);
      int types = 1 + random.nextInt(4);
      int[] limits = new int[types];
      int[] priorities = new int[types];
      boolean[] weak = new boolean[types];
      for (int t = 0; t < types; t++) {
        limits[t] = random.nextInt(4) == 0 ? IdentifierType.UNLIMITED : 1 + random.nextInt(3);
        priorities[t] = random.nextInt(3);
        weak[t] = random.nextBoolean();
      }
      // Few identifiers for many records, so that they are shared and limits are reached.
      int ids = 1 + random.nextInt(2 * records);
      int[] typeOfId = IntStream.range(0, ids).map(id -> random.nextInt(types)).toArray();
      int[][] held = new int[records][];
      for (int r = 0; r < records; r++) {
        held[r] = IntStream.generate(() -> random.nextInt(ids)).limit(1 + random.nextInt(4))
            .distinct().toArray();
      }
      return new RandomComponent(held, typeOfId, limits, priorities, weak);
    }

    List<int[]> pairs(SplittableRandom random) {
      List<int[]> pairs = new ArrayList<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        pairs.add(new int[] {random.nextInt(held.length), random.nextInt(held.length)});
      }
      return pairs;
    }

    GuardDecision engine() {
      return new GuardDecision(limits, priorities, weak, names());
    }

    BoxedGuardDecision reference() {
      return new BoxedGuardDecision(limits, priorities, weak, names());
    }

    private String[] names() {
      return IntStream.range(0, limits.length).mapToObj(t -> "t" + t).toArray(String[]::new);
    }

    @Override
    public int recordCount() {
      return held.length;
    }

    @Override
    public int[] identifiersOf(int record) {
      return held[record].clone();
    }

    @Override
    public int typeOf(int identifier) {
      return typeOfId[identifier];
    }

    @Override
    public int[] keyOrder(int[] identifiers) {
      // Keys ordered unlike ids, so that an order by id would show.
      return IntStream.range(0, identifiers.length).boxed()
          .sorted(java.util.Comparator.comparingInt(k -> Integer.reverse(identifiers[k] * 0x9E3779B9)))
          .mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
      return java.util.Arrays.deepToString(held) + " typed " + java.util.Arrays.toString(typeOfId)
          + " limits " + java.util.Arrays.toString(limits);
    }
  }
}
