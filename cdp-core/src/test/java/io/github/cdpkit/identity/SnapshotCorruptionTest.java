package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.GenericValueDetected;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz of {@link IdentityResolverBuilder#restore}: snapshots of random resolvers (records
 * ingested, merged, declared never to merge, removed, unlinked, erased, conflicts dismissed), each
 * corrupted one way (truncated, bits flipped, a count, length or id overwritten with a huge or
 * negative value, a chunk dropped or repeated). A restore either refuses the bytes with an
 * {@link IOException} that says why, leaving the store it was given empty, or, for an identifier
 * these types refuse, with the documented {@link IllegalStateException}; or it gives a resolver
 * that holds together: every record it holds resolves to a person holding it, every identifier
 * that is not generic resolves, its snapshot restores to the same snapshot, and restoring into a
 * store gives the same resolver. Nothing else may escape ({@code OutOfMemoryError},
 * {@code NegativeArraySizeException}, an index out of bounds, a {@code NullPointerException}), and
 * no case may take long. That is checked on snapshots in version 2, which have no checksum; in the
 * version written, 3, every corruption must be refused with an IOException, by its checksum or
 * before. The 600 cases run in about two seconds, also with a heap of 40 MB.
 *
 * <p>The first runs found seven kinds of failure, each fixed with a test in
 * {@link SnapshotFormatTest}: a truncated snapshot threw an {@code EOFException} without a message;
 * a store that does not roll back was left half filled; an event naming an id past the last issued
 * id, a record key written twice and an id founded by two records restored a resolver that did not
 * hold together; a record observed past the epoch milliseconds threw {@code ArithmeticException};
 * a string that was not modified UTF-8 was refused without saying the snapshot was corrupt. A
 * quarter of the bit flips restored a different resolver, which version 3's checksum refuses.
 * {@code -Dsnapshot.resolvers=N} fuzzes the snapshots of N resolvers instead of 20 (all ran
 * clean from 1,000: 30,000 cases).
 */
class SnapshotCorruptionTest {

  private static final IdentifierTypes TYPES = OperationsPropertiesTest.TYPES;
  private static final int GENERIC_THRESHOLD = 4;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-01T00:00:00Z"), ZoneOffset.UTC);
  /** What an IOException's message starts with when it refuses a stream for what it holds. */
  private static final Pattern REFUSAL = Pattern.compile(
      "^((corrupt|not an) identity snapshot: |identity snapshot version )");
  private static final long RESOLVERS = Long.getLong("snapshot.resolvers", 20);
  private static final int CORRUPTIONS_EACH = 15;

  @Test
  void shouldRefuseOrRestoreConsistentlyEveryCorruptedVersionTwoSnapshot() throws IOException {
    // Without a checksum: what the reading checks is all that stands between a damaged copy and
    // the resolver.
    forEachCorruption(SnapshotFormatTest::versionTwo, SnapshotCorruptionTest::check);
  }

  @Test
  void shouldRefuseEveryCorruptedSnapshotOfTheVersionWritten() throws IOException {
    forEachCorruption(snapshot -> snapshot, (corrupted, description) -> {
      InMemoryIdentityStore store = new InMemoryIdentityStore();
      // Its checksum refuses what parses, the identifiers its types refuse too.
      Throwable refusal =
          catchThrowable(() -> builder().store(store).restore(new ByteArrayInputStream(corrupted)));
      assertThat(refusal).as(description).isInstanceOf(IOException.class);
      assertThat(refusal.getMessage()).as(description).containsPattern(REFUSAL);
      assertEmpty(store, description);
    });
  }

  /** What a corrupted snapshot must come to: {@link AssertionError} if it does not. */
  private interface Check {
    void check(byte[] corrupted, String description) throws IOException;
  }

  /**
   * Writes the snapshot of each random resolver, checks that it restores to itself, turns it into
   * {@code form} and checks {@link #CORRUPTIONS_EACH} corruptions of that.
   */
  private static void forEachCorruption(UnaryOperator<byte[]> form, Check check)
      throws IOException {
    for (long seed = 1; seed <= RESOLVERS; seed++) {
      byte[] written = snapshotOf(randomResolver(seed));
      assertThat(snapshotOf(restore(written, "seed " + seed)))
          .as("seed %d: a snapshot restores to itself", seed).isEqualTo(written);
      byte[] snapshot = form.apply(written);
      SplittableRandom random = new SplittableRandom(seed * 31 + 7);
      for (int c = 0; c < CORRUPTIONS_EACH; c++) {
        Corruption corruption = Corruption.values()[random.nextInt(Corruption.values().length)];
        byte[] corrupted = corruption.apply(snapshot, random.split());
        if (!Arrays.equals(corrupted, snapshot)) {
          String description = "seed " + seed + ", case " + c + ": " + corruption;
          assertTimeoutPreemptively(Duration.ofSeconds(10),
              () -> check.check(corrupted, description), description + " took too long");
        }
      }
    }
  }

  // ------------------------------------------------------------------------- the resolvers

  /** A resolver of a few dozen random records after random operations of every kind. */
  private static IdentityResolver randomResolver(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    IdentityResolver resolver = builder().build();
    List<SourceRecord> records = RandomRecords.generate(seed, 10 + random.nextInt(20),
        6 + random.nextInt(10), true);
    resolver.ingestAll(records);
    if (seed % 8 == 0) {
      // Longer than one chunk of a string (16,384 chars) in snapshots since version 2.
      resolver.ingest(SourceRecord.builder("app", "long-" + "x".repeat(16_400))
          .identifier("member_no", "M" + seed).build());
    }
    for (int step = 0; step < 12; step++) {
      RecordKey key = records.get(random.nextInt(records.size())).key();
      RecordKey other = records.get(random.nextInt(records.size())).key();
      Optional<OneId> id = resolver.resolve(key);
      Optional<OneId> otherId = resolver.resolve(other);
      try {
        switch (random.nextInt(6)) {
          case 0 -> {
            if (id.isPresent() && otherId.isPresent()) {
              resolver.merge(id.get(), otherId.get());
            }
          }
          case 1 -> {
            if (id.isPresent() && otherId.isPresent() && !id.equals(otherId)) {
              resolver.neverMerge(id.get(), otherId.get());
            }
          }
          case 2 -> resolver.removeRecord(key);
          case 3 -> resolver.identifiersOf(key).filter(held -> !held.isEmpty())
              .ifPresent(held -> resolver.removeLink(key, held.get(0)));
          case 4 -> id.ifPresent(resolver::erase);
          default -> resolver.pendingConflicts().stream().findFirst()
              .ifPresent(conflict -> resolver.dismiss(conflict.sequence()));
        }
      } catch (IllegalArgumentException | IllegalStateException refused) {
        // A decision the resolver refuses (two people declared never to merge, one founder)
        // changes nothing; the snapshot is of what it holds.
      }
    }
    return resolver;
  }

  private static IdentityResolverBuilder builder() {
    return IdentityResolver.builder().types(TYPES).genericThreshold(GENERIC_THRESHOLD).clock(CLOCK);
  }

  private static byte[] snapshotOf(IdentityResolver resolver) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    resolver.snapshot(out);
    return out.toByteArray();
  }

  private static IdentityResolver restore(byte[] snapshot, String description) {
    try {
      return builder().restore(new ByteArrayInputStream(snapshot));
    } catch (IOException e) {
      throw new AssertionError(description + ": refused " + e, e);
    }
  }

  // ---------------------------------------------------------------------------- the checks

  /** Restores {@code bytes} alone and into a store: both refuse them, or both hold together. */
  private static void check(byte[] bytes, String description) throws IOException {
    Optional<IdentityResolver> alone = restoreOrRefuse(bytes, null, description);
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    Optional<IdentityResolver> intoStore = restoreOrRefuse(bytes, store, description);
    assertThat(intoStore.isPresent()).as("%s: restored alone and into a store alike", description)
        .isEqualTo(alone.isPresent());
    if (alone.isPresent() && intoStore.isPresent()) {
      checkHoldsTogether(alone.get(), store, description);
      assertThat(snapshotOf(intoStore.get())).as("%s: restored into a store alike", description)
          .isEqualTo(snapshotOf(alone.get()));
    }
  }

  /**
   * Restores {@code bytes}, into {@code store} if there is one; empty if they were refused as they
   * may be: by an IOException that says why, the store left empty, or by the documented
   * IllegalStateException.
   */
  private static Optional<IdentityResolver> restoreOrRefuse(byte[] bytes,
      @Nullable InMemoryIdentityStore store, String description) {
    IdentityResolverBuilder builder = store != null ? builder().store(store) : builder();
    try {
      return Optional.of(builder.restore(new ByteArrayInputStream(bytes)));
    } catch (IOException refused) {
      assertThat(refused.getMessage()).as("%s: %s", description, refused)
          .containsPattern(REFUSAL);
      if (store != null) {
        assertEmpty(store, description);
      }
      return Optional.empty();
    } catch (IllegalStateException refused) {
      // Documented: a stored identifier of a type these types do not define, or a value they
      // refuse (a bit flipped in a type name or a phone number), read back after the restore.
      String message = refused.getMessage();
      if (message == null || !message.startsWith("cannot read back record ")
          || !message.endsWith("with the identifier types it was written with")) {
        throw new AssertionError(description + ": threw " + refused, refused);
      }
      return Optional.empty();
    } catch (RuntimeException | Error e) {
      throw new AssertionError(description + ": threw " + e, e);
    }
  }

  private static void assertEmpty(InMemoryIdentityStore store, String description) {
    assertThat(store.recordCount()).as("%s: records left in the store", description).isZero();
    assertThat(store.lastIssuedId()).as("%s: id counter", description).isZero();
    assertThat(store.decisions()).as("%s: decisions", description).isEmpty();
    assertThat(store.deniedHashes()).as("%s: deny list", description).isEmpty();
    assertThat(store.events(0)).as("%s: history", description).isEmpty();
  }

  /**
   * Every record in {@code store} resolves to a person holding it, every identifier it holds that
   * is not generic resolves, the pending conflicts are between current people, and a snapshot
   * of the resolver restores to the same snapshot.
   */
  private static void checkHoldsTogether(IdentityResolver resolver, InMemoryIdentityStore store,
      String description) throws IOException {
    assertThat(resolver.stats().records()).as(description).isEqualTo(store.recordCount());
    List<Identifier> generic = new ArrayList<>();
    resolver.history(0).forEach(event -> {
      if (event instanceof GenericValueDetected detected) {
        generic.add(detected.identifier());
      }
    });
    Map<Identifier, Integer> holders = new HashMap<>();
    store.forEachRecord(stored -> stored.identifiers()
        .forEach(identifier -> holders.merge(identifier, 1, Integer::sum)));
    store.forEachRecord(stored -> checkRecord(resolver, stored, description));
    holders.forEach((identifier, count) -> {
      if (count <= GENERIC_THRESHOLD && !generic.contains(identifier)) {
        assertThat(resolver.resolve(identifier)).as("%s: %s", description, identifier)
            .isPresent();
      }
    });
    for (Conflict conflict : resolver.pendingConflicts()) {
      assertThat(resolver.current(conflict.left())).as(description).contains(conflict.left());
      assertThat(resolver.current(conflict.right())).as(description).contains(conflict.right());
    }
    byte[] again = snapshotOf(resolver);
    assertThat(snapshotOf(restore(again, description)))
        .as("%s: its snapshot restores to itself", description).isEqualTo(again);
  }

  private static void checkRecord(IdentityResolver resolver, StoredRecord stored,
      String description) {
    OneId person = resolver.resolve(stored.key()).orElseThrow(
        () -> new AssertionError(description + ": " + stored.key() + " does not resolve"));
    assertThat(resolver.person(person).orElseThrow().records())
        .as("%s: %s", description, stored.key()).contains(stored.key());
    assertThat(resolver.identifiersOf(stored.key())).as("%s: %s", description, stored.key())
        .isPresent();
  }

  // --------------------------------------------------------------------------- corruptions

  /** One way to damage a snapshot, drawing its choices from the random it is given. */
  private enum Corruption {
    /** A copy cut short. */
    TRUNCATED {
      @Override
      byte[] apply(byte[] bytes, SplittableRandom random) {
        return Arrays.copyOf(bytes, random.nextInt(bytes.length));
      }
    },
    /** One to three bits flipped anywhere. */
    BITS_FLIPPED {
      @Override
      byte[] apply(byte[] bytes, SplittableRandom random) {
        byte[] copy = bytes.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
      }
    },
    /**
     * An int that reads as a small count or length (as most of them are) overwritten with a huge,
     * negative or nearby value.
     */
    COUNT_OVERWRITTEN {
      @Override
      byte[] apply(byte[] bytes, SplittableRandom random) {
        int[] huge = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 8, 1 << 24};
        return overwrite(bytes, random, Integer.BYTES, 0, 1 << 16, (value, choice) ->
            choice < huge.length ? huge[choice] : value + (choice % 2 == 0 ? 1 : -1),
            huge.length + 2);
      }
    },
    /** A long that reads as an id, a count or a time overwritten with a huge or negative value. */
    LONG_OVERWRITTEN {
      @Override
      byte[] apply(byte[] bytes, SplittableRandom random) {
        long[] huge = {-1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 31, Integer.MAX_VALUE, 1L << 40};
        return overwrite(bytes, random, Long.BYTES, 0, 1L << 40, (value, choice) ->
            choice < huge.length ? huge[choice] : value + 1, huge.length + 1);
      }
    },
    /** The two-byte length of a string's chunk overwritten with 0 or 65535. */
    CHUNK_LENGTH_OVERWRITTEN {
      @Override
      byte[] apply(byte[] bytes, SplittableRandom random) {
        return overwrite(bytes, random, Short.BYTES, 1, 1000,
            (value, choice) -> choice == 0 ? 0 : 0xFFFF, 2);
      }
    },
    /** Up to 64 bytes left out. */
    CHUNK_DROPPED {
      @Override
      byte[] apply(byte[] bytes, SplittableRandom random) {
        int from = random.nextInt(bytes.length);
        int to = chunkEnd(bytes, from, random);
        byte[] copy = Arrays.copyOf(bytes, bytes.length - (to - from));
        System.arraycopy(bytes, to, copy, from, bytes.length - to);
        return copy;
      }
    },
    /** Up to 64 bytes written twice. */
    CHUNK_REPEATED {
      @Override
      byte[] apply(byte[] bytes, SplittableRandom random) {
        int from = random.nextInt(bytes.length);
        int to = chunkEnd(bytes, from, random);
        byte[] copy = Arrays.copyOf(bytes, bytes.length + (to - from));
        System.arraycopy(bytes, from, copy, to, bytes.length - from);
        return copy;
      }
    };

    /** A damaged copy of {@code bytes}, or they themselves if this found nothing to damage. */
    abstract byte[] apply(byte[] bytes, SplittableRandom random);

    /** The end of a chunk of 1 to 64 bytes from {@code from}, within {@code bytes}. */
    private static int chunkEnd(byte[] bytes, int from, SplittableRandom random) {
      return Math.min(bytes.length, from + 1 + random.nextInt(64));
    }
  }

  /** How a field's value is replaced: from its value and a choice below the choice count. */
  private interface Replacement {
    long replace(long value, int choice);
  }

  /**
   * Overwrites a big-endian field of {@code width} bytes whose value is from {@code min} to below
   * {@code max}, chosen at random among those in {@code bytes}; the bytes as they are if none is.
   */
  private static byte[] overwrite(byte[] bytes, SplittableRandom random, int width, long min,
      long max, Replacement replacement, int choices) {
    List<Integer> candidates = new ArrayList<>();
    for (int at = 0; at + width <= bytes.length; at++) {
      long value = read(bytes, at, width);
      if (value >= min && value < max) {
        candidates.add(at);
      }
    }
    if (candidates.isEmpty()) {
      return bytes;
    }
    int at = candidates.get(random.nextInt(candidates.size()));
    long replaced = replacement.replace(read(bytes, at, width), random.nextInt(choices));
    byte[] copy = bytes.clone();
    ByteBuffer buffer = ByteBuffer.wrap(copy);
    switch (width) {
      case Short.BYTES -> buffer.putShort(at, (short) replaced);
      case Integer.BYTES -> buffer.putInt(at, (int) replaced);
      default -> buffer.putLong(at, replaced);
    }
    return copy;
  }

  private static long read(byte[] bytes, int at, int width) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return switch (width) {
      case Short.BYTES -> Short.toUnsignedLong(buffer.getShort(at));
      case Integer.BYTES -> buffer.getInt(at);
      default -> buffer.getLong(at);
    };
  }
}
