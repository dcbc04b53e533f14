/**
 * A deterministic, seeded synthetic population: people, their channel records with realistic
 * identifiers, their orders, and the ground truth of who is who.
 *
 * <p>{@link io.github.cdpkit.testkit.population.Population} is the entry point. Everything is
 * generated on the fly from the seed, person by person, so a population of ten million records is
 * streamed, never held, and any person can be generated alone. Tests, benchmarks and examples share
 * it, so they measure and check the same data.
 */
@NullMarked
package io.github.cdpkit.testkit.population;

import org.jspecify.annotations.NullMarked;
