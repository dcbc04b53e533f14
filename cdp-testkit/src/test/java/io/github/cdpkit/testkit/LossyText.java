package io.github.cdpkit.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

/** How a database column may change the text a store writes in it, for the broken stores. */
final class LossyText {

  private LossyText() {}

  /** Trims the ends, as a fixed-width or trimming column does. */
  static final UnaryOperator<String> TRIMMED = String::trim;

  /** Keeps Latin-1 only, as a column of a single-byte character set does. */
  static final UnaryOperator<String> LATIN_1 =
      text -> new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);

  /** Keeps the Basic Multilingual Plane only, as MySQL's three-byte {@code utf8} does. */
  static final UnaryOperator<String> BMP_ONLY = text -> {
    StringBuilder kept = new StringBuilder();
    text.codePoints().forEach(c -> kept.appendCodePoint(Character.isBmpCodePoint(c) ? c : '?'));
    return kept.toString();
  };

  /** Every column above. */
  static List<UnaryOperator<String>> all() {
    return List.of(TRIMMED, LATIN_1, BMP_ONLY);
  }
}
