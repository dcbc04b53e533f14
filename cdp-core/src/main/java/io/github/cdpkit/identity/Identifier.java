package io.github.cdpkit.identity;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A typed id of a person as a channel gave it: a phone, an e-mail, a device id, an OpenID.
 *
 * <p>The value is kept as given; the resolver normalises it with the rules of its
 * {@link IdentifierType} before it links or looks up anything. A namespaced type (a WeChat OpenID,
 * unique only within one app id) carries its namespace.
 *
 * @param type the name of the identifier's type, such as {@code phone}
 * @param namespace the namespace of a namespaced type (an app id, a platform), else {@code null}
 * @param value the value as the channel gave it
 */
public record Identifier(String type, @Nullable String namespace, String value) {

  /**
   * Validates the parts.
   *
   * @param type the name of the identifier's type, such as {@code phone}
   * @param namespace the namespace of a namespaced type (an app id, a platform), else {@code null}
   * @param value the value as the channel gave it
   * @throws NullPointerException if {@code type} or {@code value} is null, naming it
   * @throws IllegalArgumentException if {@code type} is blank, or {@code namespace} is blank or
   *     holds U+0000
   */
  public Identifier {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, () -> "value of " + type);
    RecordKey.requireText("identifier type", type);
    if (namespace != null) {
      RecordKey.requireText("namespace of " + type, namespace);
      RecordKey.requireNoSeparator("namespace of " + type, namespace);
    }
  }

  /**
   * Returns an identifier of a type that has no namespace.
   *
   * @param type the type's name, such as {@code phone}
   * @param value the value as given
   * @return the identifier
   */
  public static Identifier of(String type, String value) {
    return new Identifier(type, null, value);
  }

  /**
   * Returns an identifier of a namespaced type.
   *
   * @param type the type's name, such as {@code wechat_openid}
   * @param namespace the namespace, such as the mini-program's app id
   * @param value the value as given
   * @return the identifier
   */
  public static Identifier of(String type, String namespace, String value) {
    return new Identifier(type, namespace, value);
  }

  @Override
  public String toString() {
    return namespace == null ? type + "=" + value : type + "=" + namespace + ":" + value;
  }
}
