package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifierNormalizeTest {

  private final IdentifierTypes types = IdentifierTypes.defaults();

  @Test
  void shouldNormaliseTheValueAndKeepTheNamespace() {
    assertThat(types.normalize(Identifier.of("phone", " 138 0013 8000 ")))
        .contains(Identifier.of("phone", "+8613800138000"));
    assertThat(types.normalize(Identifier.of("wechat_openid", "wxapp1", "oAbC123")))
        .contains(Identifier.of("wechat_openid", "wxapp1", "oAbC123"));
  }

  @Test
  void shouldReturnEmptyForJunkWhetherTheNormaliserAcceptsItOrNot() {
    assertThat(types.normalize(Identifier.of("phone", "13800000000"))).isEmpty();
    assertThat(types.normalize(Identifier.of("phone", "000-0000-0000"))).isEmpty();
    assertThat(types.normalize(Identifier.of("email", "NULL"))).isEmpty();
    assertThat(types.normalize(Identifier.of("device_id", "anonymous"))).isEmpty();
  }

  @Test
  void shouldRefuseWhatIsNeitherValidNorJunkNamingValueAndRule() {
    assertThatThrownBy(() -> types.normalize(Identifier.of("qq", "12345")))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageStartingWith("invalid identifier qq=12345 (unknown-type): known types are [")
        .satisfies(e -> assertThat(((InvalidIdentifierException) e).rule())
            .isEqualTo("unknown-type"));
    assertThatThrownBy(() -> types.normalize(Identifier.of("phone", "call me")))
        .isInstanceOf(InvalidIdentifierException.class)
        .satisfies(e -> assertThat(((InvalidIdentifierException) e).reason())
            .startsWith("phone 'call me' may hold only digits"));
    assertThatThrownBy(() -> types.normalize(Identifier.of("member_no", "wx", "M1")))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining("namespace-not-allowed");
  }

  @Test
  void shouldRefuseAnIdentifierOfAnotherType() {
    assertThatThrownBy(() -> IdentifierTypes.email().normalize(Identifier.of("phone", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("identifier phone=1 is not of type email");
  }
}
