package io.github.cdpkit.examples.cli;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.InvalidIdentifierException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a value as an export writes it into an {@link Identifier}, checking it with its type's
 * rules first so that a bad value is reported with its line rather than halfway through a batch.
 */
final class IdentifierValues {

  private IdentifierValues() {}

  /**
   * Returns the identifier a value stands for: for a namespaced type, {@code namespace:value}
   * split at the first colon; for any other type, the value as it is.
   *
   * @param type the identifier type
   * @param text the value, trimmed and not empty
   * @param line the line it is on, for the error
   * @return the identifier, with the value as given
   * @throws BadInputException if a namespaced value has no namespace, or the type's rules refuse
   *     the value (blocked junk is not refused: the resolver ignores it)
   */
  static Identifier parse(IdentifierType type, String text, long line) throws BadInputException {
    Identifier identifier;
    String value = text;
    if (type.namespaced()) {
      int colon = text.indexOf(':');
      String namespace = colon < 0 ? "" : text.substring(0, colon).trim();
      value = colon < 0 ? "" : text.substring(colon + 1).trim();
      if (namespace.isEmpty() || value.isEmpty()) {
        throw new BadInputException(line, type.name() + " is namespaced: write namespace:value,"
            + " e.g. wxapp1:oAbC123, not '" + text + "'");
      }
      identifier = Identifier.of(type.name(), namespace, value);
    } else {
      identifier = Identifier.of(type.name(), value);
    }
    try {
      // Blocked junk passes: the resolver ignores it and reports it, it is not bad input.
      type.normalize(identifier);
    } catch (InvalidIdentifierException e) {
      throw new BadInputException(line, "invalid " + type.name() + ": " + e.reason());
    }
    return identifier;
  }

  /**
   * Returns the names of the known types, for an error message.
   *
   * @param types the types
   * @return the names, separated by commas, in the types' order
   */
  static String typeNames(IdentifierTypes types) {
    List<String> names = new ArrayList<>();
    for (IdentifierType type : types.all()) {
      names.add(type.name());
    }
    return String.join(", ", names);
  }
}
