package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierTypesTest {

  private final IdentifierTypes defaults = IdentifierTypes.defaults();

  private IdentifierType type(String name) {
    return defaults.find(name).orElseThrow();
  }

  @Test
  void shouldHoldTheSixBuiltInTypesInPriorityOrderWhenDefault() {
    assertThat(defaults.all()).extracting(IdentifierType::name).containsExactly(
        IdentifierTypes.MEMBER_NO, IdentifierTypes.WECHAT_UNIONID, IdentifierTypes.PHONE,
        IdentifierTypes.EMAIL, IdentifierTypes.WECHAT_OPENID, IdentifierTypes.DEVICE_ID);
    assertThat(defaults).hasToString(
        "IdentifierTypes[member_no, wechat_unionid, phone, email, wechat_openid, device_id]");
  }

  @Test
  void shouldHaveTheDocumentedRulesWhenBuiltIn() {
    assertThat(type("member_no")).hasToString("IdentifierType[member_no, STRONG, max 1, priority 100]");
    assertThat(type("wechat_unionid"))
        .hasToString("IdentifierType[wechat_unionid, STRONG, max 1, priority 90]");
    assertThat(type("phone")).hasToString("IdentifierType[phone, STRONG, max 3, priority 80]");
    assertThat(type("email")).hasToString("IdentifierType[email, STRONG, max 5, priority 70]");
    assertThat(type("wechat_openid"))
        .hasToString("IdentifierType[wechat_openid, STRONG, max 20, priority 60, namespaced]");
    assertThat(type("device_id")).hasToString("IdentifierType[device_id, WEAK, max 20, priority 20]");
  }

  @Test
  void shouldNormaliseWithTheBuiltInRulesWhenDefault() {
    assertThat(type("phone").normalizer().normalize("138 0013 8000")).isEqualTo("+8613800138000");
    assertThat(type("email").normalizer().normalize("Li@Example.COM")).isEqualTo("li@example.com");
    assertThat(type("device_id").normalizer().normalize("idfa-0001-aaaa"))
        .isEqualTo("IDFA-0001-AAAA");
    assertThat(type("member_no").normalizer().normalize("m001a")).isEqualTo("M001A");
    assertThat(type("wechat_openid").normalizer().normalize("oAbC123")).isEqualTo("oAbC123");
    assertThat(type("wechat_unionid").normalizer().normalize("uAbC123")).isEqualTo("uAbC123");
  }

  @Test
  void shouldReadNationalPhonesInTheGivenRegionWhenARegionIsGiven() {
    IdentifierType phone = IdentifierTypes.defaults("us").find("phone").orElseThrow();

    assertThat(phone.normalizer().normalize("(212) 555-0100")).isEqualTo("+12125550100");
  }

  @Test
  void shouldListTheKnownRegionsWhenThePhoneRegionIsUnknown() {
    assertThatThrownBy(() -> IdentifierTypes.defaults("XX"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown phone region 'XX', known: AU, CA, CN, DE, FR, GB, HK, JP, KR, MO, SG,"
            + " TW, US");
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "NULL", "Null", "nil", "none", "undefined", "UNDEFINED",
      "anonymous", "Anonymous", "unknown", "n/a", "N/A", "0", "00000000000", "000-0000-0000",
      "000 0000 0000", "(000) 000.0000", "00000000-0000-0000-0000-000000000000", "-"})
  void shouldBlockCommonJunkWhenAnyBuiltInTypeIsGiven(String junk) {
    assertThat(defaults.all()).allSatisfy(
        type -> assertThat(type.isBlocked(junk)).as("%s blocks '%s'", type.name(), junk).isTrue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"13800000000", "138 0000 0000", "138-0000-0000", "+8613800000000",
      "+86 000 0000 0000", "+8600000000000", "008600000000000", "8600000000000",
      "+1 000-000-0000", "10000000000"})
  void shouldBlockJunkPhonesWhenAsGivenOrNormalised(String junk) {
    assertThat(type("phone").isBlocked(junk)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"13800138000", "+8613800138000", "138 0013 8000", "+12125550100",
      "010-12345678", "+85220000000"})
  void shouldNotBlockRealPhonesWhenTheyHaveOtherDigitsThanZeros(String phone) {
    assertThat(type("phone").isBlocked(phone)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"null@null.com", "NULL@NULL.COM", "test@test.com", "noemail@noemail.com"})
  void shouldBlockJunkEmailsWhenCaseDiffers(String junk) {
    assertThat(type("email").isBlocked(junk)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
      "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-000000000000"})
  void shouldBlockWithheldAdvertisingIdsWhenTheTypeIsDeviceId(String junk) {
    assertThat(type("device_id").isBlocked(junk)).isTrue();
  }

  @Test
  void shouldNotBlockRealValuesWhenTheyAreNotJunk() {
    assertThat(type("email").isBlocked("li@example.com")).isFalse();
    assertThat(type("device_id").isBlocked("6F1C2A3B-0D4E-4F5A-8B6C-7D8E9F0A1B2C")).isFalse();
    assertThat(type("member_no").isBlocked("M0001")).isFalse();
    assertThat(type("wechat_openid").isBlocked("oAbC123")).isFalse();
  }

  @Test
  void shouldReplaceTheTypeOfTheSameNameWhenAddingWithWith() {
    IdentifierTypes types = defaults.with(
        IdentifierTypes.memberNo().toBuilder().namespaced(true).build());

    assertThat(types.find("member_no").orElseThrow().namespaced()).isTrue();
    assertThat(types.all()).hasSize(6);
    assertThat(defaults.find("member_no").orElseThrow().namespaced()).isFalse();
  }

  @Test
  void shouldAppendTheTypeWhenAddingANewName() {
    IdentifierTypes types = defaults.with(IdentifierType.builder("loyalty_card").build());

    assertThat(types.all()).hasSize(7).last().extracting(IdentifierType::name)
        .isEqualTo("loyalty_card");
  }

  @Test
  void shouldRejectTheListWhenTwoTypesShareAName() {
    List<IdentifierType> twice = List.of(IdentifierTypes.email(), IdentifierTypes.email());

    assertThatThrownBy(() -> IdentifierTypes.of(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("identifier type defined twice: email");
  }

  @Test
  void shouldFindNothingWhenTheNameIsUnknown() {
    assertThat(IdentifierTypes.of(List.of()).find("phone")).isEmpty();
    assertThat(defaults.find("PHONE")).isEmpty();
  }

  @Test
  void shouldRefuseChangesWhenTheListOfAllTypesIsModified() {
    assertThatThrownBy(() -> defaults.all().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
