package io.github.cdpkit.loyalty;

import java.util.List;
import java.util.Objects;

/** Argument checks shared by the package's value types. */
final class Checks {

  private Checks() {}

  /**
   * Copies a list, refusing a null list or a null in it by the argument's name and the position
   * ({@code lines[1]}): {@link List#copyOf} would name neither.
   *
   * @param list the argument
   * @param name the argument's name
   * @return an unmodifiable copy
   * @throws NullPointerException if the list or an element is null
   */
  static <T> List<T> copyWithoutNulls(List<T> list, String name) {
    int index = 0;
    for (T element : Objects.requireNonNull(list, name)) {
      if (element == null) {
        throw new NullPointerException(name + "[" + index + "]");
      }
      index++;
    }
    return List.copyOf(list);
  }
}
