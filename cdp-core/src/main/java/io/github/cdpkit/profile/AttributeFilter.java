package io.github.cdpkit.profile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A simple condition on one attribute's chosen values, for {@link ProfileService#query}: equal to,
 * one of, within a number or date range, present. An attribute with several chosen values matches
 * when any of them does; a value that does not parse as the range's type does not match. Immutable.
 *
 * <pre>{@code
 * List<AttributeFilter> filters = List.of(
 *     AttributeFilter.in("city", Set.of("Hangzhou", "Ningbo")),
 *     AttributeFilter.between("age", new BigDecimal("40"), new BigDecimal("60")));
 * }</pre>
 */
public final class AttributeFilter {

  private final String attribute;
  private final String description;
  private final Predicate<String> matches;

  private AttributeFilter(String attribute, String description, Predicate<String> matches) {
    if (attribute.isBlank()) {
      throw new IllegalArgumentException("attribute must not be blank: '" + attribute + "'");
    }
    this.attribute = attribute;
    this.description = description;
    this.matches = matches;
  }

  /**
   * Matches profiles whose attribute has exactly {@code value}.
   *
   * @param attribute the attribute's name
   * @param value the value
   * @return the filter
   */
  public static AttributeFilter equalTo(String attribute, String value) {
    Objects.requireNonNull(value, "value");
    return new AttributeFilter(attribute, "= '" + value + "'", value::equals);
  }

  /**
   * Matches profiles whose attribute has one of {@code values}.
   *
   * @param attribute the attribute's name
   * @param values the values
   * @return the filter
   */
  public static AttributeFilter in(String attribute, Set<String> values) {
    Set<String> copy = Set.copyOf(values);
    return new AttributeFilter(attribute, "in " + copy, copy::contains);
  }

  /**
   * Matches profiles whose attribute is a number from {@code min} to {@code max}, both included.
   *
   * @param attribute the attribute's name
   * @param min the smallest number that matches
   * @param max the largest number that matches
   * @return the filter
   * @throws IllegalArgumentException if {@code min} is greater than {@code max}
   */
  public static AttributeFilter between(String attribute, BigDecimal min, BigDecimal max) {
    requireOrdered(min, max);
    return new AttributeFilter(attribute, "between " + min + " and " + max, value -> {
      BigDecimal number = number(value);
      return number != null && number.compareTo(min) >= 0 && number.compareTo(max) <= 0;
    });
  }

  /**
   * Matches profiles whose attribute is an ISO date ({@code 2024-05-01}) from {@code from} to
   * {@code to}, both included.
   *
   * @param attribute the attribute's name
   * @param from the earliest date that matches
   * @param to the latest date that matches
   * @return the filter
   * @throws IllegalArgumentException if {@code from} is after {@code to}
   */
  public static AttributeFilter between(String attribute, LocalDate from, LocalDate to) {
    requireOrdered(from, to);
    return new AttributeFilter(attribute, "between " + from + " and " + to, value -> {
      LocalDate date = date(value);
      return date != null && !date.isBefore(from) && !date.isAfter(to);
    });
  }

  /**
   * Matches profiles that have the attribute at all.
   *
   * @param attribute the attribute's name
   * @return the filter
   */
  public static AttributeFilter present(String attribute) {
    return new AttributeFilter(attribute, "present", value -> true);
  }

  /**
   * Returns the attribute the filter looks at.
   *
   * @return the attribute's name
   */
  public String attribute() {
    return attribute;
  }

  /**
   * Returns whether an attribute with these chosen values matches.
   *
   * @param values the attribute's chosen values; empty when the profile lacks it
   * @return {@code true} if any value matches
   */
  public boolean test(List<String> values) {
    return values.stream().anyMatch(matches);
  }

  @Override
  public String toString() {
    return attribute + " " + description;
  }

  private static <T extends Comparable<T>> void requireOrdered(T low, T high) {
    if (low.compareTo(high) > 0) {
      throw new IllegalArgumentException("range is empty: " + low + " is after " + high);
    }
  }

  private static @Nullable BigDecimal number(String value) {
    try {
      return new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable LocalDate date(String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
