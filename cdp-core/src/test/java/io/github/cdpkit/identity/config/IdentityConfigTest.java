package io.github.cdpkit.identity.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IdentityResolverBuilder;
import io.github.cdpkit.identity.Strength;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityConfigTest {

  private static final String FULL = """
      {
        "genericThreshold": 50,
        "types": [
          { "name": "member_no", "builtin": true },
          { "name": "phone", "builtin": true, "region": "US", "maxPerPerson": 2 },
          { "name": "email", "builtin": true, "blockedValues": [" Test@Example.com ", "x@y.z"] },
          { "name": "device_id", "builtin": true, "maxPerPerson": "unlimited",
            "blockedPatterns": ["0+", "(?i)TEST-.*"] },
          { "name": "loyalty_card", "normalizer": "upper_case", "strength": "WEAK",
            "maxPerPerson": 1, "priority": 95, "namespaced": true, "blockedValues": ["demo"] },
          { "name": "cookie" }
        ]
      }
      """;

  @Test
  void shouldUseTheBuiltInTypesWhenTheDocumentIsEmpty() {
    IdentityConfig config = IdentityConfig.parse("{}");

    assertThat(config).isEqualTo(IdentityConfig.defaults());
    assertThat(config.genericThreshold()).isEqualTo(IdentityResolverBuilder.DEFAULT_GENERIC_THRESHOLD);
    assertThat(names(config.types())).containsExactlyElementsOf(names(IdentifierTypes.defaults()));
    for (IdentifierType builtin : IdentifierTypes.defaults().all()) {
      assertSameRules(config.types().find(builtin.name()).orElseThrow(), builtin);
    }
  }

  @Test
  void shouldKeepTheBuiltInRulesThatAreNotOverridden() {
    IdentityConfig config = IdentityConfig.parse(FULL);

    IdentifierType phone = config.types().find("phone").orElseThrow();
    IdentifierType builtinPhone = IdentifierTypes.phone("US");
    assertThat(phone.maxPerPerson()).isEqualTo(2);
    assertThat(phone.priority()).isEqualTo(builtinPhone.priority());
    assertThat(phone.strength()).isEqualTo(builtinPhone.strength());
    assertThat(phone.blockedValues()).isEqualTo(builtinPhone.blockedValues());
    assertThat(phone.normalizer().normalize("(212) 555-0100")).isEqualTo("+12125550100");

    IdentifierType email = config.types().find("email").orElseThrow();
    assertThat(email.blockedValues()).containsExactlyInAnyOrder("test@example.com", "x@y.z");
    assertThat(email.isBlocked("null@null.com")).isFalse();
    assertThat(email.isBlocked("null")).isFalse();
    assertThat(email.isBlocked("0000")).isTrue();
    assertThat(email.normalizer().normalize("Li@Example.COM")).isEqualTo("li@example.com");

    IdentifierType device = config.types().find("device_id").orElseThrow();
    assertThat(device.maxPerPerson()).isEqualTo(IdentifierType.UNLIMITED);
    assertThat(device.strength()).isEqualTo(Strength.WEAK);
    assertThat(device.isBlocked("test-device")).isTrue();
    assertThat(device.isBlocked("null")).isTrue();
    assertThat(device.normalizer().normalize("idfa-0001-aaaa")).isEqualTo("IDFA-0001-AAAA");
  }

  @Test
  void shouldBuildNewTypesFromTheGivenFieldsAndTheDefaults() {
    IdentityConfig config = IdentityConfig.parse(FULL);

    IdentifierType card = config.types().find("loyalty_card").orElseThrow();
    assertThat(card.strength()).isEqualTo(Strength.WEAK);
    assertThat(card.maxPerPerson()).isEqualTo(1);
    assertThat(card.priority()).isEqualTo(95);
    assertThat(card.namespaced()).isTrue();
    assertThat(card.isBlocked("DEMO")).isTrue();
    assertThat(card.normalizer().normalize("ab-12")).isEqualTo("AB-12");

    IdentifierType cookie = config.types().find("cookie").orElseThrow();
    assertThat(cookie.strength()).isEqualTo(Strength.STRONG);
    assertThat(cookie.maxPerPerson()).isEqualTo(IdentifierType.UNLIMITED);
    assertThat(cookie.priority()).isZero();
    assertThat(cookie.namespaced()).isFalse();
    assertThat(cookie.blockedValues()).isEmpty();
    assertThat(cookie.blockedPatterns()).isEmpty();
    assertThat(cookie.normalizer().normalize("AbC")).isEqualTo("AbC");

    assertThat(names(config.types()))
        .containsExactly("member_no", "phone", "email", "device_id", "loyalty_card", "cookie");
    assertThat(config.genericThreshold()).isEqualTo(50);
  }

  @Test
  void shouldReadBackWhatItWrites() {
    IdentityConfig config = IdentityConfig.parse(FULL);

    String json = config.toJson();
    IdentityConfig again = IdentityConfig.parse(json);

    assertThat(again).isEqualTo(config).hasSameHashCodeAs(config);
    assertThat(again.toJson()).isEqualTo(json);
    assertThat(again.genericThreshold()).isEqualTo(50);
    for (IdentifierType type : config.types().all()) {
      assertSameRules(again.types().find(type.name()).orElseThrow(), type);
    }
  }

  @Test
  void shouldWriteEveryFieldOfTheDefaults() {
    String json = IdentityConfig.defaults().toJson();

    assertThat(json)
        .contains("\"genericThreshold\" : 100")
        .contains("\"name\" : \"wechat_openid\"")
        .contains("\"namespaced\" : true")
        .contains("\"region\" : \"CN\"")
        .contains("\"maxPerPerson\" : 20")
        .endsWith("\n");
    assertThat(IdentityConfig.parse(json)).isEqualTo(IdentityConfig.defaults());
  }

  @Test
  void shouldReadAFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("identity.json"), FULL);

    assertThat(IdentityConfig.read(file)).isEqualTo(IdentityConfig.parse(FULL));
  }

  @Test
  void shouldReadAFileThatStartsWithAByteOrderMark(@TempDir Path dir) throws IOException {
    // Notepad writes one; it was refused: "Unexpected character (... (code 65279 / 0xfeff))".
    Path file = Files.writeString(dir.resolve("identity.json"), "\uFEFF" + FULL);

    assertThat(IdentityConfig.read(file)).isEqualTo(IdentityConfig.parse(FULL));
  }

  @Test
  void shouldConfigureAResolverBuilder() {
    IdentityConfig config = IdentityConfig.parse(FULL);
    IdentityResolverBuilder builder = IdentityResolver.builder();

    assertThat(config.applyTo(builder)).isSameAs(builder);
  }

  @Test
  void shouldDescribeItselfByTypeNames() {
    assertThat(IdentityConfig.parse(FULL).toString())
        .isEqualTo("IdentityConfig[types=IdentifierTypes[member_no, phone, email, device_id,"
            + " loyalty_card, cookie], genericThreshold=50]");
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of("[]", "", "identity config must be a JSON object: []"),
        Arguments.of("", "", "identity config must be a JSON object: an empty document"),
        Arguments.of("{\"colour\": \"red\"}", "colour",
            "colour is not a known field (known: genericThreshold, types): \"red\""),
        Arguments.of("{\"genericThreshold\": 1}", "genericThreshold",
            "genericThreshold must be at least 2: 1"),
        Arguments.of("{\"genericThreshold\": \"many\"}", "genericThreshold",
            "genericThreshold must be a whole number: \"many\""),
        Arguments.of("{\"genericThreshold\": 2.5}", "genericThreshold",
            "genericThreshold must be a whole number: 2.5"),
        Arguments.of("{\"genericThreshold\": 99999999999}", "genericThreshold",
            "genericThreshold must be a whole number: 99999999999"),
        Arguments.of("{\"types\": {}}", "types", "types must be an array: {}"),
        Arguments.of(types("\"phone\""), "types[0]", "types[0] must be a JSON object: \"phone\""),
        Arguments.of(types("{\"builtin\": true}"), "types[0].name", "types[0].name is missing"),
        Arguments.of(types("{\"name\": 7}"), "types[0].name", "types[0].name must be a string: 7"),
        Arguments.of(types("{\"name\": \"Phone\"}"), "types[0].name",
            "types[0].name must be lower case letters, digits and '_', starting with a letter,"
                + " at most 64: \"Phone\""),
        Arguments.of(types("{\"name\": \"cookie\"}", "{\"name\": \"cookie\"}"), "types[1].name",
            "types[1].name names a type defined before: \"cookie\""),
        Arguments.of(types("{\"name\": \"cookie\", \"builtin\": true}"), "types[0].name",
            "types[0].name is not a built-in type (built-in: member_no, wechat_unionid, phone,"
                + " email, wechat_openid, device_id): \"cookie\""),
        Arguments.of(types("{\"name\": \"phone\", \"builtin\": \"yes\"}"), "types[0].builtin",
            "types[0].builtin must be true or false: \"yes\""),
        Arguments.of(types("{\"name\": \"x\", \"colour\": [1]}"), "types[0].colour",
            "types[0].colour is not a known field (known: name, builtin, normalizer, region,"
                + " namespaced, strength, maxPerPerson, priority, blockedValues, blockedPatterns):"
                + " [1]"),
        Arguments.of(types("{\"name\": \"x\", \"normalizer\": \"lower_case\"}"),
            "types[0].normalizer", "types[0].normalizer is not a known normalizer (known: phone,"
                + " email, device_id, upper_case, none): \"lower_case\""),
        Arguments.of(types("{\"name\": \"x\", \"normalizer\": null}"), "types[0].normalizer",
            "types[0].normalizer must be a string: null"),
        Arguments.of(types("{\"name\": \"x\", \"region\": \"US\"}"), "types[0].region",
            "types[0].region is only for the phone normalizer, not none: \"US\""),
        Arguments.of(types("{\"name\": \"email\", \"builtin\": true, \"region\": \"US\"}"),
            "types[0].region", "types[0].region is only for the phone normalizer, not email:"
                + " \"US\""),
        Arguments.of(types("{\"name\": \"phone\", \"builtin\": true, \"region\": \"XX\"}"),
            "types[0].region", "types[0].region is not a known phone region: \"XX\""),
        Arguments.of(types("{\"name\": \"x\", \"namespaced\": 1}"), "types[0].namespaced",
            "types[0].namespaced must be true or false: 1"),
        Arguments.of(types("{\"name\": \"x\", \"strength\": \"strong\"}"), "types[0].strength",
            "types[0].strength must be STRONG or WEAK: \"strong\""),
        Arguments.of(types("{\"name\": \"x\"}", "{\"name\": \"y\"}",
                "{\"name\": \"z\", \"maxPerPerson\": 0}"), "types[2].maxPerPerson",
            "types[2].maxPerPerson must be a whole number of at least 1 or \"unlimited\": 0"),
        Arguments.of(types("{\"name\": \"x\", \"maxPerPerson\": \"many\"}"),
            "types[0].maxPerPerson",
            "types[0].maxPerPerson must be a whole number of at least 1 or \"unlimited\":"
                + " \"many\""),
        Arguments.of(types("{\"name\": \"x\", \"priority\": \"high\"}"), "types[0].priority",
            "types[0].priority must be a whole number: \"high\""),
        Arguments.of(types("{\"name\": \"x\", \"blockedValues\": \"null\"}"),
            "types[0].blockedValues", "types[0].blockedValues must be an array of strings:"
                + " \"null\""),
        Arguments.of(types("{\"name\": \"x\", \"blockedValues\": [\"a\", 5]}"),
            "types[0].blockedValues[1]", "types[0].blockedValues[1] must be a string: 5"),
        Arguments.of(types("{\"name\": \"x\", \"blockedValues\": [\" \"]}"),
            "types[0].blockedValues[0]", "types[0].blockedValues[0] must not be blank: \" \""),
        Arguments.of(types("{\"name\": \"x\", \"blockedPatterns\": [\"ok\", \"[0-\"]}"),
            "types[0].blockedPatterns[1]", "types[0].blockedPatterns[1] is not a valid regular"
                + " expression (Illegal character range): \"[0-\""));
  }

  @ParameterizedTest
  @MethodSource("rejections")
  void shouldNameThePathAndTheValueWhenRejecting(String json, String path, String message) {
    assertThatThrownBy(() -> IdentityConfig.parse(json))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((IdentityConfigException) e).path()).isEqualTo(path));
  }

  @Test
  void shouldNameLineAndColumnWhenTheTextIsNotJson() {
    assertThatThrownBy(() -> IdentityConfig.parse("{\n  \"genericThreshold\": 5,\n  oops\n}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessageStartingWith("identity config is not valid JSON: line 3, column 3: ")
        .satisfies(e -> assertThat(((IdentityConfigException) e).path()).isEmpty());
  }

  @Test
  void shouldShowANumberOfTheWrongTypeExactlyNeverAsADoubleWouldRoundIt() {
    // A double showed 1e400 as "Infinity" and 2.00000000000000000001 as 2.0, a whole number.
    assertThatThrownBy(() -> IdentityConfig.parse("{\"genericThreshold\": 1e400}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("genericThreshold must be a whole number: 1E+400");
    assertThatThrownBy(() -> IdentityConfig.parse("{\"genericThreshold\": 2.00000000000000000001}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("genericThreshold must be a whole number: 2.00000000000000000001");
    assertThatThrownBy(
        () -> IdentityConfig.parse(types("{\"name\": \"x\", \"priority\": 1e9999999999}")))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("identity config is not valid JSON: line 1, column 38: number out of range:"
            + " 1e9999999999");
  }

  @Test
  void shouldRefuseAFieldGivenTwice() {
    assertThatThrownBy(() -> IdentityConfig.parse("{\"genericThreshold\": 5, \"genericThreshold\": 6}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("Duplicate field 'genericThreshold'");
  }

  @Test
  void shouldRefuseTextAfterTheDocument() {
    assertThatThrownBy(() -> IdentityConfig.parse("{} {}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessageStartingWith("identity config is not valid JSON: line 1");
  }

  @Test
  void shouldNameTheLineAndColumnOfTextAfterTheDocumentInItsOwnWords() {
    // It said "Trailing token (of type START_OBJECT) found after value (bound as
    // `com.fasterxml.jackson.databind.JsonNode`): not allowed as per ...FAIL_ON_TRAILING_TOKENS".
    assertThatThrownBy(() -> IdentityConfig.parse("{\"genericThreshold\": 5}\n\n  {}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("identity config is not valid JSON: line 3, column 3: more text after the end"
            + " of the document");
  }

  @Test
  void shouldNameWhereAnUnclosedArrayOrObjectStartedByLineAndColumn() {
    // Jackson 2.16+ hides the source of the positions in its messages: "(start marker at
    // [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 2, ...])".
    assertThatThrownBy(() -> IdentityConfig.parse("{\n  \"types\": [\n    {\"name\": \"phone\"}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("identity config is not valid JSON: line 3, column 22: Unexpected end-of-input:"
            + " expected close marker for Array (start marker at line 2, column 12)");
    assertThatThrownBy(() -> IdentityConfig.parse("{\"types\": [}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("identity config is not valid JSON: line 1, column 12: Unexpected close marker"
            + " '}': expected ']' (for Array starting at line 1, column 11)");
  }

  @Test
  void shouldNotNameJacksonsFeaturesWhenTheTextIsNotStandardJson() {
    // It said "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to
    // allow", and "(not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)".
    assertThatThrownBy(() -> IdentityConfig.parse("{\"genericThreshold\": NaN}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("identity config is not valid JSON: line 1, column 25: Non-standard token"
            + " 'NaN'");
    assertThatThrownBy(() -> IdentityConfig.parse("{\"genericThreshold\": 5} // five"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("identity config is not valid JSON: line 1, column 25: Unexpected character"
            + " ('/' (code 47)): maybe a (non-standard) comment?");
  }

  private static String types(String... entries) {
    return "{\"types\": [" + String.join(", ", entries) + "]}";
  }

  private static List<String> names(IdentifierTypes types) {
    return types.all().stream().map(IdentifierType::name).toList();
  }

  private static void assertSameRules(IdentifierType actual, IdentifierType expected) {
    assertThat(actual.name()).isEqualTo(expected.name());
    assertThat(actual.namespaced()).isEqualTo(expected.namespaced());
    assertThat(actual.strength()).isEqualTo(expected.strength());
    assertThat(actual.maxPerPerson()).isEqualTo(expected.maxPerPerson());
    assertThat(actual.priority()).isEqualTo(expected.priority());
    assertThat(actual.blockedValues()).isEqualTo(expected.blockedValues());
    assertThat(actual.blockedPatterns().stream().map(Pattern::pattern))
        .containsExactlyElementsOf(expected.blockedPatterns().stream().map(Pattern::pattern)
            .toList());
  }


  @Test
  void shouldNameThePathWhenABlockedValueIsOnlyAControlCharacter() {
    // Not blank to String.isBlank, but nothing once trimmed: IdentifierType.Builder.blockedValue
    // threw a bare IllegalArgumentException ("blocked value of card must not be blank: ''").
    assertThatThrownBy(() -> IdentityConfig.parse(
        "{\"types\":[{\"name\":\"card\",\"blockedValues\":[\"\\u0000\"]}]}"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessageContaining("types[0].blockedValues[0]");
  }

  @Test
  void shouldReadPatternsThatEachCompileAloneWhenOneQuotesToItsEnd() {
    // Was a bare PatternSyntaxException from IdentifierType.Builder.build(), naming no path.
    IdentityConfig config = IdentityConfig.parse(
        "{\"types\":[{\"name\":\"card\",\"blockedPatterns\":[\"\\\\Qtest\",\"demo-.*\"]}]}");

    assertThat(config.types().find("card").orElseThrow().isBlocked("demo-1")).isTrue();
  }

  @Test
  void shouldBlockAValueWithATurkishDottedCapitalIAsTheTypesBuilderDoes() {
    // Lower-cased with String.toLowerCase, "İX" became three chars, which no value ever matched;
    // the type's builder folds char by char, as the type compares.
    IdentityConfig config = IdentityConfig.parse(
        "{\"types\":[{\"name\":\"card\",\"blockedValues\":[\"\u0130X\"]}]}");
    IdentifierType card = config.types().find("card").orElseThrow();

    assertThat(card.isBlocked("\u0130X")).isTrue();
    assertThat(card.isBlocked("\u0130x")).isTrue();
    assertThat(card.isBlocked(IdentifierType.builder("card").blockedValue("\u0130X").build()
        .blockedValues().iterator().next())).isTrue();
  }
}
