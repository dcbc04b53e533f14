package io.github.cdpkit.examples.cli;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IdentityResolverBuilder;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.config.IdentityConfig;
import io.github.cdpkit.identity.config.IdentityConfigException;
import io.github.cdpkit.identity.event.Conflict;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code cdp resolve}: runs OneID resolution over a channel export and writes each record's OneId.
 *
 * <p>The records are read as they stream and ingested with {@link IdentityResolver#ingestStream},
 * which normalises the next records while it links the last ones. Once all are in, the output is
 * written with each record's final OneId (a later record may have merged an earlier one's person
 * into another), one row per input record in input order. The output and conflicts files are
 * written beside their targets under temporary names and moved into place only when everything
 * succeeded, so bad input leaves no output file behind; a run stopped by Ctrl-C or SIGTERM takes
 * them away as the JVM shuts down (one killed outright leaves them, and the next picks other names).
 * A symbolic link, a device or a pipe is written straight into instead (see {@code Destination}).
 *
 * <p>The progress bar is drawn on standard error when the tool runs in an interactive terminal
 * and the input takes more than a second; {@code --progress} and {@code --no-progress} force it on
 * or off.
 */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description = {
        "Resolves the records of a channel export into people and writes each record's OneId.",
        "",
        "CSV input: the header source,record_id, then one column per identifier type (phone,"
            + " email, device_id, wechat_openid, wechat_unionid, member_no, or as --config"
            + " defines); several values in a cell separated by |; a namespaced value written"
            + " namespace:value, e.g. wxapp1:oAbC123.",
        "JSON lines input: {\"source\":...,\"recordId\":...,\"identifiers\":{\"phone\":[...],"
            + "...}} on each line.",
        "Output: CSV source,record_id,one_id, one row per input record, in input order.",
        ""},
    footer = {"", "Exit codes: 0 success, 1 bad input (file:line: reason on standard error) or a"
        + " file that cannot be read or written (file: reason), with no output written, 2 bad"
        + " usage."})
final class ResolveCommand implements Callable<Integer> {

  private static final int PROGRESS_EVERY = 1_000;
  /** How much of the input {@link #estimateRecords} reads. */
  static final int SAMPLE_BYTES = 1 << 16;
  /** What the resolver reserves per expected record (see {@link IdentityResolverBuilder}). */
  static final long RESERVED_BYTES_PER_RECORD = 100;
  /**
   * The largest {@code --config} read: far more than any configuration takes, and little enough to
   * read whole. The input given as the config by mistake was read whole, and a large one ran out of
   * memory with a stack trace.
   */
  static final long MAX_CONFIG_BYTES = 16L << 20;
  /** How many names {@link #createBeside} tries past the first before it gives up. */
  private static final int MAX_TEMPORARY_ATTEMPTS = 100;

  @Option(names = "--input", required = true, paramLabel = "FILE",
      converter = InputFileConverter.class,
      description = "The records, in UTF-8: CSV if the name ends in .csv; JSON lines if it ends"
          + " in .jsonl, .ndjson or .json.")
  private @Nullable InputFile input;

  @Option(names = "--config", paramLabel = "FILE",
      converter = FileConverter.class,
      description = "The identity configuration (JSON): types, limits, priorities, blocked values"
          + " and the generic threshold. Without it the built-in types apply.")
  private @Nullable Path config;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      converter = FileConverter.class,
      description = "Where to write source,record_id,one_id (CSV).")
  private @Nullable Path output;

  @Option(names = "--conflicts", paramLabel = "FILE",
      converter = FileConverter.class,
      description = "Where to write the refused links (CSV). Without it they go to standard error.")
  private @Nullable Path conflicts;

  @Option(names = "--progress", negatable = true,
      description = "Show a progress bar on standard error. By default it shows in an interactive"
          + " terminal.")
  private @Nullable Boolean progress;

  @Spec
  private @Nullable CommandSpec spec;

  private final PrintWriter err;
  private final LongSupplier nanoTime;

  /**
   * Creates the command.
   *
   * @param err where errors, conflicts, the summary and the progress bar go
   * @param nanoTime the clock of the progress bar
   */
  ResolveCommand(PrintWriter err, LongSupplier nanoTime) {
    this.err = err;
    this.nanoTime = nanoTime;
  }

  @Override
  public Integer call() throws IOException {
    InputFile in = Objects.requireNonNull(input, "--input");
    Path out = Objects.requireNonNull(output, "--output");
    Path conflictsFile = conflicts;
    Path configFile = config;
    requireDistinct(out, "--output", in.path(), "--input");
    if (configFile != null) {
      requireDistinct(out, "--output", configFile, "--config");
    }
    if (conflictsFile != null) {
      requireDistinct(conflictsFile, "--conflicts", in.path(), "--input");
      if (configFile != null) {
        requireDistinct(conflictsFile, "--conflicts", configFile, "--config");
      }
      requireDistinct(conflictsFile, "--conflicts", out, "--output");
    }

    String unusable = unusable(in.path(), configFile, out, conflictsFile);
    if (unusable != null) {
      err.println(unusable);
      return 1;
    }

    IdentityConfig identityConfig;
    try {
      identityConfig = configFile == null ? IdentityConfig.defaults() : readConfig(configFile);
    } catch (ConfigTooLargeException e) {
      err.println(e.getMessage());
      return 1;
    } catch (IdentityConfigException e) {
      err.println(configFile + ": " + e.getMessage());
      return 1;
    } catch (CharacterCodingException e) {
      err.println(configFile + ": the text is not valid UTF-8");
      return 1;
    } catch (IOException e) {
      err.println(describe(e));
      return 1;
    }

    IdentityResolver resolver = identityConfig.applyTo(IdentityResolver.builder())
        .expectedRecords(estimateRecords(in))
        .build();

    boolean showProgress = progress != null ? progress : ProgressBar.interactive();
    // Read by the shutdown hook too, which takes the temporary files away when the run is stopped
    // (Ctrl-C, SIGTERM): a half-written output, of gigabytes perhaps, is not left beside the target.
    TemporaryFiles temporary = new TemporaryFiles();
    Thread cleanup = new Thread(temporary::deleteQuietly, "cdp-resolve-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      Destination outputDestination = Destination.of(out, temporary);
      Destination conflictsDestination =
          conflictsFile == null ? null : Destination.of(conflictsFile, temporary);
      RecordKeyLog keys = new RecordKeyLog();
      long records = ingest(resolver, in, identityConfig, keys, showProgress);
      outputDestination.write(writer -> writeOneIds(resolver, keys, writer, showProgress));
      // The refusals that stand at the end: a link refused early may have been made since, when a
      // later record had the component decided again, or refused again between other people.
      List<Conflict> refused = resolver.pendingConflicts();
      if (conflictsDestination != null) {
        conflictsDestination.write(writer -> writeConflicts(resolver, refused, writer));
        conflictsDestination.commit();
      } else {
        for (Conflict conflict : refused) {
          err.println("refused link: " + describe(resolver, conflict));
        }
      }
      outputDestination.commit();
      err.println("resolved " + count(records, "record", "records") + " into "
          + count(resolver.stats().people(), "person", "people") + "; "
          + count(refused.size(), "refused link", "refused links")
          + (conflictsFile == null || refused.isEmpty() ? "" : " (in " + conflictsFile + ")"));
      return 0;
    } catch (BadInputException e) {
      err.println(e.located(in.path().toString()));
      return 1;
    } catch (IOException e) {
      err.println(describe(e));
      return 1;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running, or will
      }
      temporary.delete();
      err.flush();
    }
  }

  /** A count and its noun, in the singular for one: {@code 1 record}, {@code 1,204 records}. */
  private static String count(long count, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? one : many);
  }

  /**
   * Finds what the reading and writing would stumble on, naming the file as given, before anything
   * is written: a directory where a file is read or written, a config larger than
   * {@value #MAX_CONFIG_BYTES} bytes, or a file to write in a directory that does not exist. The
   * input's absence is left to the reading, which names it as well.
   *
   * @param input the {@code --input} file
   * @param configFile the {@code --config} file, if given
   * @param out the {@code --output} file
   * @param conflictsFile the {@code --conflicts} file, if given
   * @return the problem as {@code file: reason}, or {@code null} if there is none
   */
  private static @Nullable String unusable(Path input, @Nullable Path configFile, Path out,
      @Nullable Path conflictsFile) {
    if (Files.isDirectory(input)) {
      return input + ": is a directory";
    }
    if (configFile != null) {
      if (Files.isDirectory(configFile)) {
        return configFile + ": is a directory";
      }
      long configBytes = sizeIfRegular(configFile);
      if (configBytes > MAX_CONFIG_BYTES) {
        return configTooLarge(configFile, String.format(Locale.ROOT, "%,d", configBytes));
      }
    }
    String problem = unwritable(out);
    return problem == null && conflictsFile != null ? unwritable(conflictsFile) : problem;
  }

  /**
   * Reads the identity configuration, at most {@value #MAX_CONFIG_BYTES} bytes of it, from any
   * source: a regular file larger than that is refused unread by {@link #unusable}, and a pipe or a
   * device ({@code --config /dev/stdin}) here once it has given a byte more, so that the input given
   * by mistake is not read whole.
   *
   * @param configFile the {@code --config} file
   * @return the configuration
   * @throws ConfigTooLargeException if the source holds more than {@value #MAX_CONFIG_BYTES} bytes
   * @throws CharacterCodingException if the text is not UTF-8
   * @throws IOException if the file cannot be read
   * @throws IdentityConfigException if the text is not a valid configuration
   */
  private static IdentityConfig readConfig(Path configFile) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(configFile)) {
      bytes = in.readNBytes(Math.toIntExact(MAX_CONFIG_BYTES + 1));
    }
    if (bytes.length > MAX_CONFIG_BYTES) {
      throw new ConfigTooLargeException(configTooLarge(configFile,
          String.format(Locale.ROOT, "more than %,d", MAX_CONFIG_BYTES)));
    }
    // Strict, as IdentityConfig.read is: the default decoding would turn bad bytes into U+FFFD.
    String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    // A byte order mark, as Windows editors write one, as IdentityConfig.read drops it.
    return IdentityConfig.parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  /** Refuses a config of {@code size} bytes, in words. */
  private static String configTooLarge(Path configFile, String size) {
    return String.format(Locale.ROOT, "%s: is %s bytes; an identity configuration takes at most"
        + " %,d", configFile, size, MAX_CONFIG_BYTES);
  }

  /** A {@code --config} source that gave more than {@value #MAX_CONFIG_BYTES} bytes. */
  private static final class ConfigTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ConfigTooLargeException(String message) {
      super(message);
    }
  }

  /** The size of a regular file; 0 for anything else, or a file that cannot be read. */
  private static long sizeIfRegular(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.isRegularFile() ? attributes.size() : 0;
    } catch (IOException e) {
      return 0; // left to the reading, which names the problem
    }
  }

  /** What keeps a file from being written at {@code target}, or {@code null} if nothing seen. */
  private static @Nullable String unwritable(Path target) {
    if (Files.isDirectory(target)) {
      return target + ": is a directory";
    }
    Path directory = target.toAbsolutePath().getParent();
    if (directory != null && !Files.isDirectory(directory)) {
      return target + ": " + (Files.exists(directory) ? "not a directory: " : "no such directory: ")
          + directory;
    }
    return null;
  }

  /**
   * Refuses, as bad usage, two options that name one file: the output or conflicts moved onto the
   * input or the config would replace the records or the configuration, and the output and
   * conflicts moved onto one file would lose one of them. A device or a pipe, written straight
   * into, may take both: {@code --output /dev/stdout --conflicts /dev/stderr} in a terminal names
   * one terminal twice.
   */
  private void requireDistinct(Path file, String option, Path other, String otherOption) {
    boolean same;
    try {
      same = (Files.exists(file) && Files.exists(other))
          ? Files.isSameFile(file, other) && Files.isRegularFile(file)
          : file.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize());
    } catch (IOException e) {
      same = false; // left to the reading or writing, which names the problem
    }
    if (same) {
      throw new ParameterException(Objects.requireNonNull(spec, "spec").commandLine(),
          option + " and " + otherOption + " name the same file: " + file);
    }
  }

  /**
   * The temporary files of a run, which the shutdown hook takes away when the run is stopped.
   * Creating a file and listing it happen under the lock the deletion takes, and once deleted no
   * file is created: a stop between creating and listing left the file behind, and so did one that
   * came while the run went on to create the next.
   */
  static final class TemporaryFiles {
    private final List<Path> created = new ArrayList<>();
    private boolean deleted;

    /**
     * Creates {@code file} and lists it for deletion.
     *
     * @param file the file, which must not exist
     * @param permissions what it is created with
     * @throws FileAlreadyExistsException if it exists
     * @throws IOException if it cannot be created, or the files were deleted already: the run is
     *     stopping
     */
    synchronized void create(Path file, FileAttribute<?>... permissions) throws IOException {
      if (deleted) {
        throw new IOException("stopped before " + file + " was created");
      }
      Files.createFile(file, permissions);
      created.add(file);
    }

    /**
     * Deletes the files still there (those moved into place are not); creates none after. A file
     * that cannot be deleted does not keep the others: each is tried.
     *
     * @throws IOException the first file's failure to be deleted, the others' suppressed
     */
    synchronized void delete() throws IOException {
      deleted = true;
      IOException failed = null;
      for (Path file : created) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          if (failed == null) {
            failed = e;
          } else {
            failed.addSuppressed(e);
          }
        }
      }
      if (failed != null) {
        throw failed;
      }
    }

    /** Deletes them as {@link #delete} does, for the shutdown hook, which has no one to tell. */
    void deleteQuietly() {
      try {
        delete();
      } catch (IOException e) {
        // nothing left to tell it to
      }
    }
  }

  /**
   * Estimates how many records {@code in} holds, for {@link IdentityResolverBuilder#expectedRecords}:
   * one a line (a CSV's header aside), counted in a file of at most {@value #SAMPLE_BYTES} bytes, and
   * in a larger one taken as its size over the mean length of the lines in its first
   * {@value #SAMPLE_BYTES} bytes. The resolver then reserves its graph once instead of growing its
   * tables as the records arrive (in the bulk benchmark, a cold load of 10 million records took
   * 10.5 s sized so and 13.8 s growing). Only an estimate: a wrong one costs memory or growth, never
   * a wrong result; and at most what half of the heap reserves, so that a sample of short lines
   * cannot take the room a growing graph would have had. Zero when the input is not a regular file
   * (a pipe is read once, by the ingest) or cannot be read, which the ingest then reports.
   *
   * @param in the input
   * @return the estimate, from 0 to {@link IdentityResolverBuilder#MAX_EXPECTED_RECORDS}
   */
  static int estimateRecords(InputFile in) {
    return estimateRecords(in, Runtime.getRuntime().maxMemory());
  }

  /**
   * {@link #estimateRecords(InputFile)} for a heap of {@code maxHeap} bytes.
   *
   * @param in the input
   * @param maxHeap the most heap the JVM may use, in bytes
   * @return the estimate
   */
  static int estimateRecords(InputFile in, long maxHeap) {
    long lines;
    try {
      BasicFileAttributes file = Files.readAttributes(in.path(), BasicFileAttributes.class);
      if (!file.isRegularFile()) {
        return 0;
      }
      try (InputStream stream = Files.newInputStream(in.path())) {
        // A byte more than the sample says whether the file ends within it.
        byte[] sample = stream.readNBytes(SAMPLE_BYTES + 1);
        int sampled = Math.min(sample.length, SAMPLE_BYTES);
        long breaks = 0;
        for (int i = 0; i < sampled; i++) {
          if (sample[i] == '\n') {
            breaks++;
          }
        }
        if (sample.length <= SAMPLE_BYTES) {
          boolean unterminated = sampled > 0 && sample[sampled - 1] != '\n';
          lines = breaks + (unterminated ? 1 : 0);
        } else {
          // In doubles, which cannot overflow; a cast of a huge one gives Long.MAX_VALUE.
          lines = (long) ((double) file.size() * breaks / SAMPLE_BYTES);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    long records = in.format() == InputFormat.CSV ? lines - 1 : lines;
    long affordable = maxHeap / 2 / RESERVED_BYTES_PER_RECORD;
    return (int) Math.max(0,
        Math.min(Math.min(IdentityResolverBuilder.MAX_EXPECTED_RECORDS, affordable), records));
  }

  private long ingest(IdentityResolver resolver, InputFile in, IdentityConfig identityConfig,
      RecordKeyLog keys, boolean showProgress) throws IOException, BadInputException {
    ProgressBar bar = showProgress
        ? new ProgressBar(err, "reading", Files.size(in.path()), nanoTime) : null;
    long[] count = new long[1];
    try (CountingInputStream bytes = new CountingInputStream(Files.newInputStream(in.path()));
        RecordReader reader = in.format().open(
            new InputStreamReader(bytes, StandardCharsets.UTF_8),
            identityConfig.types())) {
      // The reader checks every identifier against the same types, naming its line, so the
      // resolver refuses none of the records it gets.
      try {
        resolver.ingestStream(new RecordStream(reader, keys), result -> {
          count[0]++;
          if (bar != null && count[0] % PROGRESS_EVERY == 0) {
            bar.update(bytes.count(), count[0]);
          }
        });
      } catch (UnreadableInput e) {
        throw e.unwrap();
      }
    }
    if (bar != null) {
      bar.finish(count[0]);
    }
    return count[0];
  }

  /**
   * The records of the input as an iterator for {@link IdentityResolver#ingestStream}: reads one
   * ahead and logs each record's key as it is read. What the reader throws travels through the
   * resolver as an {@link UnreadableInput}.
   */
  private static final class RecordStream implements Iterator<SourceRecord> {
    private final RecordReader reader;
    private final RecordKeyLog keys;
    private @Nullable SourceRecord next;
    private boolean done;

    RecordStream(RecordReader reader, RecordKeyLog keys) {
      this.reader = reader;
      this.keys = keys;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          next = reader.next();
          if (next == null) {
            done = true;
          } else {
            keys.add(next.key());
          }
        } catch (IOException | BadInputException e) {
          throw new UnreadableInput(e);
        }
      }
      return next != null;
    }

    @Override
    public SourceRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SourceRecord record = Objects.requireNonNull(next);
      next = null;
      return record;
    }
  }

  /** What the reader threw, carried unchecked through the resolver and thrown again after. */
  private static final class UnreadableInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableInput(Exception cause) {
      super(cause);
    }

    /** Throws the reader's exception as it was. */
    BadInputException unwrap() throws IOException {
      Throwable cause = getCause();
      if (cause instanceof IOException e) {
        throw e;
      }
      return (BadInputException) Objects.requireNonNull(cause);
    }
  }

  /**
   * Writes each record's final OneId, in input order. The pool resolves the next block of keys
   * while this thread writes the last one: both halves of the work take about as long.
   */
  private void writeOneIds(IdentityResolver resolver, RecordKeyLog keys, CsvWriter writer,
      boolean showProgress) throws IOException {
    ProgressBar bar = showProgress ? new ProgressBar(err, "writing", keys.size(), nanoTime) : null;
    long count = 0;
    writer.row("source", "record_id", "one_id");
    BlockTask next = keys.blocks() == 0 ? null : new BlockTask(resolver, keys, 0);
    try {
      for (int block = 0; next != null; block++) {
        ResolvedBlock resolved = next.done();
        next = block + 1 < keys.blocks() ? new BlockTask(resolver, keys, block + 1) : null;
        for (int i = 0; i < resolved.keys().size(); i++) {
          RecordKey key = resolved.keys().get(i);
          writer.row(key.source(), key.recordId(), resolved.oneIds()[i]);
          count++;
          if (bar != null && count % PROGRESS_EVERY == 0) {
            bar.update(count, count);
          }
        }
      }
    } finally {
      if (next != null) { // writing failed: the block under way is not wanted
        next.withdraw();
      }
    }
    if (bar != null) {
      bar.finish(count);
    }
  }

  /**
   * Resolving one block of keys: started on the common pool, and run by the writing thread itself
   * when it needs the block and no pool thread has started it (a pool without workers never does).
   * The pool gets a hand-off that the writing thread empties before it runs the task, and then takes
   * back out of the pool's queue, so that a pool without workers keeps neither a block nor a task.
   */
  private static final class BlockTask {
    private final FutureTask<ResolvedBlock> task;
    private final AtomicReference<@Nullable Runnable> handoff;
    private final ForkJoinTask<?> queued;

    BlockTask(IdentityResolver resolver, RecordKeyLog keys, int block) {
      task = new FutureTask<>(() -> {
        List<RecordKey> blockKeys = keys.block(block);
        String[] oneIds = new String[blockKeys.size()];
        for (int i = 0; i < oneIds.length; i++) {
          oneIds[i] = resolver.resolve(blockKeys.get(i)).map(OneId::toString).orElse("");
        }
        return new ResolvedBlock(blockKeys, oneIds);
      });
      // The pool's task holds the hand-off alone, not this object: it may stay queued for good.
      AtomicReference<@Nullable Runnable> slot = new AtomicReference<>(task);
      handoff = slot;
      queued = ForkJoinTask.adapt(() -> {
        Runnable mine = slot.getAndSet(null);
        if (mine != null) {
          mine.run();
        }
      });
      ForkJoinPool.commonPool().execute(queued);
    }

    /**
     * Keeps a pool thread from starting the block from now on, and takes the pool's task back out
     * of its queue: blocks are started and taken in turn, so it is on top.
     */
    void withdraw() {
      handoff.set(null);
      queued.tryUnfork();
    }

    /** Returns the resolved block, or throws what resolving it threw, as it was thrown. */
    ResolvedBlock done() {
      withdraw();
      task.run(); // returns at once if a pool thread has started the task, or finished it
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while resolving the records", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException unchecked) {
          throw unchecked;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(cause);
      }
    }
  }

  /**
   * A block of record keys and, for each, its OneId as the output writes it.
   *
   * @param keys the keys
   * @param oneIds their OneIds, empty for a record the resolver refused
   */
  @SuppressWarnings("ArrayRecordComponent") // built and read once, never compared
  private record ResolvedBlock(List<RecordKey> keys, String[] oneIds) {}

  private static void writeConflicts(IdentityResolver resolver, List<Conflict> refused,
      CsvWriter writer) throws IOException {
    writer.row("left_one_id", "right_one_id", "identifier_type", "identifier", "rule", "detail");
    for (Conflict conflict : refused) {
      Identifier identifier = conflict.identifier();
      writer.row(current(resolver, conflict.left()), current(resolver, conflict.right()),
          identifier.type(), value(identifier), conflict.rule().name(), conflict.detail());
    }
  }

  /**
   * Puts a refused link in words, with the ids as they are at the end of the run.
   *
   * @param resolver the resolver that refused it
   * @param conflict the refused link
   * @return both sides, the identifier, the rule and its detail
   */
  static String describe(IdentityResolver resolver, Conflict conflict) {
    return current(resolver, conflict.left()) + " and " + current(resolver, conflict.right())
        + " both hold " + conflict.identifier() + " but were not joined: " + conflict.rule() + " ("
        + conflict.detail() + ")";
  }

  /** The id a person is known by at the end of the run, as in the output file. */
  private static String current(IdentityResolver resolver, OneId oneId) {
    return resolver.current(oneId).orElse(oneId).toString();
  }

  /** A value as the input writes it: {@code namespace:value} for a namespaced type. */
  private static String value(Identifier identifier) {
    String namespace = identifier.namespace();
    return namespace == null ? identifier.value() : namespace + ":" + identifier.value();
  }

  /**
   * A file the run writes, and where it writes it first. A regular file, or one not there yet, is
   * written under a temporary name beside it, with the permissions of the file it replaces, and
   * moved onto it at the end, so that a failed run leaves it as it was. A symbolic link, and a file
   * that is there and is not a regular file, is written straight into, as a shell's {@code >}
   * writes into it: moving a file onto it would replace the link, the device or the pipe
   * ({@code /dev/stdout} and {@code /dev/null} themselves, as root) and leave the file linked to as
   * it was, or the pipe's reader waiting for good. Nothing is written before all the input is read,
   * so bad input leaves either untouched.
   *
   * @param target the file the user named
   * @param writeTo where the content is written: a temporary file beside {@code target}, or
   *     {@code target} itself
   * @param permissions what the temporary file is given once written, when the file it replaces
   *     may not be written by its owner; {@code null} when it was created with them
   */
  private record Destination(
      Path target, Path writeTo, @Nullable Set<PosixFilePermission> permissions) {

    /**
     * Chooses where to write {@code target}, creating the temporary file if there is to be one.
     *
     * @param target the file, not a directory (refused before)
     * @param temporary where the temporary file is created and listed, for the clean-up
     * @return the destination
     */
    static Destination of(Path target, TemporaryFiles temporary) throws IOException {
      if (Files.isSymbolicLink(target) || (Files.exists(target) && !Files.isRegularFile(target))) {
        return new Destination(target, target, null);
      }
      PosixFileAttributeView replaced = Files.exists(target)
          ? Files.getFileAttributeView(target, PosixFileAttributeView.class) : null;
      if (replaced == null) {
        return new Destination(target, createBeside(target, temporary), null);
      }
      // The output names people's records: a file its owner made private stays private (it came
      // back readable by all under the usual umask), from its creation on, as a reader that opened
      // it while it was readable would read all that is written after. Its owner may write it
      // until it is written, though: a file made read-only is replaced as any other is (a user
      // but root could not write the copy, and the run failed once all the input was read).
      Set<PosixFilePermission> permissions = replaced.readAttributes().permissions();
      Set<PosixFilePermission> writable = EnumSet.of(PosixFilePermission.OWNER_WRITE);
      writable.addAll(permissions);
      Path temp =
          createBeside(target, temporary, PosixFilePermissions.asFileAttribute(writable));
      setPermissions(temp, writable); // those the umask took away
      return new Destination(target, temp, writable.equals(permissions) ? null : permissions);
    }

    /** Gives a file permissions, if its file system has any of its own. */
    private static void setPermissions(Path file, Set<PosixFilePermission> permissions)
        throws IOException {
      try {
        Files.setPosixFilePermissions(file, permissions);
      } catch (FileSystemException fixedByTheMount) {
        // as on FAT: the new file has the mount's permissions, as the one it replaces had
      }
    }

    /**
     * Writes the rows; a failure, such as a full disk, names the file as the user gave it, with the
     * system's reason ({@code one-ids.csv: No space left on device}).
     */
    void write(Rows rows) throws IOException {
      try (CsvWriter writer = new CsvWriter(Files.newBufferedWriter(writeTo))) {
        rows.writeTo(writer);
      } catch (IOException e) {
        throw named(target, e);
      }
    }

    /**
     * Moves the temporary file onto the target, with the permissions of the file it replaces;
     * nothing to do for one written straight into.
     */
    void commit() throws IOException {
      if (!writeTo.equals(target)) {
        try {
          if (permissions != null) {
            setPermissions(writeTo, permissions);
          }
          moveIntoPlace(writeTo, target);
        } catch (FileSystemException e) {
          throw named(target, e);
        }
      }
    }
  }

  /** What a {@link Destination} is written with. */
  @FunctionalInterface
  private interface Rows {

    /**
     * Writes the rows.
     *
     * @param writer where to
     * @throws IOException if writing fails
     */
    void writeTo(CsvWriter writer) throws IOException;
  }

  /**
   * Creates an empty file beside {@code target}, to be moved onto it at the end; created with the
   * permissions a new file gets, unlike {@link Files#createTempFile}, or with those given. Its name
   * holds the process id and, when a file of that name is there already, a number: a run killed
   * outright (by the kernel out of memory, say) leaves its file behind, and in a container each run
   * may have the same process id.
   */
  private static Path createBeside(Path target, TemporaryFiles temporary,
      FileAttribute<?>... permissions) throws IOException {
    Path absolute = target.toAbsolutePath();
    String prefix = "." + absolute.getFileName() + "." + ProcessHandle.current().pid();
    for (int attempt = 0; ; attempt++) {
      Path temp = absolute.resolveSibling(
          attempt == 0 ? prefix + ".tmp" : prefix + "-" + attempt + ".tmp");
      try {
        temporary.create(temp, permissions);
      } catch (FileAlreadyExistsException e) {
        if (attempt < MAX_TEMPORARY_ATTEMPTS) {
          continue;
        }
        throw e; // naming the file taken, which the user may take away
      } catch (FileSystemException e) {
        throw named(target, e);
      }
      return temp;
    }
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** An I/O failure in words: the file, and what went wrong with it. */
  private static String describe(IOException e) {
    if (e instanceof FileSystemException failed && failed.getFile() != null) {
      return failed.getFile() + ": " + reason(failed);
    }
    return "cannot read or write: " + e;
  }

  /** What went wrong with a file: in our words for the commonest failures, else the system's. */
  private static String reason(FileSystemException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    String reason = e.getReason();
    return reason != null ? reason : "cannot be read or written";
  }

  /**
   * A failure to write a file, told of the file the user named: the temporary name means nothing
   * to them ({@code /data/.one-ids.csv.4242.tmp: permission denied}), and a failure to write holds
   * no name ({@code java.io.IOException: No space left on device}).
   */
  private static FileSystemException named(Path target, IOException e) {
    String reason = e instanceof FileSystemException failed ? reason(failed)
        : Objects.requireNonNullElse(e.getMessage(), e.toString());
    FileSystemException named = new FileSystemException(target.toString(), null, reason);
    named.initCause(e);
    return named;
  }

  /**
   * The {@code --input} file and its format.
   *
   * @param path the file
   * @param format its format, by extension
   */
  record InputFile(Path path, InputFormat format) {}

  /**
   * Reads a file option, refusing as bad usage a value that names no file: an empty or blank one
   * (an unset or mistyped shell variable, say), which {@link Path#of} would take as the working
   * directory or as a file named with spaces, and one that ends in {@code /}, which names a
   * directory though {@link Path#of} drops the {@code /}: {@code --output results/} wrote a file
   * named {@code results}.
   */
  static final class FileConverter implements ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
      if (value.isEmpty()) {
        throw new TypeConversionException("the file name is empty");
      }
      if (value.isBlank()) {
        throw new TypeConversionException("the file name '" + value + "' is blank");
      }
      char last = value.charAt(value.length() - 1);
      if (last == '/' || last == File.separatorChar) {
        throw new TypeConversionException(
            "'" + value + "' ends in '" + last + "', so it names a directory, not a file");
      }
      return Path.of(value);
    }
  }

  /**
   * Reads {@code --input}, refusing as bad usage what {@link FileConverter} refuses and an
   * extension of no known format.
   */
  static final class InputFileConverter implements ITypeConverter<InputFile> {

    @Override
    public InputFile convert(String value) {
      Path path = new FileConverter().convert(value);
      InputFormat format = InputFormat.of(path).orElseThrow(() -> new TypeConversionException(
          "'" + value + "' has no known extension: use .csv for CSV, or .jsonl, .ndjson or .json"
              + " for JSON lines"));
      return new InputFile(path, format);
    }
  }
}
