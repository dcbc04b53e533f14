package io.github.cdpkit.identity.spi;

import java.util.Locale;

/**
 * The normalisers of the built-in identifier types.
 *
 * <p>All returned normalisers are stateless and thread-safe.
 */
public final class StandardNormalizers {

  /** What {@link #deviceIdKind} says of a char a device id may hold. */
  private static final int DEVICE_ID_ALLOWED = 1;

  /** What {@link #deviceIdKind} also says of a lower-case letter, which upper-casing changes. */
  private static final int DEVICE_ID_LOWER = 2;

  /** {@link #deviceIdKind} of each ASCII char; the last entry stands for every char above ASCII. */
  private static final byte[] DEVICE_ID_KINDS = deviceIdKinds();

  private StandardNormalizers() {}

  /**
   * Returns a normaliser that writes phone numbers in E.164 ({@code +8613800138000}); numbers without
   * a country code are read in {@code region}. {@code 138 0013 8000}, {@code +86-138-0013-8000},
   * {@code 008613800138000} and {@code 8613800138000} all become {@code +8613800138000} in
   * {@code CN}.
   *
   * <p>The known regions, each with its country code and the length of its national numbers checked:
   * {@code CN} (86; mobiles of 11 digits starting with 13 to 19, fixed lines with a 2 or 3 digit area
   * code), {@code HK} (852), {@code MO} (853), {@code TW} (886), {@code SG} (65), {@code JP} (81),
   * {@code KR} (82), {@code US} and {@code CA} (1, NANP), {@code GB} (44), {@code DE} (49),
   * {@code FR} (33) and {@code AU} (61). An international number with another country code is
   * accepted with 8 to 15 digits. Separators (spaces, dashes, dots, brackets) are dropped, a leading
   * {@code +} or {@code 00} marks an international number, and a national trunk prefix {@code 0} is
   * dropped; anything else, letters included, is rejected with an {@link IllegalArgumentException}
   * naming the value and the rule.
   *
   * @param region an ISO 3166 region code of the list above, in any case, such as {@code CN}
   * @return the normaliser
   * @throws IllegalArgumentException if the region is unknown; the message lists the known ones
   */
  public static IdentifierNormalizer phone(String region) {
    return PhoneNormalizer.forRegion(region);
  }

  /**
   * Returns a normaliser that trims and lower-cases an e-mail address and checks its form: exactly
   * one {@code @}, text before it, a domain after it with a dot that neither starts nor ends it, and
   * no whitespace. The address is otherwise kept as given: no provider-specific rewriting such as
   * dropping the dots of a Gmail address.
   *
   * @return the normaliser; it throws {@link IllegalArgumentException} naming the value and the rule
   *     when the address is malformed
   */
  public static IdentifierNormalizer email() {
    return StandardNormalizers::normalizeEmail;
  }

  /**
   * Returns a normaliser that trims and upper-cases a device id (IDFA, OAID, Android id, IMEI) and
   * checks that it has 8 to 64 characters, each an ASCII letter, a digit or a dash.
   *
   * @return the normaliser; it throws {@link IllegalArgumentException} naming the value and the rule
   *     when the id is malformed
   */
  public static IdentifierNormalizer deviceId() {
    return StandardNormalizers::normalizeDeviceId;
  }

  /**
   * Returns a normaliser that trims and upper-cases the value ({@link Locale#ROOT}), for member
   * numbers and other codes.
   *
   * @return the normaliser
   */
  public static IdentifierNormalizer upperCase() {
    return value -> value.trim().toUpperCase(Locale.ROOT);
  }

  private static String normalizeEmail(String value) {
    String email = value.trim().toLowerCase(Locale.ROOT);
    int at = -1;
    for (int i = 0; i < email.length(); i++) {
      char c = email.charAt(i);
      if (isSpace(c)) {
        throw new IllegalArgumentException("e-mail '" + value + "' must not contain spaces");
      }
      if (c == '@') {
        if (at >= 0) {
          throw new IllegalArgumentException("e-mail '" + value + "' must have exactly one '@'");
        }
        at = i;
      }
    }
    if (at < 0) {
      throw new IllegalArgumentException("e-mail '" + value + "' must have exactly one '@'");
    }
    if (at == 0) {
      throw new IllegalArgumentException("e-mail '" + value + "' must have text before the '@'");
    }
    if (at == email.length() - 1) {
      throw new IllegalArgumentException("e-mail '" + value + "' must have a domain after the '@'");
    }
    int dot = email.indexOf('.', at + 1);
    if (dot <= at + 1 || email.charAt(email.length() - 1) == '.') {
      throw new IllegalArgumentException("e-mail '" + value
          + "' must have a domain with a dot inside it after the '@', such as example.com");
    }
    return email;
  }

  /**
   * {@link Character#isWhitespace} or {@link Character#isSpaceChar}: printable ASCII, nearly every
   * char of an address, is neither, so only the other chars cost a look-up in the tables.
   */
  private static boolean isSpace(char c) {
    return (c <= ' ' || c > '~') && (Character.isWhitespace(c) || Character.isSpaceChar(c));
  }

  private static String normalizeDeviceId(String value) {
    String id = value.trim();
    if (id.length() < 8 || id.length() > 64) {
      throw new IllegalArgumentException("device id '" + value + "' must have 8 to 64 characters, has "
          + id.length());
    }
    // No branch on the kind of each char: in a random hex id whether the next char is a digit or a
    // letter cannot be predicted, and the mispredicted branches took most of the time (about 100 ns
    // an id). The flags of all chars are folded together and looked at once, after the loop.
    int allowedInAll = DEVICE_ID_ALLOWED;
    int lowerInAny = 0;
    for (int i = 0; i < id.length(); i++) {
      int kind = deviceIdKind(id.charAt(i));
      allowedInAll &= kind;
      lowerInAny |= kind;
    }
    if (allowedInAll == 0) {
      throw new IllegalArgumentException("device id '" + value
          + "' may hold only letters A to Z, digits and '-', not '" + firstNotInDeviceId(id) + "'");
    }
    return (lowerInAny & DEVICE_ID_LOWER) != 0 ? id.toUpperCase(Locale.ROOT) : id;
  }

  private static byte[] deviceIdKinds() {
    byte[] kinds = new byte[128 + 1];
    for (char c = '0'; c <= '9'; c++) {
      kinds[c] = DEVICE_ID_ALLOWED;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      kinds[c] = DEVICE_ID_ALLOWED;
      kinds[Character.toLowerCase(c)] = DEVICE_ID_ALLOWED | DEVICE_ID_LOWER;
    }
    kinds['-'] = DEVICE_ID_ALLOWED;
    return kinds;
  }

  /** {@link #DEVICE_ID_ALLOWED}, with {@link #DEVICE_ID_LOWER} for a-z, or 0 if not allowed. */
  private static int deviceIdKind(char c) {
    // Math.min rather than a test: compiled to a conditional move, not to a branch.
    return DEVICE_ID_KINDS[Math.min(c, DEVICE_ID_KINDS.length - 1)];
  }

  /** The first char of {@code id} that a device id may not hold; there is one. */
  private static char firstNotInDeviceId(String id) {
    int i = 0;
    while (deviceIdKind(id.charAt(i)) != 0) {
      i++;
    }
    return id.charAt(i);
  }
}
