package io.github.cdpkit.identity.spi;

import java.util.Locale;

/**
 * The normalisers of the built-in identifier types.
 *
 * <p>All returned normalisers are stateless and thread-safe.
 */
public final class StandardNormalizers {

  private StandardNormalizers() {}

  /**
   * Returns a normaliser that writes phone numbers in E.164 ({@code +8613800138000}); numbers without
   * a country code are read in {@code region}.
   *
   * @param region an ISO 3166 region code, such as {@code CN}
   * @return the normaliser
   * @throws IllegalArgumentException if the region is unknown
   */
  public static IdentifierNormalizer phone(String region) {
    return PhoneNormalizer.forRegion(region);
  }

  /**
   * Returns a normaliser that lower-cases an e-mail address and checks that it has one {@code @}
   * with text on both sides.
   *
   * @return the normaliser
   */
  public static IdentifierNormalizer email() {
    return value -> {
      String lower = value.toLowerCase(Locale.ROOT);
      int at = lower.indexOf('@');
      if (at <= 0 || at != lower.lastIndexOf('@') || at == lower.length() - 1) {
        throw new IllegalArgumentException("e-mail must be local@domain: '" + value + "'");
      }
      return lower;
    };
  }

  /**
   * Returns a normaliser that upper-cases a device id (IDFA, OAID, Android id, IMEI) and checks that
   * it holds only letters, digits and dashes, 8 to 64 of them.
   *
   * @return the normaliser
   */
  public static IdentifierNormalizer deviceId() {
    return value -> {
      String upper = value.toUpperCase(Locale.ROOT);
      if (upper.length() < 8 || upper.length() > 64) {
        throw new IllegalArgumentException(
            "device id must have 8 to 64 characters: '" + value + "'");
      }
      for (int i = 0; i < upper.length(); i++) {
        char c = upper.charAt(i);
        if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') && c != '-') {
          throw new IllegalArgumentException(
              "device id may hold only letters, digits and '-': '" + value + "'");
        }
      }
      return upper;
    };
  }

  /**
   * Returns a normaliser that upper-cases the value, for member numbers and other codes.
   *
   * @return the normaliser
   */
  public static IdentifierNormalizer upperCase() {
    return value -> value.toUpperCase(Locale.ROOT);
  }
}
