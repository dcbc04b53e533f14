package io.github.cdpkit.identity.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Work handed to tasks of the common {@link ForkJoinPool}, and taken back by the thread that handed
 * it once it no longer wants their help.
 *
 * <p>A host may start the JVM with a common pool that never runs its tasks
 * ({@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=0}, where
 * {@link ForkJoinPool#getCommonPoolParallelism} still says 1). Such a pool would keep every task it
 * is given, so none is given to it: the property the pool was started from says when. A pool that
 * cannot start its workers for another reason (a thread factory that returns {@code null}) cannot
 * be told apart, so the tasks reach the work only through a reference that {@link #withdraw}
 * empties (they must not keep the work, and the resolver behind it, for good), and
 * {@link #withdraw} takes back what it can of the tasks still queued.
 *
 * <p>Not thread-safe: the thread that {@linkplain #start starts} it withdraws it.
 *
 * @param <T> the work's type
 */
final class PoolHandOff<T> {

  private static final boolean COMMON_POOL_RUNS_TASKS = commonPoolRunsTasks();

  private static final PoolHandOff<?> NONE =
      new PoolHandOff<>(new AtomicReference<>(), new ForkJoinTask<?>[0]);

  private final AtomicReference<@Nullable T> work;
  private final ForkJoinTask<?>[] tasks;

  private PoolHandOff(AtomicReference<@Nullable T> work, ForkJoinTask<?>[] tasks) {
    this.work = work;
    this.tasks = tasks;
  }

  /**
   * Has {@code tasks} tasks of the common pool run {@code task} on {@code work}, or none if the pool
   * was started without workers; a task that starts after {@link #withdraw} does nothing.
   *
   * @param work what the tasks work on
   * @param tasks how many tasks to start, at least 0
   * @param task what each does with {@code work}; it must not hold {@code work} itself
   * @param <T> the work's type
   * @return the hand-off, to be {@linkplain #withdraw withdrawn} when the tasks are no longer wanted
   */
  static <T> PoolHandOff<T> start(T work, int tasks, Consumer<? super T> task) {
    AtomicReference<@Nullable T> handedOver = new AtomicReference<>(work);
    ForkJoinTask<?>[] queued = new ForkJoinTask<?>[COMMON_POOL_RUNS_TASKS ? tasks : 0];
    for (int i = 0; i < queued.length; i++) {
      queued[i] = ForkJoinTask.adapt(() -> {
        T mine = handedOver.get();
        if (mine != null) {
          task.accept(mine);
        }
      });
      ForkJoinPool.commonPool().execute(queued[i]);
    }
    return new PoolHandOff<>(handedOver, queued);
  }

  /**
   * Returns the hand-off of nothing, for work not started on the pool yet; shared, since withdrawing
   * it changes nothing.
   *
   * @param <T> the work's type
   * @return the empty hand-off
   */
  @SuppressWarnings("unchecked") // it never holds work, of any type
  static <T> PoolHandOff<T> none() {
    return (PoolHandOff<T>) NONE;
  }

  /**
   * Empties the hand-off, so that no task starts on the work from now on (those already running
   * finish), and takes the tasks not yet started back out of the pool's queue, as far as it can.
   *
   * <p>A task comes back out only from the top of the submission queue it went into, so the newest
   * goes first, and the resolver withdraws its hand-offs in the reverse order of their starts. That
   * is best effort: threads that submit at the same time share queues, and a worker of another pool
   * submits elsewhere. A task left behind holds no more than the empty hand-off.
   */
  void withdraw() {
    work.set(null);
    for (int i = tasks.length - 1; i >= 0; i--) {
      tasks[i].tryUnfork();
    }
  }

  /**
   * Whether the common pool was started with workers: not with the parallelism property at 0 or
   * below.
   */
  private static boolean commonPoolRunsTasks() {
    String parallelism =
        System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism");
    if (parallelism == null) {
      return true;
    }
    try {
      return Integer.parseInt(parallelism) > 0;
    } catch (NumberFormatException ignored) { // the pool ignores it too, and keeps its default
      return true;
    }
  }
}
