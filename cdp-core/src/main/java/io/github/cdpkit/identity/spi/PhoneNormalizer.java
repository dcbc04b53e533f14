package io.github.cdpkit.identity.spi;

import java.util.Locale;
import java.util.Map;

/** Writes phone numbers in E.164; a first cut that the region table will grow from. */
final class PhoneNormalizer implements IdentifierNormalizer {

  private static final Map<String, String> COUNTRY_CODES = Map.of("CN", "86", "US", "1");

  private final String countryCode;

  private PhoneNormalizer(String countryCode) {
    this.countryCode = countryCode;
  }

  static PhoneNormalizer forRegion(String region) {
    String code = COUNTRY_CODES.get(region.toUpperCase(Locale.ROOT));
    if (code == null) {
      throw new IllegalArgumentException("unknown phone region: '" + region + "'");
    }
    return new PhoneNormalizer(code);
  }

  @Override
  public String normalize(String value) {
    StringBuilder digits = new StringBuilder(16);
    boolean international = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c == '+' && digits.length() == 0 && !international) {
        international = true;
      } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
        throw new IllegalArgumentException("phone may hold only digits, '+', spaces, dashes, dots and"
            + " brackets: '" + value + "'");
      }
    }
    String number = international ? digits.toString() : countryCode + digits;
    if (number.length() < 8 || number.length() > 15) {
      throw new IllegalArgumentException("phone must have 8 to 15 digits in E.164: '" + value + "'");
    }
    return "+" + number;
  }
}
