package io.github.cdpkit.testkit.population;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.event.Conflict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The ground truth of {@link Population} against a real resolver with the built-in types and their
 * default guards: what the population says the resolver must decide, it decides.
 */
class PopulationResolutionTest {

  private static final Set<String> JUNK = Set.of(Generator.JUNK_PHONE, Generator.JUNK_EMAIL,
      Generator.JUNK_DEVICE);

  @Test
  void shouldResolveAsTheGroundTruthSaysWhenIngestedWhole() {
    for (long seed : new long[] {1, 2, 3, 42}) {
      Population population = Population.builder().seed(seed).people(6_000).build();
      List<Conflict> conflicts = new ArrayList<>();
      IdentityResolver resolver = IdentityResolver.builder()
          .listener(event -> {
            if (event instanceof Conflict conflict) {
              conflicts.add(conflict);
            }
          })
          .build();
      List<Identifier> ignored = new ArrayList<>();

      long ingested = resolver.ingestStream(population.records().iterator(),
          result -> ignored.addAll(result.ignored()));

      assertThat(ingested).isEqualTo(population.recordCount());
      assertThat(ignored).as("ignored as junk, seed %d", seed)
          .isNotEmpty().allSatisfy(identifier -> assertThat(identifier.value()).isIn(JUNK));

      // one OneId per expected group, and every record of a person under it
      Map<Integer, OneId> byGroup = new HashMap<>();
      Map<OneId, Integer> byOneId = new HashMap<>();
      List<OneId> oneIdOfPerson = new ArrayList<>();
      population.people().forEachOrdered(person -> {
        Set<OneId> ids = person.records().stream()
            .map(record -> resolver.resolve(record.key()).orElseThrow())
            .collect(Collectors.toSet());
        assertThat(ids).as("OneIds of person %d, seed %d", person.index(), seed).hasSize(1);
        OneId oneId = ids.iterator().next();
        int group = population.expectedGroup(person.index());
        assertThat(byGroup.computeIfAbsent(group, g -> oneId))
            .as("OneId of person %d, seed %d", person.index(), seed).isEqualTo(oneId);
        assertThat(byOneId.computeIfAbsent(oneId, id -> group))
            .as("group of person %d, seed %d", person.index(), seed).isEqualTo(group);
        oneIdOfPerson.add(oneId);
      });

      // every refused link reported, between the two members, and nothing else
      Set<String> expected = new HashSet<>();
      population.expectedRefusedLinks().forEach(link -> {
        for (Identifier shared : link.sharedIdentifiers()) {
          expected.add(describe(shared, oneIdOfPerson.get(link.leftPerson()),
              oneIdOfPerson.get(link.rightPerson()), link.rule().name()));
        }
      });
      Set<String> reported = new HashSet<>();
      for (Conflict conflict : conflicts) {
        reported.add(describe(conflict.identifier(),
            resolver.current(conflict.left()).orElseThrow(),
            resolver.current(conflict.right()).orElseThrow(), conflict.rule().name()));
      }
      assertThat(expected).as("refused links, seed %d", seed).isNotEmpty();
      assertThat(reported).as("conflicts, seed %d", seed).isEqualTo(expected);
    }
  }

  /** A refused link, the same whichever of the two people the resolver names first. */
  private static String describe(Identifier identifier, OneId a, OneId b, String rule) {
    String people = a.toString().compareTo(b.toString()) < 0 ? a + " " + b : b + " " + a;
    return identifier + " " + people + " " + rule;
  }
}
