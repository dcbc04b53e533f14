package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written junk matchers against the regex engine, over many seeded random strings. */
class BuiltInJunkTest {

  private static final String ALPHABET = "0001289+-.() \t\nfFaA\u3000";

  @ParameterizedTest
  @ValueSource(strings = {IdentifierTypes.ZEROS, IdentifierTypes.DEVICE_ZEROS,
      IdentifierTypes.PHONE_ZEROS})
  void shouldMatchExactlyWhatTheRegexMatches(String regex) {
    Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    BuiltInJunk handWritten = BuiltInJunk.of(regex);
    assertThat(handWritten).isNotNull();
    SplittableRandom random = new SplittableRandom(regex.hashCode());
    int matches = 0;
    for (int i = 0; i < 100_000; i++) {
      String value = randomValue(random);
      boolean expected = pattern.matcher(value).matches();
      assertThat(handWritten.matches(value)).as("'%s' against %s", value, regex).isEqualTo(expected);
      matches += expected ? 1 : 0;
    }
    assertThat(matches).as("the fuzz must reach both answers").isBetween(100, 99_900);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+86 000 0000 0000", "8600000000000", "13800000000", "00 1 0000000",
      "000-0000-0000", "+1 (000) 0000"})
  void shouldTakeTheseForZeroPhones(String value) {
    assertThat(BuiltInJunk.PHONE_ZEROS.matches(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+8613800138000", "1380000001", "+86 0000 0000 01", "1234000000"})
  void shouldNotTakeTheseForZeroPhones(String value) {
    assertThat(BuiltInJunk.PHONE_ZEROS.matches(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[0-9]+", "TEST-.*"})
  void shouldLeaveOtherPatternsToTheRegexEngine(String regex) {
    assertThat(BuiltInJunk.of(regex)).isNull();
  }

  private static String randomValue(SplittableRandom random) {
    // Mostly zero-heavy values, so that the interesting boundaries are reached.
    List<String> seeds = List.of("", "+", "00", "86", "1", "(");
    StringBuilder value = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
    int length = random.nextInt(16);
    for (int i = 0; i < length; i++) {
      value.append(random.nextInt(3) == 0
          ? ALPHABET.charAt(random.nextInt(ALPHABET.length())) : '0');
    }
    return value.toString();
  }
}
