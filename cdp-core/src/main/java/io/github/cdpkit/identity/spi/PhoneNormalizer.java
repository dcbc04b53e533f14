package io.github.cdpkit.identity.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes phone numbers in E.164 ({@code +8613800138000}), reading numbers without a country code in a
 * default region.
 *
 * <p>Accepted input: digits separated by spaces, dashes, dots and brackets (their full-width forms
 * and the ideographic and no-break spaces too, as Chinese systems often hold them); a {@code +}
 * before the first digit, or a leading {@code 00} (also {@code 011} in US and CA), marks an
 * international number. A national number may carry its trunk prefix {@code 0} (and an 11-digit NANP
 * number its leading {@code 1}); in CN, a number of more than 11 digits that starts with {@code 86} is read as
 * carrying the country code without {@code +} ({@code 8613800138000}), the way many Chinese systems
 * store it. An international number whose country code is in the region table may carry the trunk
 * prefix after the country code ({@code +44 (0)20 7946 0018}).
 *
 * <p>Validation: the national number of a region in the table must have the region's length and must
 * not start with {@code 0}; a CN mobile has exactly 11 digits and starts with {@code 13} to {@code
 * 19}; a CN fixed line is a 2-digit ({@code 10}, {@code 2x}) or 3-digit area code and a 7 or 8 digit
 * subscriber; a NANP number has 10 digits with area and exchange codes starting with 2 to 9. A
 * country code outside the table is accepted with 8 to 15 digits after the {@code +}, without
 * deeper checks. Anything else is rejected with an {@link IllegalArgumentException} that names the
 * value and the rule.
 *
 * <p>This runs on the bulk ingest and lookup hot paths: one pass over the characters into a small
 * scratch array, no regular expressions, no boxing; a value already written as {@code +} and digits
 * (the form stored and looked up) is checked in place, without the scratch array, and returned as
 * the same instance when it is valid E.164. Instances are immutable and thread-safe.
 */
final class PhoneNormalizer implements IdentifierNormalizer {

  /** Room before the digits in the scratch array for the {@code +} and a country code. */
  private static final int HEAD = 4;

  /** The most digits a scan keeps: an international prefix and a full E.164 number fit. */
  private static final int MAX_SCANNED = 20;

  /** The most digits an E.164 number has, country code included. */
  private static final int E164_MAX = 15;

  /** The fewest digits accepted after {@code +} for a country code outside the table. */
  private static final int UNKNOWN_MIN = 8;

  /** The regions of the table by the numeric value of their country code (codes have no leading 0). */
  private static final Region[] BY_COUNTRY_CODE = new Region[1000];

  static {
    for (Region region : Region.values()) {
      int code = Integer.parseInt(region.countryCode);
      // US and CA share 1; the first listed (US) stands for both, with the same rules.
      if (BY_COUNTRY_CODE[code] == null) {
        BY_COUNTRY_CODE[code] = region;
      }
    }
  }

  private final Region region;

  private PhoneNormalizer(Region region) {
    this.region = region;
  }

  /**
   * Returns the normaliser reading national numbers in {@code region}.
   *
   * @param region an ISO 3166 code of the table, in any case
   * @return the normaliser
   * @throws IllegalArgumentException if the region is not in the table
   */
  static PhoneNormalizer forRegion(String region) {
    String upper = region.trim().toUpperCase(Locale.ROOT);
    for (Region candidate : Region.values()) {
      if (candidate.name().equals(upper)) {
        return new PhoneNormalizer(candidate);
      }
    }
    throw new IllegalArgumentException("unknown phone region '" + region + "', known: "
        + Arrays.stream(Region.values()).map(Region::name).sorted().collect(Collectors.joining(", ")));
  }

  @Override
  public String normalize(String value) {
    if (isPlusAndDigits(value)) {
      // E.164 already, as stored and as most lookups give it: no scratch array to fill and compare.
      return international(value, value);
    }
    char[] buf = new char[HEAD + MAX_SCANNED];
    int end = HEAD;
    boolean plus = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      char digit;
      if (c >= '0' && c <= '9') {
        digit = c;
      } else if (c >= '\uFF10' && c <= '\uFF19') {
        digit = (char) (c - '\uFF10' + '0');
      } else if ((c == '+' || c == '\uFF0B') && end == HEAD && !plus) {
        plus = true;
        continue;
      } else if (isSeparator(c)) {
        continue;
      } else {
        throw new IllegalArgumentException("phone '" + value + "' may hold only digits, a '+' before"
            + " them, spaces, dashes, dots and brackets, not '" + c + "'");
      }
      if (end == buf.length) {
        throw tooLong(value);
      }
      buf[end++] = digit;
    }
    if (end == HEAD) {
      throw new IllegalArgumentException("phone '" + value + "' must have digits");
    }

    int from = HEAD;
    boolean international = plus;
    if (!plus && end - from >= 2 && buf[from] == '0' && buf[from + 1] == '0') {
      international = true;
      from += 2;
    } else if (!plus && region.nanp && end - from >= 3 && buf[from] == '0' && buf[from + 1] == '1'
        && buf[from + 2] == '1') {
      international = true;
      from += 3;
    }

    if (international) {
      if (from == end) {
        throw new IllegalArgumentException("phone '" + value + "' must have digits after the international prefix");
      }
      if (buf[from] == '0') {
        throw new IllegalArgumentException(
            "phone '" + value + "' must not have a country code starting with 0");
      }
      return international(value, result(value, buf, from - 1, end));
    }
    if (region == Region.CN && end - from > 11 && buf[from] == '8' && buf[from + 1] == '6') {
      from += 2;
    } else if (region.nanp && end - from == 11 && buf[from] == '1') {
      from++;
    }
    if (region.trunkZero && from < end && buf[from] == '0') {
      from++;
    }
    String code = region.countryCode;
    from -= code.length();
    code.getChars(0, code.length(), buf, from);
    return valid(value, region, result(value, buf, from - 1, end));
  }

  /**
   * Whether {@code value} is {@code +} and 1 to 15 ASCII digits, the first not 0: the scan would
   * copy it unchanged and take it for an international number, so {@link #international} can have
   * it as it is.
   */
  private static boolean isPlusAndDigits(String value) {
    int length = value.length();
    if (length < 2 || length > 1 + E164_MAX || value.charAt(0) != '+' || value.charAt(1) == '0') {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks an international number, {@code +} and its digits without prefix or separators: a
   * country code of the table brings its region's rules (and may be followed by the trunk prefix,
   * which is dropped), any other is only counted.
   */
  private static String international(String value, String e164) {
    Region target = regionOf(e164);
    if (target == null) {
      int digits = e164.length() - 1;
      if (digits < UNKNOWN_MIN || digits > E164_MAX) {
        throw new IllegalArgumentException("phone '" + value + "' must have " + UNKNOWN_MIN + " to "
            + E164_MAX + " digits after '+' (E.164)");
      }
      return e164;
    }
    int national = 1 + target.countryCode.length();
    if (target.trunkZero && national < e164.length() && e164.charAt(national) == '0') {
      return valid(value, target, e164.substring(0, national).concat(e164.substring(national + 1)));
    }
    return valid(value, target, e164);
  }

  /** Returns {@code e164} if its national number is valid in {@code target}, else throws why. */
  private static String valid(String value, Region target, String e164) {
    String problem = target.problem(e164, 1 + target.countryCode.length());
    if (problem != null) {
      throw new IllegalArgumentException("phone '" + value + "' " + problem);
    }
    return e164;
  }

  @Override
  public String toString() {
    return "PhoneNormalizer[" + region.name() + "]";
  }

  private static boolean isSeparator(char c) {
    return switch (c) {
      case ' ', '-', '.', '(', ')',
          '\u00A0', // no-break space
          '\u3000', // ideographic space
          '\uFF0D', // full-width hyphen-minus
          '\uFF0E', // full-width full stop
          '\uFF08', // full-width left parenthesis
          '\uFF09' // full-width right parenthesis
          -> true;
      default -> false;
    };
  }


  /** The region whose country code starts the digits after the {@code +}, if it is in the table. */
  private static @Nullable Region regionOf(String e164) {
    int code = 0;
    for (int i = 1; i < e164.length() && i <= 3; i++) {
      code = code * 10 + (e164.charAt(i) - '0');
      Region region = BY_COUNTRY_CODE[code];
      if (region != null) {
        return region;
      }
    }
    return null;
  }

  /** Writes {@code +} at {@code plusAt} and returns {@code buf[plusAt, end)}, or {@code value} if equal. */
  private static String result(String value, char[] buf, int plusAt, int end) {
    buf[plusAt] = '+';
    int length = end - plusAt;
    if (value.length() == length) {
      boolean same = true;
      for (int i = 0; i < length && same; i++) {
        same = value.charAt(i) == buf[plusAt + i];
      }
      if (same) {
        return value;
      }
    }
    return new String(buf, plusAt, length);
  }

  private static IllegalArgumentException tooLong(String value) {
    return new IllegalArgumentException(
        "phone '" + value + "' must have at most " + E164_MAX + " digits (E.164)");
  }

  /**
   * The region table: country code, whether national numbers carry a trunk prefix {@code 0}, and the
   * length of the national number without it.
   */
  private enum Region {
    CN("86", true, 9, 11) {
      @Override
      @Nullable String problem(String e164, int from) {
        int length = e164.length() - from;
        if (length == 0 || e164.charAt(from) == '0') {
          return super.problem(e164, from);
        }
        char first = e164.charAt(from);
        if (first == '1' && (length < 2 || e164.charAt(from + 1) != '0')) {
          if (length != 11) {
            return "must have 11 digits for a CN mobile";
          }
          return e164.charAt(from + 1) < '3' ? "must start with 13 to 19 for a CN mobile" : null;
        }
        boolean shortAreaCode = first == '1' || first == '2';
        int min = shortAreaCode ? 9 : 10;
        if (length < min || length > min + 1) {
          return "must have " + min + " to " + (min + 1) + " digits for a CN fixed line with a "
              + (shortAreaCode ? "2" : "3") + "-digit area code";
        }
        return null;
      }
    },
    HK("852", false, 8, 8),
    MO("853", false, 8, 8),
    TW("886", true, 8, 9),
    SG("65", false, 8, 8),
    JP("81", true, 9, 10),
    KR("82", true, 8, 10),
    US("1", false, 10, 10),
    CA("1", false, 10, 10),
    GB("44", true, 9, 10),
    DE("49", true, 6, 13),
    FR("33", true, 9, 9),
    AU("61", true, 9, 9);

    final String countryCode;
    final boolean trunkZero;
    final boolean nanp;
    private final int minLength;
    private final int maxLength;

    Region(String countryCode, boolean trunkZero, int minLength, int maxLength) {
      this.countryCode = countryCode;
      this.trunkZero = trunkZero;
      this.nanp = countryCode.equals("1");
      this.minLength = minLength;
      this.maxLength = maxLength;
    }

    /**
     * Checks the national number of {@code e164}, from {@code from} on: after country code and
     * trunk prefix.
     *
     * @return the broken rule, to follow "phone '...' ", or {@code null} if the number is valid
     */
    @Nullable String problem(String e164, int from) {
      int length = e164.length() - from;
      String label = nanp ? "US/CA (NANP)" : name();
      if (length < minLength || length > maxLength) {
        String digits = minLength == maxLength ? Integer.toString(minLength)
            : minLength + " to " + maxLength;
        return "must have " + digits + " digits after the country code"
            + (nanp ? " or leading 1" : trunkZero ? " or trunk prefix 0" : "") + " for " + label;
      }
      if (e164.charAt(from) == '0') {
        return "must not start with 0 after the country code"
            + (trunkZero ? " or trunk prefix 0" : "") + " for " + label;
      }
      if (nanp && e164.charAt(from) == '1') {
        return "must have an area code starting with 2 to 9 for " + label;
      }
      if (nanp && e164.charAt(from + 3) < '2') {
        return "must have an exchange code starting with 2 to 9 for " + label;
      }
      return null;
    }
  }
}
