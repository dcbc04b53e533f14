package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.spi.IdentifierNormalizer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierTypeTest {

  @Test
  void shouldBeStrongUnlimitedPriorityZeroAndKeepValuesWhenOnlyNamed() {
    IdentifierType type = IdentifierType.builder("loyalty_card").build();

    assertThat(type.name()).isEqualTo("loyalty_card");
    assertThat(type.strength()).isEqualTo(Strength.STRONG);
    assertThat(type.maxPerPerson()).isEqualTo(IdentifierType.UNLIMITED);
    assertThat(type.priority()).isZero();
    assertThat(type.namespaced()).isFalse();
    assertThat(type.blockedValues()).isEmpty();
    assertThat(type.blockedPatterns()).isEmpty();
    assertThat(type.normalizer().normalize("Ab 1")).isEqualTo("Ab 1");
  }

  @Test
  void shouldKeepEveryRuleWhenBuilt() {
    IdentifierNormalizer upper = value -> value.toUpperCase(Locale.ROOT);

    IdentifierType type = IdentifierType.builder("taobao_id")
        .normalizer(upper).namespaced(true).strength(Strength.WEAK).maxPerPerson(2).priority(-5)
        .blockedValue(" Test ").blockedPattern("x+")
        .build();

    assertThat(type.normalizer()).isSameAs(upper);
    assertThat(type.namespaced()).isTrue();
    assertThat(type.strength()).isEqualTo(Strength.WEAK);
    assertThat(type.maxPerPerson()).isEqualTo(2);
    assertThat(type.priority()).isEqualTo(-5);
    assertThat(type.blockedValues()).containsExactly("test");
    assertThat(type.blockedPatterns()).extracting(p -> p.pattern()).containsExactly("x+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Phone", "1phone", "_phone", "phone-no", "phone no",
      "a12345678901234567890123456789012345678901234567890123456789012345"})
  void shouldRejectTheNameWhenNotLowerCaseLettersDigitsAndUnderscores(String name) {
    assertThatThrownBy(() -> IdentifierType.builder(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("identifier type name must match [a-z][a-z0-9_]{0,63}: '" + name + "'");
  }

  @Test
  void shouldRejectTheLimitWhenLessThanOne() {
    IdentifierType.Builder builder = IdentifierType.builder("phone");

    assertThatThrownBy(() -> builder.maxPerPerson(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPerPerson of phone must be at least 1: 0");
  }

  @Test
  void shouldRejectTheBlockedValueWhenBlank() {
    IdentifierType.Builder builder = IdentifierType.builder("phone");

    assertThatThrownBy(() -> builder.blockedValue("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("blocked value of phone must not be blank: '  '");
  }

  @Test
  void shouldRejectThePatternWhenNotAValidExpression() {
    IdentifierType.Builder builder = IdentifierType.builder("phone");

    assertThatThrownBy(() -> builder.blockedPattern("[0-"))
        .isInstanceOf(PatternSyntaxException.class)
        .hasMessageContaining("[0-");
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "NULL", "Null", "nUlL"})
  void shouldBlockTheValueWhenEqualIgnoringCase(String value) {
    IdentifierType type = IdentifierType.builder("email").blockedValue("NuLL").build();

    assertThat(type.isBlocked(value)).isTrue();
  }

  @Test
  void shouldNotBlockTheValueWhenOnlyAPartIsBlocked() {
    IdentifierType type = IdentifierType.builder("email").blockedValue("null").build();

    assertThat(type.isBlocked("nullable")).isFalse();
    assertThat(type.isBlocked("nul")).isFalse();
  }

  @Test
  void shouldBlockTheValueWhenItMatchesAPatternIgnoringCase() {
    IdentifierType type = IdentifierType.builder("device_id").blockedPattern("[0f-]*").build();

    assertThat(type.isBlocked("FFFFFFFF-ffff-0000")).isTrue();
    assertThat(type.isBlocked("FFFFFFFF-ffff-0001")).isFalse();
  }

  @Test
  void shouldMatchThePatternCaseSensitivelyWhenTheExpressionTurnsCaseOff() {
    IdentifierType type = IdentifierType.builder("member_no").blockedPattern("(?-i)TEST.*").build();

    assertThat(type.isBlocked("TEST-1")).isTrue();
    assertThat(type.isBlocked("test-1")).isFalse();
  }

  @Test
  void shouldBlockOnlyWholeMatchesWhenAPatternIsGiven() {
    IdentifierType type = IdentifierType.builder("member_no").blockedPattern("0+").build();

    assertThat(type.isBlocked("000")).isTrue();
    assertThat(type.isBlocked("1000")).isFalse();
  }

  @Test
  void shouldBlockValuesLongerThan63CharactersWhenBlocked() {
    String longValue = "x".repeat(70);
    IdentifierType type = IdentifierType.builder("device_id").blockedValue(longValue).build();

    assertThat(type.isBlocked(longValue.toUpperCase(Locale.ROOT))).isTrue();
    assertThat(type.isBlocked("x".repeat(64))).isFalse();
  }

  @Test
  void shouldBlockAsEqualsIgnoreCaseAndTheRegexesDoWhenGivenRandomValues() {
    List<String> values = List.of("null", " Unknown ", "N/A", "nil", "none", "13800000000",
        "+8613800000000", "Straße", "\u00FFes", "\u0130d", "\u212Aelvin", "\u00B5-\u03A3",
        "x".repeat(70));
    List<String> regexes = List.of(IdentifierTypes.ZEROS, IdentifierTypes.PHONE_ZEROS,
        IdentifierTypes.DEVICE_ZEROS, "test-[0-9]+", "(?-i)X[a-z]*");
    IdentifierType.Builder builder = IdentifierType.builder("member_no");
    values.forEach(builder::blockedValue);
    regexes.forEach(builder::blockedPattern);
    IdentifierType type = builder.build();
    List<Pattern> patterns = regexes.stream()
        .map(regex -> Pattern.compile(regex, Pattern.CASE_INSENSITIVE)).toList();
    SplittableRandom random = new SplittableRandom(20_261_123L);
    int blocked = 0;
    for (int i = 0; i < 200_000; i++) {
      String value = randomValue(random, values);
      boolean expected = values.stream().anyMatch(v -> v.trim().equalsIgnoreCase(value))
          || patterns.stream().anyMatch(pattern -> pattern.matcher(value).matches());

      assertThat(type.isBlocked(value)).as("'%s'", value).isEqualTo(expected);
      blocked += expected ? 1 : 0;
    }
    assertThat(blocked).as("the values must reach both answers").isBetween(10_000, 190_000);
  }

  /**
   * A blocked value with its chars in random case, some replaced or dropped, or a random string;
   * of ASCII and of chars whose case Unicode maps in odd ways (long s, dotless i, Kelvin sign).
   */
  private static String randomValue(SplittableRandom random, List<String> values) {
    String alphabet = "0aAsSxXtT-+1 .\u00DF\u1E9E\u017F\u0131\u0130iIkK\u212A\u00B5\u039C"
        + "\u03BC\u03A3\u03C3\u03C2\u00FF\u0178\u3000\uFF10";
    StringBuilder value = new StringBuilder();
    if (random.nextInt(4) == 0) {
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return value.toString();
    }
    String base = values.get(random.nextInt(values.size())).trim();
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      switch (random.nextInt(12)) {
        case 0 -> value.append(alphabet.charAt(random.nextInt(alphabet.length())));
        case 1 -> { } // dropped
        case 2, 3, 4 -> value.append(Character.toUpperCase(c));
        case 5, 6, 7 -> value.append(Character.toLowerCase(c));
        default -> value.append(c);
      }
    }
    return value.toString();
  }

  @Test
  void shouldKeepEveryRuleAndAllowChangesWhenCopiedToABuilder() {
    IdentifierType original = IdentifierType.builder("member_no").maxPerPerson(1).priority(100)
        .strength(Strength.STRONG).namespaced(true).blockedValue("test").blockedPattern("0+")
        .build();

    IdentifierType copy = original.toBuilder().build();
    IdentifierType changed = original.toBuilder().priority(1).blockedValue("demo").build();

    assertThat(copy.name()).isEqualTo("member_no");
    assertThat(copy.normalizer()).isSameAs(original.normalizer());
    assertThat(copy.maxPerPerson()).isEqualTo(1);
    assertThat(copy.priority()).isEqualTo(100);
    assertThat(copy.namespaced()).isTrue();
    assertThat(copy.blockedValues()).isEqualTo(original.blockedValues());
    assertThat(copy.blockedPatterns()).isEqualTo(original.blockedPatterns());
    assertThat(changed.priority()).isEqualTo(1);
    assertThat(changed.blockedValues()).containsExactlyInAnyOrder("test", "demo");
    assertThat(original.blockedValues()).containsExactly("test");
  }

  @Test
  void shouldRemoveEveryBlockedValueAndPatternWhenCleared() {
    IdentifierType cleared = IdentifierTypes.phone("CN").toBuilder().clearBlocked().build();

    assertThat(cleared.blockedValues()).isEmpty();
    assertThat(cleared.blockedPatterns()).isEmpty();
    assertThat(cleared.isBlocked("null")).isFalse();
  }

  @Test
  void shouldRefuseChangesWhenTheBlockedCollectionsAreModified() {
    IdentifierType type = IdentifierType.builder("phone").blockedValue("x").build();

    assertThatThrownBy(() -> type.blockedValues().add("y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> type.blockedPatterns().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldNameTheNullArgumentWhenANormaliserOrStrengthIsNull() {
    IdentifierType.Builder builder = IdentifierType.builder("phone");
    @SuppressWarnings("NullAway") // the null is the point of the test
    IdentifierNormalizer noNormalizer = null;
    @SuppressWarnings("NullAway")
    Strength noStrength = null;

    assertThatThrownBy(() -> builder.normalizer(noNormalizer))
        .isInstanceOf(NullPointerException.class).hasMessage("normalizer");
    assertThatThrownBy(() -> builder.strength(noStrength))
        .isInstanceOf(NullPointerException.class).hasMessage("strength");
  }

  @Test
  void shouldShowNameStrengthLimitPriorityAndNamespaceWhenPrinted() {
    assertThat(IdentifierType.builder("wechat_openid").namespaced(true).maxPerPerson(20)
        .priority(60).build())
        .hasToString("IdentifierType[wechat_openid, STRONG, max 20, priority 60, namespaced]");
    assertThat(IdentifierType.builder("cookie").strength(Strength.WEAK).build())
        .hasToString("IdentifierType[cookie, WEAK, max unlimited, priority 0]");
  }

  @Test
  void shouldCompareByIdentityWhenTwoTypesHaveTheSameRules() {
    IdentifierType first = IdentifierType.builder("cookie").build();

    assertThat(first).isNotEqualTo(first.toBuilder().build());
  }


  @Test
  void shouldBuildATypeWhenAPatternQuotesToItsEndBeforeAnother() {
    // Each compiles alone; blockedPattern accepted both. build() threw PatternSyntaxException
    // ("Unclosed group") from the alternation (?:\Qtest)|(?:demo-.*).
    IdentifierType type = IdentifierType.builder("card")
        .blockedPattern("\\Qtest").blockedPattern("demo-.*").build();

    assertThat(type.isBlocked("test")).isTrue();
    assertThat(type.isBlocked("demo-1")).isTrue();
    assertThat(type.isBlocked("real-1")).isFalse();
  }

  @Test
  void shouldBuildATypeWhenAPatternEndsInACommentBeforeAnother() {
    IdentifierType type = IdentifierType.builder("card")
        .blockedPattern("(?x) test \\d+  # the load tests' cards").blockedPattern("demo-.*").build();

    assertThat(type.isBlocked("test42")).isTrue();
    assertThat(type.isBlocked("demo-1")).isTrue();
  }

  @Test
  void shouldMatchEachPatternsBackReferenceWithinItselfWhenSeveralArePatterns() {
    IdentifierType type = IdentifierType.builder("card")
        .blockedPattern("(a)\\1+").blockedPattern("(b)\\1+").build();

    assertThat(type.isBlocked("aaa")).isTrue();
    assertThat(type.isBlocked("bbb")).isTrue(); // was false: \1 named the first pattern's group
  }
}
