package io.github.cdpkit.testkit.population;

import java.util.List;
import java.util.Objects;

/** Copies of the lists that the generated values hold. */
final class Lists {

  private Lists() {}

  /**
   * Returns an unmodifiable copy of a list, refusing a null list or element by name: {@link
   * List#copyOf} refuses both with a {@link NullPointerException} that names neither.
   *
   * @param list the list
   * @param name the list's name, such as {@code records}
   * @return the copy
   * @throws NullPointerException if {@code list} is null (the message is {@code name}) or holds a
   *     null (the message is {@code name[index]})
   */
  static <T> List<T> copyOf(List<T> list, String name) {
    Objects.requireNonNull(list, name);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new NullPointerException(name + "[" + i + "]");
      }
    }
    return List.copyOf(list);
  }
}
