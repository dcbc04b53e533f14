/**
 * JMH benchmarks of CDP Kit's hot paths, each with the baselines a user would pick instead in the
 * same class as a {@code @Param}, the retained-heap measurement and the guard that {@code .ci/run}
 * calls. Run from the shaded jar: {@code java -jar benchmarks/target/benchmarks.jar -h}; the figures
 * and the exact commands are in {@code benchmarks/README.md}.
 *
 * <p>Not {@code @NullMarked}: JMH fills state fields in {@code @Setup} methods, not constructors,
 * which NullAway would have to be taught; nothing here is API.
 */
package io.github.cdpkit.benchmarks;
