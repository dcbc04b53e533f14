package io.github.cdpkit.identity.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns a batch of inputs into outputs with a function that touches no shared state, on the
 * common {@link ForkJoinPool} and the thread that {@linkplain #await awaits} the outputs, together.
 *
 * <p>The batch is cut into chunks that whoever is free claims in order. The awaiting thread never
 * waits for a pool thread to become free: it claims what is left itself, and waits only for the
 * chunks a pool thread is already working on. Started early, a preparation runs on the pool while
 * the caller does something else (the resolver links the previous batch), and the caller takes over
 * whatever is left when it needs the outputs.
 *
 * <p>A failure of the function on one input (any {@link Throwable}) is kept as that input's
 * outcome, not thrown on the pool, so that the chunk completes and the awaiting thread learns of it
 * in input order.
 *
 * @param <I> the inputs
 * @param <O> the outputs
 */
final class Preparation<I, O> {

  /** Inputs per claim: large enough that claiming costs nothing, small enough to share a batch. */
  static final int CHUNK = 256;

  private static final Object[] RELEASED = new Object[0];

  // Let go once awaited, as is the preparation itself by the pool's tasks (see start).
  private List<? extends I> inputs;
  private final Function<? super I, ? extends O> function;
  private Object[] outcomes;
  private final int chunks;
  private final AtomicInteger nextChunk = new AtomicInteger();
  // The index of the first input whose function failed, or the number of inputs.
  private final AtomicInteger firstFailure;
  // Its volatile increment publishes the outcomes of the chunk just finished.
  private final AtomicInteger doneChunks = new AtomicInteger();
  private PoolHandOff<Preparation<I, O>> handoff = PoolHandOff.none();

  private Preparation(List<? extends I> inputs, Function<? super I, ? extends O> function) {
    this.inputs = inputs;
    this.function = function;
    this.outcomes = new Object[inputs.size()];
    this.chunks = (inputs.size() + CHUNK - 1) / CHUNK;
    this.firstFailure = new AtomicInteger(inputs.size());
  }

  /**
   * Starts preparing {@code inputs} on the common pool, with as many pool threads as it has and the
   * batch can use (none for a batch of one chunk: the awaiting thread does it alone).
   *
   * @param inputs the inputs, not changed until {@link #await} returns
   * @param function what each input becomes
   * @param <I> the inputs
   * @param <O> the outputs
   * @return the preparation under way
   */
  static <I, O> Preparation<I, O> start(
      List<? extends I> inputs, Function<? super I, ? extends O> function) {
    Preparation<I, O> preparation = new Preparation<>(inputs, function);
    int helpers =
        Math.max(0, Math.min(ForkJoinPool.getCommonPoolParallelism(), preparation.chunks - 1));
    preparation.handoff = PoolHandOff.start(preparation, helpers, Preparation::work);
    return preparation;
  }

  /**
   * Works alongside the pool until every input is prepared.
   *
   * @return the outputs in input order, up to the first input whose function failed
   */
  Outcome<O> await() {
    handoff.withdraw();
    work();
    while (doneChunks.get() < chunks) {
      Thread.onSpinWait();
    }
    Object[] done = outcomes;
    outcomes = RELEASED;
    inputs = List.of();
    int failed = firstFailure.get();
    for (int i = 0; i < failed; i++) {
      if (done[i] == null) { // an error thrown past prepareOne, such as running out of memory
        return new Outcome<>(List.of(), new IllegalStateException("input " + i + " not prepared"));
      }
    }
    // A view, not a copy: the outputs were made on other threads, and reading each one here would
    // cost a cache miss apiece.
    @SuppressWarnings("unchecked") // every element before the first failure is an output
    List<O> outputs = (List<O>) Arrays.asList(done);
    return failed == done.length
        ? new Outcome<>(outputs, null)
        : new Outcome<>(outputs.subList(0, failed), ((Failure) done[failed]).cause());
  }

  /**
   * Gives up on the outputs, which nobody will {@linkplain #await await}: no pool thread starts on
   * the batch from now on, and those already at it finish the chunk in hand and claim no other.
   */
  void abandon() {
    handoff.withdraw();
    nextChunk.set(chunks);
  }

  private void work() {
    int chunk;
    while ((chunk = nextChunk.getAndIncrement()) < chunks) {
      try {
        int to = Math.min(outcomes.length, (chunk + 1) * CHUNK);
        for (int i = chunk * CHUNK; i < to; i++) {
          outcomes[i] = prepareOne(i);
        }
      } finally {
        doneChunks.incrementAndGet();
      }
    }
  }

  private Object prepareOne(int index) {
    try {
      return Objects.requireNonNull(function.apply(inputs.get(index)), "prepared");
    } catch (Throwable t) { // handed to the awaiting thread, which rethrows it
      firstFailure.accumulateAndGet(index, Math::min);
      return new Failure(t);
    }
  }

  /** A failure of the function, told apart from an output by its type. */
  private record Failure(Throwable cause) {}

  /**
   * What a preparation gave.
   *
   * @param prepared the outputs, in input order, up to the first failure or of every input
   * @param failure why the input after the last output failed, or {@code null} if none did
   * @param <O> the outputs
   */
  record Outcome<O>(List<O> prepared, @Nullable Throwable failure) {

    /**
     * Throws the failure, if any, as it was thrown.
     *
     * @throws RuntimeException the failure, when unchecked
     * @throws Error the failure, when an error
     */
    void throwIfFailed() {
      rethrow(failure, "preparation failed");
    }
  }

  /**
   * Throws {@code e} as it is, checked or not: for what was caught as a {@link Throwable} (an error,
   * or a checked exception that a store threw sneakily) and must be passed on unchanged.
   *
   * @param e what to throw
   * @param <E> erased: the cast checks nothing
   * @return never; declared so that callers can write {@code throw sneaky(e)}
   * @throws E {@code e}
   */
  @SuppressWarnings("unchecked") // erased: the cast checks nothing, so e leaves as it came
  static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }

  /**
   * Throws what another thread caught, if anything, as it was thrown; a checked exception (which
   * only a sneaky throw can raise) wrapped in an {@link IllegalStateException} saying {@code what}.
   *
   * @param caught what was caught, or {@code null}
   * @param what what failed, for the wrapper's message
   */
  static void rethrow(@Nullable Throwable caught, String what) {
    if (caught instanceof RuntimeException e) {
      throw e;
    }
    if (caught instanceof Error e) {
      throw e;
    }
    if (caught != null) {
      throw new IllegalStateException(what, caught);
    }
  }
}
