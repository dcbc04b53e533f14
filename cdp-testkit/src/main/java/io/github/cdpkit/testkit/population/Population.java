package io.github.cdpkit.testkit.population;

import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic synthetic population of a brand's customers, generated on the fly from a seed.
 *
 * <pre>{@code
 * Population population = Population.builder().seed(42).people(1_000_000).build();
 * population.records().forEach(resolver::ingest);             // about 2.6 million records, streamed
 * int person = population.personIndex(someRecord.key());       // the ground truth
 * population.expectedRefusedLinks().forEach(link -> ...);      // what the guards must refuse
 * }</pre>
 *
 * <h2>What is generated</h2>
 *
 * Each person has 1 to 6 records (2.58 on average), at most one per channel: the marketplaces
 * {@code tmall}, {@code jd} and {@code meituan}, the brand's {@code app} and {@code mini_program},
 * store {@code pos} terminals and {@code dealer}s. The records carry identifiers of the built-in types
 * of {@link io.github.cdpkit.identity.IdentifierTypes}, drawn the way channels hold them:
 *
 * <ul>
 *   <li>{@code phone}: 95% of people have a mainland mobile (11 digits starting 13 to 19), written
 *       plain or as {@code +8613800138000}, {@code +86 138-0013-8000}, {@code 138 0013 8000} or
 *       {@code +86 13800138000}; a few have a second number on some records;
 *   <li>{@code email}: half of the people, {@code local@domain.tld}, sometimes capitalised;
 *   <li>{@code device_id}: 1 to 3 devices per person, held mostly by their {@code app} and
 *       {@code meituan} records, so that about 55% of people show one; upper-case UUIDs (IDFA, OAID)
 *       or 16-hex Android ids, sometimes written in lower case;
 *   <li>{@code wechat_openid}: {@code o} and 27 base64url characters, one per WeChat app a person
 *       uses (the brand's mini program, its mobile app, a dealer's mini program), namespaced by the
 *       app id ({@code wx} and 16 hex digits);
 *   <li>{@code member_no}: {@code M} and 10 digits, unique per person, on the brand-owned channels of
 *       the people who joined the programme.
 * </ul>
 *
 * About 3% of records also carry a junk value that the built-in types block ({@code 00000000000},
 * {@code null@null.com}, the all-zero device id). Every value of a person is unique to them except
 * the household evidence: people {@code 2h} and {@code 2h + 1} form household {@code h}, and in 15%
 * of households the two share a family phone, a family device, or both, on one record each. The records
 * of one person always share identifiers with each other, so they form one connected component.
 *
 * <h2>Ground truth</h2>
 *
 * {@link #personIndex(RecordKey)} names the person of every record; {@link #expectedGroup(int)} says
 * which people a resolver with the default guards should still put together (a household that shares
 * evidence and holds at most one member number is one person as far as the evidence goes), and
 * {@link #expectedRefusedLinks()} lists the links it must refuse (a household whose members hold two
 * member numbers).
 *
 * <h2>Orders</h2>
 *
 * {@link #people()} adds each person's orders: 0 to 40, 2.1 on average (none for a fifth of the
 * people), amounts in minor units, placed through one of the person's records at a time within two
 * years after the {@linkplain Builder#baseTime(Instant) base time}, like every record's observation
 * time.
 *
 * <h2>Determinism and streaming</h2>
 *
 * Person {@code i} is drawn from its own seed, derived from the population's seed and {@code i}, so
 * the same seed gives the same population in every pass, in any slice and in parallel streams, and
 * nothing is kept between persons: a stream of ten million records holds one person at a time.
 * Instances are immutable and thread-safe; each stream has its own generator state.
 */
public final class Population {

  /** The most people a population may have. */
  public static final int MAX_PEOPLE = 100_000_000;

  private final long seed;
  private final int people;
  private final Instant baseTime;
  private final Codes codes;

  private Population(Builder builder) {
    this.seed = builder.seed;
    this.people = builder.people;
    this.baseTime = builder.baseTime;
    this.codes = new Codes(seed);
  }

  /**
   * Starts a population with seed 0, 10,000 people and a base time of
   * {@code 2024-01-01T00:00:00Z}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the seed everything is drawn from.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns how many people the population has.
   *
   * @return the number of people
   */
  public int personCount() {
    return people;
  }

  /**
   * Returns the start of the two years in which records are observed and orders placed.
   *
   * @return the base time
   */
  public Instant baseTime() {
    return baseTime;
  }

  /**
   * Returns every record, person by person in index order, each person's records in the order drawn.
   * Generated lazily; orders are not generated. The stream splits by person for parallel use.
   *
   * @return the records
   */
  public Stream<SourceRecord> records() {
    return StreamSupport.stream(new RecordSpliterator(0, people), false);
  }

  /**
   * Returns every person with their records and orders, in index order. Generated lazily.
   *
   * @return the people
   */
  public Stream<SyntheticPerson> people() {
    return StreamSupport.stream(new ByIndex<>(0, people, Generator::person, true), false);
  }

  /**
   * Returns one person, generated alone: equal to the person of that index in {@link #people()}.
   *
   * @param index the person's index
   * @return the person
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, personCount())}
   */
  public SyntheticPerson person(int index) {
    Objects.checkIndex(index, people);
    return generator().person(index);
  }

  /**
   * Returns how many records the population has, by a quick pass that draws only each person's
   * record count (a few nanoseconds per person).
   *
   * @return the number of records
   */
  public long recordCount() {
    Generator generator = generator();
    long count = 0;
    for (int i = 0; i < people; i++) {
      count += generator.recordCount(i);
    }
    return count;
  }

  /**
   * Returns the index of the person a record of this population belongs to, without generating or
   * keeping anything but that person's first draws: record ids encode the person.
   *
   * @param key the key of a record of this population
   * @return the person's index
   * @throws IllegalArgumentException if the key is not the key of a record of this population
   */
  public int personIndex(RecordKey key) {
    long decoded = codes.decodeRecordId(key.recordId());
    long index = decoded >>> 3;
    int ordinal = (int) (decoded & 7);
    if (decoded < 0 || index >= people
        || !key.source().equals(generator().channel((int) index, ordinal))) {
      throw new IllegalArgumentException("not a record of this population (seed " + seed + ", "
          + people + " people): " + key);
    }
    return (int) index;
  }

  /**
   * Returns the smallest index of the people whose records a resolver with the built-in identifier
   * types and their default guards should put into one person with person {@code index}: the person
   * itself, or, when {@code index} belongs to a household that shares a phone or a device and whose
   * members do not hold two member numbers, the household's first member. Records of different
   * households never link.
   *
   * @param index a person's index
   * @return the index that stands for the person's expected group
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, personCount())}
   */
  public int expectedGroup(int index) {
    Objects.checkIndex(index, people);
    return generator().expectedGroup(index);
  }

  /**
   * Returns the links a resolver with the built-in identifier types and their default guards must
   * refuse, one per household whose members share evidence while holding different member numbers,
   * in household order: about 2.7% of households, 18% of those that share evidence.
   *
   * @return the refused links
   */
  public Stream<RefusedLink> expectedRefusedLinks() {
    return StreamSupport.stream(new ByIndex<>(0, people / 2, Generator::refusedLink, false), false);
  }

  @Override
  public String toString() {
    return "Population[seed " + seed + ", " + people + " people, from " + baseTime + "]";
  }

  private Generator generator() {
    return new Generator(codes, people, baseTime);
  }

  /**
   * A spliterator over the person indexes {@code [next, end)}, with a generator of its own made on
   * first use: a generator keeps scratch buffers, so each split needs its own.
   */
  private abstract class IndexRange<T> implements Spliterator<T> {
    int next;
    final int end;
    private @Nullable Generator generator;

    IndexRange(int from, int end) {
      this.next = from;
      this.end = end;
    }

    final Generator generator() {
      Generator local = generator;
      if (local == null) {
        local = Population.this.generator();
        generator = local;
      }
      return local;
    }
  }

  /** Streams the records of people {@code [next, end)}; splits by person. */
  private final class RecordSpliterator extends IndexRange<SourceRecord> {
    private List<SourceRecord> current = List.of();
    private int position;

    RecordSpliterator(int from, int end) {
      super(from, end);
    }

    @Override
    public boolean tryAdvance(Consumer<? super SourceRecord> action) {
      while (position == current.size()) {
        if (next >= end) {
          return false;
        }
        current = generator().records(next++);
        position = 0;
      }
      action.accept(current.get(position++));
      return true;
    }

    @Override
    public void forEachRemaining(Consumer<? super SourceRecord> action) {
      while (position < current.size()) {
        action.accept(current.get(position++));
      }
      Generator local = generator();
      while (next < end) {
        List<SourceRecord> records = local.records(next++);
        for (int i = 0; i < records.size(); i++) {
          action.accept(records.get(i));
        }
      }
    }

    @Override
    public @Nullable Spliterator<SourceRecord> trySplit() {
      int mid = (next + end) >>> 1;
      if (position < current.size() || mid <= next) {
        return null;
      }
      RecordSpliterator prefix = new RecordSpliterator(next, mid);
      next = mid;
      return prefix;
    }

    @Override
    public long estimateSize() {
      return (long) ((end - next) * 2.58) + current.size() - position;
    }

    @Override
    public int characteristics() {
      return ORDERED | NONNULL | IMMUTABLE;
    }
  }

  /** Makes the element of one index, or nothing. */
  @FunctionalInterface
  private interface Maker<T> {
    @Nullable T make(Generator generator, int index);
  }

  /** Streams what {@code maker} makes of indexes {@code [next, end)}, skipping nothing made. */
  private final class ByIndex<T> extends IndexRange<T> {
    private final Maker<T> maker;
    private final boolean sized;

    ByIndex(int from, int end, Maker<T> maker, boolean sized) {
      super(from, end);
      this.maker = maker;
      this.sized = sized;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      Generator local = generator();
      while (next < end) {
        T element = maker.make(local, next++);
        if (element != null) {
          action.accept(element);
          return true;
        }
      }
      return false;
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
      Generator local = generator();
      while (next < end) {
        T element = maker.make(local, next++);
        if (element != null) {
          action.accept(element);
        }
      }
    }

    @Override
    public @Nullable Spliterator<T> trySplit() {
      int mid = (next + end) >>> 1;
      if (mid <= next) {
        return null;
      }
      ByIndex<T> prefix = new ByIndex<>(next, mid, maker, sized);
      next = mid;
      return prefix;
    }

    @Override
    public long estimateSize() {
      return (long) end - next;
    }

    @Override
    public int characteristics() {
      return ORDERED | NONNULL | IMMUTABLE | (sized ? SIZED | SUBSIZED : 0);
    }
  }

  /** Builds a {@link Population}; not thread-safe. */
  public static final class Builder {
    // Records carry their times into the resolver, which keeps them as epoch milliseconds.
    private static final Instant EARLIEST_BASE_TIME = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LATEST_BASE_TIME =
        Instant.ofEpochMilli(Long.MAX_VALUE).minusSeconds(Generator.TWO_YEARS_SECONDS);

    private long seed;
    private int people = 10_000;
    private Instant baseTime = Instant.parse("2024-01-01T00:00:00Z");

    private Builder() {}

    /**
     * Sets the seed; the same seed gives the same population.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets how many people to generate; a population has about 2.58 records per person, so
     * 3,900,000 people give about ten million records.
     *
     * @param people at least 1, at most {@link Population#MAX_PEOPLE}
     * @return this builder
     * @throws IllegalArgumentException if {@code people} is out of range
     */
    public Builder people(int people) {
      if (people < 1 || people > MAX_PEOPLE) {
        throw new IllegalArgumentException(
            "people must be between 1 and " + MAX_PEOPLE + ": " + people);
      }
      this.people = people;
      return this;
    }

    /**
     * Sets the start of the two years in which records are observed and orders placed.
     *
     * @param baseTime the instant; it and the two years after it must lie in the range of epoch
     *     milliseconds (about 292 million years either side of 1970), where the resolver keeps a
     *     record's time
     * @return this builder
     * @throws NullPointerException if {@code baseTime} is null
     * @throws IllegalArgumentException if {@code baseTime} or the two years after it lie outside
     *     the range of epoch milliseconds
     */
    public Builder baseTime(Instant baseTime) {
      Objects.requireNonNull(baseTime, "baseTime");
      if (baseTime.isBefore(EARLIEST_BASE_TIME) || baseTime.isAfter(LATEST_BASE_TIME)) {
        throw new IllegalArgumentException("baseTime must be between " + EARLIEST_BASE_TIME
            + " and " + LATEST_BASE_TIME + ": " + baseTime);
      }
      this.baseTime = baseTime;
      return this;
    }

    /**
     * Returns the population.
     *
     * @return a new population with the settings made so far
     */
    public Population build() {
      return new Population(this);
    }
  }
}
