package io.github.cdpkit.examples.cli;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.InvalidIdentifierException;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
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
      try {
        identifier = Identifier.of(type.name(), namespace, value);
      } catch (IllegalArgumentException e) { // a namespace of Unicode spaces only, or with U+0000
        throw new BadInputException(line, "invalid " + type.name() + ": " + e.getMessage());
      }
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
   * Starts a record, refusing a key that {@link RecordKey} refuses: trimmed, a part may still be
   * blank to {@link String#isBlank} (U+3000, the ideographic space, or another Unicode space that
   * {@link String#trim} keeps), and the source may hold U+0000.
   *
   * @param source the source, trimmed and not empty
   * @param recordId the record id, trimmed and not empty
   * @param line the line it is on, for the error
   * @return the record's builder
   * @throws BadInputException if {@link RecordKey} refuses the key
   */
  static SourceRecord.Builder record(String source, String recordId, long line)
      throws BadInputException {
    try {
      return SourceRecord.builder(source, recordId);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(line, String.valueOf(e.getMessage()));
    }
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
