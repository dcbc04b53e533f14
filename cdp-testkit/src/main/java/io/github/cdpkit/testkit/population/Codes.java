package io.github.cdpkit.testkit.population;

/**
 * The seed-derived constants of one population and the encoders built on them: bijective scrambles
 * that make ids look opaque yet stay unique by construction and invertible, so the ground truth needs
 * no memory. Immutable and thread-safe.
 */
final class Codes {

  /** Salts that keep the random streams of one index apart; all above any person index. */
  static final long RECORDS_STREAM = 0;

  static final long ORDERS_STREAM = 1L << 40;
  static final long HOUSEHOLD_STREAM = 2L << 40;
  static final long APP_ID_STREAM = 3L << 40;

  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
  private static final long MULTIPLIER_INVERSE = inverse(MULTIPLIER);
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
  private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  /** Size of the space of the 8 digits after a phone prefix. */
  static final long PHONE_SPACE = 100_000_000L;

  private static final long EMAIL_SPACE = 36L * 36 * 36 * 36 * 36 * 36;
  private static final long MEMBER_SPACE = 10_000_000_000L;

  private final long streamKey;
  private final long recordKey;
  private final long orderKey;
  private final Affine phone;
  private final Affine secondPhone;
  private final Affine householdPhone;
  private final Affine email;
  private final Affine member;
  private final String[] appIds;

  Codes(long seed) {
    this.streamKey = mix64(seed);
    this.recordKey = mix64(seed ^ 0x5EC0_4D5EL);
    this.orderKey = mix64(seed ^ 0x04D3_45E5L);
    // multipliers end in 7, or are 1 mod 6: coprime with the space, so each map is a bijection
    this.phone = new Affine(mix64(seed + 1), PHONE_SPACE, 10, 7);
    this.secondPhone = new Affine(mix64(seed + 2), PHONE_SPACE, 10, 7);
    this.householdPhone = new Affine(mix64(seed + 3), PHONE_SPACE, 10, 7);
    this.email = new Affine(mix64(seed + 4), EMAIL_SPACE, 6, 1);
    this.member = new Affine(mix64(seed + 5), MEMBER_SPACE, 10, 3);
    this.appIds = new String[3];
    for (int i = 0; i < appIds.length; i++) {
      char[] id = new char[18];
      id[0] = 'w';
      id[1] = 'x';
      hex16(streamSeed(i, APP_ID_STREAM), id, 2);
      appIds[i] = new String(id);
    }
  }

  /** The splitmix64 finaliser: a good 64-bit mix, used to seed every stream. */
  static long mix64(long value) {
    long z = (value ^ (value >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The seed of stream {@code salt} of index {@code index}, {@code mix64(mix64(seed) + index +
   * salt)}. The seed is mixed first so that the streams of nearby seeds lie far apart: from
   * {@code mix64(seed * 31 + index)}, person {@code i + 31} of seed {@code s} was drawn as person
   * {@code i} of seed {@code s + 1}.
   */
  long streamSeed(long index, long salt) {
    return mix64(streamKey + index + salt);
  }

  String appId(int app) {
    return appIds[app];
  }

  /** The 8 digits that follow the prefix of person {@code index}'s own phone. */
  long phoneSuffix(int index) {
    return phone.apply(index);
  }

  long secondPhoneSuffix(int index) {
    return secondPhone.apply(index);
  }

  long householdPhoneSuffix(int household) {
    return householdPhone.apply(household);
  }

  /** Writes the 6 base-36 characters that make person {@code index}'s e-mail unique. */
  void emailCode(int index, char[] out, int offset) {
    long code = email.apply(index);
    for (int i = offset + 5; i >= offset; i--) {
      out[i] = BASE36[(int) (code % 36)];
      code /= 36;
    }
  }

  /** Returns person {@code index}'s member number: {@code M} and 10 digits. */
  String memberNo(int index) {
    char[] out = new char[11];
    out[0] = 'M';
    writeDigits(member.apply(index), out, 1, 10);
    return new String(out);
  }

  String recordId(int index, int ordinal) {
    return hex16(scramble(((long) index << 3) | ordinal, recordKey));
  }

  /**
   * Returns the {@code index << 3 | ordinal} value a record id was made from, or -1 if it is not 16
   * lower-case hex digits.
   */
  long decodeRecordId(String recordId) {
    if (recordId.length() != 16) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < 16; i++) {
      char c = recordId.charAt(i);
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return unscramble(value, recordKey);
  }

  String orderId(int index, int ordinal) {
    char[] out = new char[17];
    out[0] = 'O';
    hex16(scramble(((long) index << 6) | ordinal, orderKey), out, 1);
    return new String(out);
  }

  static void writeDigits(long value, char[] out, int offset, int digits) {
    long rest = value;
    for (int i = offset + digits - 1; i >= offset; i--) {
      out[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
  }

  static String hex16(long value) {
    char[] out = new char[16];
    hex16(value, out, 0);
    return new String(out);
  }

  static void hex16(long value, char[] out, int offset) {
    hex(value, out, offset, 16);
  }

  /** Writes the lowest {@code digits} hex digits of {@code value}, lower case. */
  static void hex(long value, char[] out, int offset, int digits) {
    hex(value, out, offset, digits, HEX);
  }

  /** Writes the lowest {@code digits} hex digits of {@code value}, upper case. */
  static void upperHex(long value, char[] out, int offset, int digits) {
    hex(value, out, offset, digits, HEX_UPPER);
  }

  private static void hex(long value, char[] out, int offset, int digits, char[] alphabet) {
    long rest = value;
    for (int i = offset + digits - 1; i >= offset; i--) {
      out[i] = alphabet[(int) (rest & 0xF)];
      rest >>>= 4;
    }
  }

  private static long scramble(long value, long key) {
    long x = (value ^ key) * MULTIPLIER;
    return x ^ (x >>> 32);
  }

  private static long unscramble(long value, long key) {
    return ((value ^ (value >>> 32)) * MULTIPLIER_INVERSE) ^ key;
  }

  private static long inverse(long odd) {
    long inverse = odd;
    for (int i = 0; i < 5; i++) {
      inverse *= 2 - odd * inverse;
    }
    return inverse;
  }

  /** {@code x -> (x * a + b) mod m}, a bijection of {@code [0, m)} because {@code a} is coprime with m. */
  private static final class Affine {
    private final long a;
    private final long b;
    private final long m;

    Affine(long bits, long m, long step, long residue) {
      this.m = m;
      this.a = Math.floorMod(bits, m / step) * step + residue;
      this.b = Math.floorMod(bits >>> 7, m);
    }

    long apply(long x) {
      return Math.floorMod(x * a + b, m);
    }
  }
}
