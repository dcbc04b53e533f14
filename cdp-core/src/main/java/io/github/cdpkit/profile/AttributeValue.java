package io.github.cdpkit.profile;

import java.util.List;

/**
 * An attribute of a profile as the 360° view shows it: the value its merge strategy chose and, on
 * request ({@link Detail#WITH_SOURCES}), every source's value.
 *
 * @param name the attribute's name
 * @param values the chosen values: one for most strategies, every distinct value for
 *     {@link io.github.cdpkit.profile.spi.MergeStrategy#collectAll()}
 * @param sources every source's value, oldest first; empty unless requested
 */
public record AttributeValue(String name, List<String> values, List<SourcedValue> sources) {

  /**
   * Copies the lists.
   *
   * @param name the attribute's name
   * @param values the chosen values, at least one
   * @param sources every source's value, oldest first; empty unless requested
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public AttributeValue {
    values = List.copyOf(values);
    sources = List.copyOf(sources);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("attribute " + name + " needs at least one value");
    }
  }

  /**
   * Returns the first chosen value, the only one unless the strategy collects all.
   *
   * @return the value
   */
  public String value() {
    return values.get(0);
  }
}
