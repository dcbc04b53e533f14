package io.github.cdpkit.identity.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNormalizerTest {

  private static final PhoneNormalizer CN = PhoneNormalizer.forRegion("CN");

  private static final String[] REGIONS =
      {"CN", "HK", "MO", "TW", "SG", "JP", "KR", "US", "CA", "GB", "DE", "FR", "AU"};

  @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      CN | 138 0013 8000             | +8613800138000
      CN | 13800138000               | +8613800138000
      CN | +86 13800138000           | +8613800138000
      CN | +86-138-0013-8000         | +8613800138000
      CN | 008613800138000           | +8613800138000
      CN | 8613800138000             | +8613800138000
      CN | +8613800138000            | +8613800138000
      CN | 013800138000              | +8613800138000
      CN | (+86) 138.0013.8000       | +8613800138000
      CN | （+86）１３８ ００１３ ８０００ | +8613800138000
      CN | 199 1234 5678             | +8619912345678
      CN | 010-12345678              | +861012345678
      CN | (021) 6234 5678           | +862162345678
      CN | 0571-8888 8888            | +8657188888888
      CN | 0898-1234567              | +868981234567
      CN | +86 (0)21 6234 5678       | +862162345678
      CN | 86 021 6234 5678          | +862162345678
      CN | +852 2345 6789            | +85223456789
      CN | +1 (212) 555-0100         | +12125550100
      CN | +7 912 345 67 89          | +79123456789
      CN | 0049 30 1234567           | +49301234567
      HK | 2345 6789                 | +85223456789
      HK | +852-9123-4567            | +85291234567
      MO | 2888 1234                 | +85328881234
      TW | 0912 345 678              | +886912345678
      TW | (02) 2345-6789            | +886223456789
      SG | 6123 4567                 | +6561234567
      JP | 090-1234-5678             | +819012345678
      JP | 03-1234-5678              | +81312345678
      KR | 010-1234-5678             | +821012345678
      KR | 02-123-4567               | +8221234567
      US | (212) 555-0100            | +12125550100
      US | 1-212-555-0100            | +12125550100
      US | 212.555.0100              | +12125550100
      US | 011 44 20 7946 0018       | +442079460018
      CA | 416 555 0199              | +14165550199
      GB | 020 7946 0018             | +442079460018
      GB | 07700 900123              | +447700900123
      GB | +44 (0)20 7946 0018       | +442079460018
      DE | 030 1234567               | +49301234567
      DE | 0151 23456789             | +4915123456789
      FR | 01 23 45 67 89            | +33123456789
      FR | 06.12.34.56.78            | +33612345678
      AU | 04 1234 5678              | +61412345678
      AU | (02) 9876 5432            | +61298765432
      """)
  void shouldWriteE164WhenGivenAnyAcceptedFormatOfTheRegion(
      String region, String value, String expected) {
    assertThat(PhoneNormalizer.forRegion(region).normalize(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} ''{1}'': {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      CN | 1380013800         | must have 11 digits for a CN mobile
      CN | 138001380001       | must have 11 digits for a CN mobile
      CN | +86 1380013800     | must have 11 digits for a CN mobile
      CN | 12345678901        | must start with 13 to 19 for a CN mobile
      CN | 87654321           | must have 10 to 11 digits for a CN fixed line with a 3-digit area code
      CN | 021 123456         | must have 9 to 10 digits for a CN fixed line with a 2-digit area code
      CN | 010 123456789      | must have 9 to 10 digits for a CN fixed line with a 2-digit area code
      CN | +86 00 12345678    | must not start with 0 after the country code or trunk prefix 0 for CN
      CN | +0086 13800138000  | must not have a country code starting with 0
      CN | +999 1234          | must have 8 to 15 digits after '+' (E.164)
      CN | +999 1234 5678 90123 | must have 8 to 15 digits after '+' (E.164)
      CN | 1234567890123456789012 | must have at most 15 digits (E.164)
      CN | +                  | must have digits
      CN | 00                 | must have digits after the international prefix
      US | 011                | must have digits after the international prefix
      CN | ()                 | must have digits
      HK | 2345 678           | must have 8 digits after the country code for HK
      HK | 0234 5678          | must not start with 0 after the country code for HK
      SG | +65 123 4567       | must have 8 digits after the country code for SG
      JP | 03-1234-567        | must have 9 to 10 digits after the country code or trunk prefix 0 for JP
      FR | 01 23 45 67 8      | must have 9 digits after the country code or trunk prefix 0 for FR
      US | 212-555-010        | must have 10 digits after the country code or leading 1 for US/CA (NANP)
      US | 123-456-7890       | must have an area code starting with 2 to 9 for US/CA (NANP)
      US | 212-155-0100       | must have an exchange code starting with 2 to 9 for US/CA (NANP)
      CA | +1 212 055 0100    | must have an exchange code starting with 2 to 9 for US/CA (NANP)
      """)
  void shouldRejectWithTheBrokenRuleWhenTheNumberIsInvalid(
      String region, String value, String rule) {
    assertThatThrownBy(() -> PhoneNormalizer.forRegion(region).normalize(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("phone '" + value + "' " + rule);
  }

  @ParameterizedTest
  @ValueSource(strings = {"138OO138000", "tel:13800138000", "138 0013 8000 ext 12", "138_0013_8000",
      "138/0013/8000", "++8613800138000", "138+0013"})
  void shouldRejectLettersAndOtherCharactersWhenNotSeparators(String value) {
    assertThatThrownBy(() -> CN.normalize(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phone '" + value + "' may hold only digits, a '+' before them,"
            + " spaces, dashes, dots and brackets, not '");
  }

  @Test
  void shouldNameTheOffendingCharacterWhenRejectingIt() {
    assertThatThrownBy(() -> CN.normalize("138OO138000"))
        .hasMessageEndingWith("not 'O'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cn", "Cn", "CN", " cn "})
  void shouldAcceptTheRegionInAnyCaseWhenKnown(String region) {
    assertThat(PhoneNormalizer.forRegion(region).normalize("13800138000"))
        .isEqualTo("+8613800138000");
  }

  @Test
  void shouldListTheKnownRegionsWhenTheRegionIsUnknown() {
    assertThatThrownBy(() -> PhoneNormalizer.forRegion("XX"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown phone region 'XX', known: AU, CA, CN, DE, FR, GB, HK, JP, KR, MO, SG,"
            + " TW, US");
  }

  @Test
  void shouldReadNationalNumbersInTheDefaultRegionWhenTheyHaveNoCountryCode() {
    assertThat(PhoneNormalizer.forRegion("HK").normalize("2345 6789")).isEqualTo("+85223456789");
    assertThat(PhoneNormalizer.forRegion("SG").normalize("2345 6789")).isEqualTo("+6523456789");
  }

  @Test
  void shouldApplyTheCountryCodesRulesWhenTheNumberIsInternationalInAnotherRegion() {
    PhoneNormalizer us = PhoneNormalizer.forRegion("US");

    assertThat(us.normalize("+86 138 0013 8000")).isEqualTo("+8613800138000");
    assertThatThrownBy(() -> us.normalize("+86 138 0013 800"))
        .hasMessage("phone '+86 138 0013 800' must have 11 digits for a CN mobile");
  }

  @Test
  void shouldReadA13DigitNumberAsCarryingTheCountryCodeOnlyWhenTheRegionIsCn() {
    assertThat(CN.normalize("8613800138000")).isEqualTo("+8613800138000");
    assertThatThrownBy(() -> PhoneNormalizer.forRegion("HK").normalize("8613800138000"))
        .hasMessage("phone '8613800138000' must have 8 digits after the country code for HK");
  }

  @Test
  void shouldReturnTheSameInstanceWhenTheValueIsAlreadyE164() {
    String e164 = "+8613800138000";

    assertThat(CN.normalize(e164)).isSameAs(e164);
  }

  @Test
  void shouldShowTheRegionWhenPrinted() {
    assertThat(PhoneNormalizer.forRegion("gb")).hasToString("PhoneNormalizer[GB]");
  }

  @Test
  void shouldNormaliseEveryFormatOfACnMobileToOneValueWhenFormattedAtRandom() {
    Random random = new Random(20_260_101L);
    for (int i = 0; i < 1_000; i++) {
      char[] mobile = new char[11];
      mobile[0] = '1';
      mobile[1] = (char) ('3' + random.nextInt(7));
      for (int d = 2; d < 11; d++) {
        mobile[d] = (char) ('0' + random.nextInt(10));
      }
      String digits = new String(mobile);
      String formatted = randomFormat(random, digits);

      assertThat(CN.normalize(formatted)).as("'%s'", formatted).isEqualTo("+86" + digits);
    }
  }

  @Test
  void shouldEitherRejectWithIllegalArgumentOrWriteValidE164WhenGivenRandomInput() {
    Random random = new Random(7L);
    String alphabet = "0123456789  +-.()08613x";
    for (int i = 0; i < 10_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = 1 + random.nextInt(22);
      for (int c = 0; c < length; c++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      PhoneNormalizer normalizer = PhoneNormalizer.forRegion(REGIONS[random.nextInt(REGIONS.length)]);
      String result;
      try {
        result = normalizer.normalize(value.toString());
      } catch (IllegalArgumentException e) {
        assertThat(e).hasMessageStartingWith("phone '" + value + "' ");
        continue;
      }
      assertThat(result).as("%s '%s'", normalizer, value).matches("\\+[1-9][0-9]{7,14}");
      assertThat(normalizer.normalize(result)).as("idempotent on '%s'", value).isEqualTo(result);
    }
  }

  @Test
  void shouldAnswerAsTheScanDoesWhenTheValueIsAlreadyAPlusAndDigits() {
    Random random = new Random(20_261_123L);
    String[] countryCodes = {"86", "852", "853", "886", "65", "81", "82", "1", "44", "49", "33",
        "61", "7", "999", "0", ""};
    int valid = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder digits = new StringBuilder(countryCodes[random.nextInt(countryCodes.length)]);
      int length = random.nextInt(16);
      for (int d = 0; d < length; d++) {
        // Zeros and ones more often: trunk prefixes, leading 1s and CN fixed lines turn on them.
        int digit = random.nextBoolean() ? random.nextInt(2) : random.nextInt(10);
        digits.append((char) ('0' + digit));
      }
      PhoneNormalizer normalizer = PhoneNormalizer.forRegion(REGIONS[random.nextInt(REGIONS.length)]);
      String value = "+" + digits;

      String answer = answer(normalizer, value);

      assertThat(answer).as("%s '%s'", normalizer, value)
          .isEqualTo(answer(normalizer, "+ " + digits)); // the space takes the scanning path
      if (answer.equals(value)) {
        assertThat(normalizer.normalize(value)).isSameAs(value);
        valid++;
      }
    }
    assertThat(valid).as("the values must reach both answers").isBetween(1_000, 19_000);
  }

  /** The normalised value, or the broken rule of the exception after the part naming the value. */
  private static String answer(PhoneNormalizer normalizer, String value) {
    try {
      return normalizer.normalize(value);
    } catch (IllegalArgumentException e) {
      String naming = "phone '" + value + "' ";
      assertThat(e).hasMessageStartingWith(naming);
      return "rejected: " + e.getMessage().substring(naming.length());
    }
  }

  private static String randomFormat(Random random, String digits) {
    String spaced = digits.substring(0, 3) + " " + digits.substring(3, 7) + " " + digits.substring(7);
    String dashed = digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7);
    String dotted = digits.substring(0, 3) + "." + digits.substring(3, 7) + "." + digits.substring(7);
    String[] bodies = {digits, spaced, dashed, dotted};
    String[] prefixes = {"", "+86", "+86 ", "+86-", "(+86) ", "0086", "0086 ", "86", "0", "+86 (0)"};
    String body = bodies[random.nextInt(bodies.length)];
    String prefix = prefixes[random.nextInt(prefixes.length)];
    String formatted = prefix + body;
    if (random.nextInt(4) == 0) {
      IntFunction<String> fullWidth = c -> c >= '0' && c <= '9'
          ? String.valueOf((char) (c - '0' + '\uFF10'))
          : String.valueOf((char) c);
      StringBuilder wide = new StringBuilder();
      formatted.chars().mapToObj(fullWidth).forEach(wide::append);
      formatted = wide.toString();
    }
    return formatted;
  }
}
