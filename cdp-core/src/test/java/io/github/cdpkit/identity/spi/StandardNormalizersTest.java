package io.github.cdpkit.identity.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StandardNormalizersTest {

  private final IdentifierNormalizer email = StandardNormalizers.email();
  private final IdentifierNormalizer deviceId = StandardNormalizers.deviceId();

  @Test
  void shouldWriteE164WhenUsingThePhoneNormaliserOfARegion() {
    assertThat(StandardNormalizers.phone("cn").normalize("138 0013 8000"))
        .isEqualTo("+8613800138000");
  }

  @Test
  void shouldRejectTheRegionWhenThePhoneRegionIsUnknown() {
    assertThatThrownBy(() -> StandardNormalizers.phone("ZZ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown phone region 'ZZ', known: AU, CA, CN");
  }

  @Test
  void shouldTrimAndLowerCaseWhenTheEmailIsWellFormed() {
    assertThat(email.normalize("  Li.Lei@Example.COM ")).isEqualTo("li.lei@example.com");
  }

  @Test
  void shouldKeepDotsAndPlusTagsWhenTheEmailIsAGmailAddress() {
    assertThat(email.normalize("Li.Lei+shop@GMail.com")).isEqualTo("li.lei+shop@gmail.com");
  }

  @Test
  void shouldReturnTheSameInstanceWhenTheEmailIsAlreadyNormalised() {
    String value = "li@example.com";

    assertThat(email.normalize(value)).isSameAs(value);
  }

  @ParameterizedTest(name = "''{0}'': {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      li.example.com       | must have exactly one '@'
      li@lei@example.com   | must have exactly one '@'
      @example.com         | must have text before the '@'
      li@                  | must have a domain after the '@'
      li@localhost         | must have a domain with a dot inside it after the '@', such as example.com
      li@.example          | must have a domain with a dot inside it after the '@', such as example.com
      li@example.          | must have a domain with a dot inside it after the '@', such as example.com
      li lei@example.com   | must not contain spaces
      li@exam\tple.com     | must not contain spaces
      """)
  void shouldRejectWithTheBrokenRuleWhenTheEmailIsMalformed(String value, String rule) {
    assertThatThrownBy(() -> email.normalize(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("e-mail '" + value + "' " + rule);
  }

  @Test
  void shouldRefuseExactlyTheCharsJavaTakesForSpacesWhenTheyAreInsideTheEmail() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      if (c == '@') {
        continue;
      }
      String value = "li" + c + "lei@example.com";
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        assertThatThrownBy(() -> email.normalize(value)).as("U+%04X", (int) c)
            .hasMessage("e-mail '" + value + "' must not contain spaces");
      } else {
        assertThat(email.normalize(value)).as("U+%04X", (int) c)
            .isEqualTo(value.toLowerCase(Locale.ROOT));
      }
    }
  }

  @Test
  void shouldUpperCaseWhenTheDeviceIdIsWellFormed() {
    assertThat(deviceId.normalize(" 6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c "))
        .isEqualTo("6F1C2A3B-0D4E-4F5A-8B6C-7D8E9F0A1B2C");
  }

  @Test
  void shouldReturnTheSameInstanceWhenTheDeviceIdIsAlreadyUpperCase() {
    String value = "IDFA-0001-AAAA";

    assertThat(deviceId.normalize(value)).isSameAs(value);
  }

  @Test
  void shouldAcceptTheBoundsWhenTheDeviceIdHas8Or64Characters() {
    assertThat(deviceId.normalize("abcd1234")).isEqualTo("ABCD1234");
    assertThat(deviceId.normalize("A".repeat(64))).isEqualTo("A".repeat(64));
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      abc1234 | 7
      ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ012 | 65
      """)
  void shouldRejectTheLengthWhenTheDeviceIdIsTooShortOrTooLong(String value, int length) {
    assertThatThrownBy(() -> deviceId.normalize(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device id '" + value + "' must have 8 to 64 characters, has " + length);
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      abcd_1234         | _
      02:00:00:00:00:00 | :
      ÄBCD1234          | Ä
      ABCD 1234         | " "
      """)
  void shouldRejectTheCharacterWhenTheDeviceIdHoldsOtherThanLettersDigitsAndDashes(
      String value, String character) {
    assertThatThrownBy(() -> deviceId.normalize(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device id '" + value + "' may hold only letters A to Z, digits and '-', not '"
            + character + "'");
  }

  @Test
  void shouldAcceptExactlyLettersDigitsAndDashesAmongAllCharsInADeviceId() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      char ch = (char) c;
      // In the middle: trim would take a char up to U+0020 off either end.
      String value = "ABCD" + ch + "1234";
      boolean allowed = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z')
          || (ch >= 'a' && ch <= 'z') || ch == '-';
      if (allowed) {
        assertThat(deviceId.normalize(value)).isEqualTo("ABCD" + Character.toUpperCase(ch) + "1234");
      } else {
        assertThatThrownBy(() -> deviceId.normalize(value)).as("U+%04X", c)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageEndingWith("not '" + ch + "'");
      }
    }
  }

  @Test
  void shouldAgreeWithAPlainReferenceOnSeededRandomDeviceIds() {
    // Each boundary of the ASCII ranges it allows, the last ASCII char and the first beyond it; no
    // space, which trim would take off the ends.
    String alphabet = "09AZaz-/:@[`{\u007f\u0080\u00ff\u4e2d._Ff0";
    Pattern wellFormed = Pattern.compile("[0-9A-Za-z-]{8,64}");
    SplittableRandom random = new SplittableRandom(20261123);
    for (int run = 0; run < 20_000; run++) {
      StringBuilder id = new StringBuilder();
      int length = 8 + random.nextInt(12);
      // Mostly allowed chars, so that one bad char somewhere is the common failing case.
      boolean clean = random.nextInt(3) > 0;
      for (int i = 0; i < length; i++) {
        id.append(clean || random.nextInt(8) > 0
            ? "0123456789ABCDEFabcdef-".charAt(random.nextInt(23))
            : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String value = id.toString();
      if (wellFormed.matcher(value).matches()) {
        assertThat(deviceId.normalize(value)).isEqualTo(value.toUpperCase(Locale.ROOT));
      } else {
        char first = value.chars().filter(c -> !wellFormed.matcher("AAAAAAA" + (char) c).matches())
            .mapToObj(c -> (char) c).findFirst().orElseThrow();
        assertThatThrownBy(() -> deviceId.normalize(value)).as(value)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("device id '" + value + "' may hold only letters A to Z, digits and '-',"
                + " not '" + first + "'");
      }
    }
  }

  @Test
  void shouldTrimAndUpperCaseWhenUsingTheUpperCaseNormaliser() {
    assertThat(StandardNormalizers.upperCase().normalize(" m-00ab1 ")).isEqualTo("M-00AB1");
  }
}
