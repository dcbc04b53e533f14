package io.github.cdpkit.identity;

import io.github.cdpkit.identity.spi.StandardNormalizers;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identifier types a resolver knows, by name, and the built-in ones.
 *
 * <p>The built-in types, with their default guards:
 *
 * <table>
 *   <caption>Built-in identifier types</caption>
 *   <tr><th>name</th><th>strength</th><th>max per person</th><th>priority</th><th>normalised</th></tr>
 *   <tr><td>{@code member_no}</td><td>strong</td><td>1</td><td>100</td><td>trimmed, upper case</td></tr>
 *   <tr><td>{@code wechat_unionid}</td><td>strong</td><td>1</td><td>90</td><td>as given</td></tr>
 *   <tr><td>{@code phone}</td><td>strong</td><td>3</td><td>80</td><td>E.164</td></tr>
 *   <tr><td>{@code email}</td><td>strong</td><td>5</td><td>70</td><td>lower case</td></tr>
 *   <tr><td>{@code wechat_openid}</td><td>strong, namespaced by app id</td><td>20</td><td>60</td>
 *       <td>as given</td></tr>
 *   <tr><td>{@code device_id}</td><td>weak</td><td>20</td><td>20</td><td>upper case</td></tr>
 * </table>
 *
 * <p>Every built-in type blocks, ignoring case, {@code null}, {@code nil}, {@code none}, {@code
 * undefined}, {@code anonymous}, {@code unknown} and {@code n/a}, and values made only of zeros and
 * separators ({@code 00000000000}, {@code 000-0000-0000},
 * {@code 00000000-0000-0000-0000-000000000000}). Each adds its own junk:
 *
 * <ul>
 *   <li>{@code phone}: {@code 13800000000} (the test number of Chinese sign-up forms) and a country
 *       code followed only by zeros ({@code +86 000 0000 0000}, {@code +1 000-000-0000}), as given
 *       and in E.164;
 *   <li>{@code email}: {@code null@null.com}, {@code test@test.com}, {@code noemail@noemail.com};
 *   <li>{@code device_id}: ids made only of {@code 0}, {@code F} and dashes (an IDFA or OAID
 *       withheld by the user).
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * IdentifierTypes types = IdentifierTypes.defaults("CN")
 *     .with(IdentifierTypes.memberNo().toBuilder().namespaced(true).build());
 * }</pre>
 */
public final class IdentifierTypes {

  /** The name of the built-in phone type. */
  public static final String PHONE = "phone";
  /** The name of the built-in e-mail type. */
  public static final String EMAIL = "email";
  /** The name of the built-in device id type. */
  public static final String DEVICE_ID = "device_id";
  /** The name of the built-in WeChat OpenID type. */
  public static final String WECHAT_OPENID = "wechat_openid";
  /** The name of the built-in WeChat UnionID type. */
  public static final String WECHAT_UNIONID = "wechat_unionid";
  /** The name of the built-in member number type. */
  public static final String MEMBER_NO = "member_no";

  private static final String DEFAULT_REGION = "CN";

  private static final List<String> COMMON_JUNK =
      List.of("null", "nil", "none", "undefined", "anonymous", "unknown", "n/a");

  /** Zeros and separators only, such as {@code 000-0000-0000}. */
  static final String ZEROS = "[0\\s.()+-]*";

  /**
   * An optional {@code +} or {@code 00}, a country code (or the first digits of a national number),
   * then at least seven zeros, with separators anywhere: {@code +86 000 0000 0000}, {@code
   * 8600000000000}, {@code 13800000000}.
   */
  static final String PHONE_ZEROS =
      "(?:\\+|00)?[\\s.()-]*\\d{1,3}[\\s.()-]*(?:0[\\s.()-]*){7,}";

  /** Device ids of zeros, {@code f}s and dashes only: unset IDFA / OAID placeholders. */
  static final String DEVICE_ZEROS = "[0f-]*";

  private final Map<String, IdentifierType> byName;

  private IdentifierTypes(Map<String, IdentifierType> byName) {
    this.byName = byName;
  }

  /**
   * Returns the built-in types, with phones read in mainland China ({@code CN}) when they carry no
   * country code.
   *
   * @return the built-in types
   */
  public static IdentifierTypes defaults() {
    return defaults(DEFAULT_REGION);
  }

  /**
   * Returns the built-in types, with phones read in {@code phoneRegion} when they carry no country
   * code.
   *
   * @param phoneRegion an ISO 3166 region code that {@link StandardNormalizers#phone(String)} knows
   * @return the built-in types
   * @throws IllegalArgumentException if the region is unknown
   */
  public static IdentifierTypes defaults(String phoneRegion) {
    return of(List.of(memberNo(), wechatUnionId(), phone(phoneRegion), email(), wechatOpenId(),
        deviceId()));
  }

  /**
   * Returns exactly the given types.
   *
   * @param types the types; names must be distinct
   * @return the registry
   * @throws IllegalArgumentException if two types share a name
   */
  public static IdentifierTypes of(Collection<IdentifierType> types) {
    Map<String, IdentifierType> byName = new LinkedHashMap<>();
    for (IdentifierType type : types) {
      if (byName.putIfAbsent(type.name(), type) != null) {
        throw new IllegalArgumentException("identifier type defined twice: " + type.name());
      }
    }
    return new IdentifierTypes(byName);
  }

  /**
   * Returns these types with {@code type} added, or replacing the type of the same name.
   *
   * @param type the type
   * @return a new registry
   */
  public IdentifierTypes with(IdentifierType type) {
    Map<String, IdentifierType> copy = new LinkedHashMap<>(byName);
    copy.put(type.name(), type);
    return new IdentifierTypes(copy);
  }

  /**
   * Returns the type named {@code name}, if known.
   *
   * @param name the type's name
   * @return the type, or empty
   */
  public Optional<IdentifierType> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * Checks an identifier against its type and returns it with its value normalised, or empty when
   * the value is blocked junk; see {@link IdentifierType#normalize(Identifier)}.
   *
   * @param identifier the identifier as given
   * @return the identifier with its normalised value, or empty for blocked junk
   * @throws InvalidIdentifierException if the type is unknown, the namespace is missing or not
   *     allowed, or the value is empty or malformed
   */
  public Optional<Identifier> normalize(Identifier identifier) {
    IdentifierType type = byName.get(identifier.type());
    if (type == null) {
      throw InvalidIdentifierException.invalidIdentifier(identifier, "unknown-type",
          "known types are " + byName.keySet().stream().sorted().toList());
    }
    return type.normalize(identifier)
        .map(value -> new Identifier(type.name(), identifier.namespace(), value));
  }

  /**
   * Returns all types, in the order they were given.
   *
   * @return the types
   */
  public List<IdentifierType> all() {
    return List.copyOf(byName.values());
  }

  /**
   * Returns the built-in phone type for {@code region}: strong, at most 3 per person, priority 80,
   * normalised to E.164.
   *
   * @param region the region of numbers without a country code, such as {@code CN}
   * @return the type
   * @throws IllegalArgumentException if the region is unknown
   */
  public static IdentifierType phone(String region) {
    return withCommonJunk(PHONE)
        .normalizer(StandardNormalizers.phone(region))
        .maxPerPerson(3)
        .priority(80)
        .blockedValue("13800000000")
        .blockedValue("+8613800000000")
        .blockedPattern(PHONE_ZEROS)
        .build();
  }

  /**
   * Returns the built-in e-mail type: strong, at most 5 per person, priority 70, trimmed and lower
   * case.
   *
   * @return the type
   */
  public static IdentifierType email() {
    return withCommonJunk(EMAIL)
        .normalizer(StandardNormalizers.email())
        .maxPerPerson(5)
        .priority(70)
        .blockedValue("null@null.com")
        .blockedValue("test@test.com")
        .blockedValue("noemail@noemail.com")
        .build();
  }

  /**
   * Returns the built-in device id type: weak, at most 20 per person, priority 20, upper case.
   *
   * @return the type
   */
  public static IdentifierType deviceId() {
    return withCommonJunk(DEVICE_ID)
        .normalizer(StandardNormalizers.deviceId())
        .strength(Strength.WEAK)
        .maxPerPerson(20)
        .priority(20)
        .blockedPattern(DEVICE_ZEROS)
        .build();
  }

  /**
   * Returns the built-in WeChat OpenID type: strong, namespaced by app id, at most 20 per person,
   * priority 60.
   *
   * @return the type
   */
  public static IdentifierType wechatOpenId() {
    return withCommonJunk(WECHAT_OPENID)
        .namespaced(true)
        .maxPerPerson(20)
        .priority(60)
        .build();
  }

  /**
   * Returns the built-in WeChat UnionID type: strong, unique (at most 1 per person), priority 90.
   *
   * @return the type
   */
  public static IdentifierType wechatUnionId() {
    return withCommonJunk(WECHAT_UNIONID).maxPerPerson(1).priority(90).build();
  }

  /**
   * Returns the built-in member number type: strong, unique (at most 1 per person), priority 100,
   * upper case.
   *
   * @return the type
   */
  public static IdentifierType memberNo() {
    return withCommonJunk(MEMBER_NO)
        .normalizer(StandardNormalizers.upperCase())
        .maxPerPerson(1)
        .priority(100)
        .build();
  }

  private static IdentifierType.Builder withCommonJunk(String name) {
    IdentifierType.Builder builder = IdentifierType.builder(name);
    for (String junk : COMMON_JUNK) {
      builder.blockedValue(junk);
    }
    return builder.blockedPattern(ZEROS);
  }

  @Override
  public String toString() {
    return "IdentifierTypes" + byName.keySet();
  }
}
