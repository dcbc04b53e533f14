package io.github.cdpkit.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random record sets drawn from small pools of values, so that records collide often and
 * components of every shape appear.
 */
final class RandomRecords {

  private RandomRecords() {}

  static List<SourceRecord> generate(long seed, int count, int poolSize, boolean withMemberNumbers) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SourceRecord> records = new ArrayList<>(count);
    String[] sources = {"tmall", "jd", "app", "pos"};
    for (int i = 0; i < count; i++) {
      SourceRecord.Builder builder =
          SourceRecord.builder(sources[random.nextInt(sources.length)], "r" + i);
      int identifiers = 1 + random.nextInt(3);
      for (int k = 0; k < identifiers; k++) {
        int value = random.nextInt(poolSize);
        switch (random.nextInt(withMemberNumbers ? 4 : 3)) {
          case 0 -> builder.identifier("phone", String.format("139%08d", 10_000_000 + value));
          case 1 -> builder.identifier("email", "u" + value + "@example.com");
          case 2 -> builder.identifier("device_id", String.format("DEV%013d", 1_000_000 + value));
          default -> builder.identifier("member_no", "M" + value);
        }
      }
      records.add(builder.build());
    }
    return records;
  }

  /** Types under which no guard fires: no limits, so resolution is plain connectivity. */
  static IdentifierTypes unguarded() {
    List<IdentifierType> types = new ArrayList<>();
    for (IdentifierType type : IdentifierTypes.defaults().all()) {
      types.add(type.toBuilder().maxPerPerson(IdentifierType.UNLIMITED).build());
    }
    return IdentifierTypes.of(types);
  }
}
