package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifierTest {

  @Test
  void shouldWriteTypeEqualsValueWhenNotNamespaced() {
    assertThat(Identifier.of("phone", "138 0013 8000")).hasToString("phone=138 0013 8000");
  }

  @Test
  void shouldWriteTheNamespaceBeforeTheValueWhenNamespaced() {
    assertThat(Identifier.of("wechat_openid", "wxapp1", "oAbC123"))
        .hasToString("wechat_openid=wxapp1:oAbC123");
  }

  @Test
  void shouldKeepTheValueAsGivenWhenCreated() {
    Identifier identifier = Identifier.of("email", " Li@Example.com ");

    assertThat(identifier.value()).isEqualTo(" Li@Example.com ");
    assertThat(identifier.namespace()).isNull();
  }

  @Test
  void shouldRejectTheTypeWhenBlank() {
    assertThatThrownBy(() -> Identifier.of(" ", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("identifier type must not be blank: ' '");
  }

  @Test
  void shouldRejectTheNamespaceWhenBlank() {
    assertThatThrownBy(() -> Identifier.of("wechat_openid", "", "oAbC123"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("namespace of wechat_openid must not be blank: ''");
  }

  @Test
  void shouldRejectTheNamespaceWhenItHoldsTheKeySeparator() {
    assertThatThrownBy(() -> Identifier.of("wechat_openid", "wx\0app", "oAbC123"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("namespace of wechat_openid must not hold U+0000: 'wx\\u0000app'");
  }

  @Test
  void shouldBeEqualWhenTypeNamespaceAndValueAreEqual() {
    assertThat(Identifier.of("wechat_openid", "wxapp1", "o1"))
        .isEqualTo(new Identifier("wechat_openid", "wxapp1", "o1"))
        .isNotEqualTo(Identifier.of("wechat_openid", "wxapp2", "o1"));
  }

  @Test
  @SuppressWarnings("NullAway") // the null is the point
  void shouldNameTheValueWhenAnIdentifierIsMadeWithANullValue() {
    // Was accepted; ingest then threw NullPointerException: Cannot invoke "String.trim()"
    // because the return value of "Identifier.value()" is null.
    assertThatThrownBy(() -> Identifier.of("email", null))
        .isInstanceOf(NullPointerException.class).hasMessage("value of email");
  }
}
