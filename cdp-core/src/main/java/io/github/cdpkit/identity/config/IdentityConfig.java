package io.github.cdpkit.identity.config;

import static io.github.cdpkit.core.internal.JacksonText.describe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cdpkit.core.internal.JacksonText;
import io.github.cdpkit.identity.IdentifierType;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.IdentityResolverBuilder;
import io.github.cdpkit.identity.Strength;
import io.github.cdpkit.identity.spi.IdentifierNormalizer;
import io.github.cdpkit.identity.spi.StandardNormalizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The identity configuration an operator writes as JSON: the identifier types a resolver knows,
 * with their rules, and the generic-value threshold.
 *
 * <pre>{@code
 * {
 *   "genericThreshold": 50,
 *   "types": [
 *     { "name": "member_no", "builtin": true },
 *     { "name": "phone", "builtin": true, "region": "US", "maxPerPerson": 2 },
 *     { "name": "email", "builtin": true, "blockedValues": ["test@example.com"] },
 *     { "name": "loyalty_card", "normalizer": "upper_case", "strength": "STRONG",
 *       "maxPerPerson": 1, "priority": 95, "blockedPatterns": ["TEST-.*"] }
 *   ]
 * }
 * }</pre>
 *
 * <p>The document is an object with two optional fields:
 *
 * <ul>
 *   <li>{@code genericThreshold}: how many records may hold one value before it stops linking, a
 *       whole number of at least 2; by default
 *       {@value IdentityResolverBuilder#DEFAULT_GENERIC_THRESHOLD}.
 *   <li>{@code types}: the complete list of identifier types, in order; by default the six
 *       built-in types of {@link IdentifierTypes#defaults()}. A built-in type that is not listed is
 *       not known.
 * </ul>
 *
 * <p>Each type is an object with these fields, all optional but {@code name}:
 *
 * <ul>
 *   <li>{@code name}: lower case letters, digits and {@code _}, starting with a letter.
 *   <li>{@code builtin}: {@code true} to start from the built-in type of that name
 *       ({@code phone}, {@code email}, {@code device_id}, {@code wechat_openid},
 *       {@code wechat_unionid}, {@code member_no}) and change only the fields given; by default
 *       {@code false}, and a new type starts with the defaults named below.
 *   <li>{@code normalizer}: {@code phone} (E.164), {@code email} (lower case, checked),
 *       {@code device_id} (upper case, checked), {@code upper_case}, or {@code none} (trimmed
 *       only, the default).
 *   <li>{@code region}: for the {@code phone} normaliser only, the region of numbers without a
 *       country code, such as {@code CN} (the default) or {@code US}.
 *   <li>{@code namespaced}: {@code true} if values are unique only within a namespace; by default
 *       {@code false}.
 *   <li>{@code strength}: {@code STRONG} (the default) or {@code WEAK}.
 *   <li>{@code maxPerPerson}: a whole number of at least 1, or {@code "unlimited"} (the default).
 *   <li>{@code priority}: a whole number, higher wins; by default 0.
 *   <li>{@code blockedValues}: values that never link, compared case-insensitively; they replace
 *       those of a built-in type. By default none.
 *   <li>{@code blockedPatterns}: regular expressions of values that never link; they replace those
 *       of a built-in type. By default none.
 * </ul>
 *
 * <p>Anything else is refused with an {@link IdentityConfigException} naming the JSON path and the
 * value: an unknown field, a value of the wrong JSON type, an unknown normaliser, region or
 * strength, a number out of range, an invalid pattern, a type named twice. {@link #toJson()} writes
 * every field of every type, which {@link #parse(String)} reads back to an equal configuration.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class IdentityConfig {

  private static final String GENERIC_THRESHOLD = "genericThreshold";
  private static final String TYPES = "types";
  private static final String NAME = "name";
  private static final String BUILTIN = "builtin";
  private static final String NORMALIZER = "normalizer";
  private static final String REGION = "region";
  private static final String NAMESPACED = "namespaced";
  private static final String STRENGTH = "strength";
  private static final String MAX_PER_PERSON = "maxPerPerson";
  private static final String PRIORITY = "priority";
  private static final String BLOCKED_VALUES = "blockedValues";
  private static final String BLOCKED_PATTERNS = "blockedPatterns";

  private static final List<String> DOCUMENT_FIELDS = List.of(GENERIC_THRESHOLD, TYPES);
  private static final List<String> TYPE_FIELDS = List.of(NAME, BUILTIN, NORMALIZER, REGION,
      NAMESPACED, STRENGTH, MAX_PER_PERSON, PRIORITY, BLOCKED_VALUES, BLOCKED_PATTERNS);

  private static final String PHONE = "phone";
  private static final String NONE = "none";
  private static final String DEFAULT_REGION = "CN";
  private static final String UNLIMITED = "unlimited";

  /** The normalisers by name. */
  private static final Map<String, Function<@Nullable String, IdentifierNormalizer>> NORMALIZERS =
      normalizers();

  /** The built-in types, in the order of {@link IdentifierTypes#defaults()}, and their normaliser. */
  private static final Map<String, String> BUILTIN_NORMALIZERS = builtinNormalizers();

  private static final JsonMapper MAPPER = JacksonText.mapperBuilder().build();

  private final List<TypeSpec> specs;
  private final int genericThreshold;
  private final IdentifierTypes types;

  private IdentityConfig(List<TypeSpec> specs, int genericThreshold) {
    this.specs = List.copyOf(specs);
    this.genericThreshold = genericThreshold;
    List<IdentifierType> built = new ArrayList<>(specs.size());
    for (TypeSpec spec : specs) {
      built.add(spec.toType());
    }
    this.types = IdentifierTypes.of(built);
  }

  /**
   * Returns the configuration that applies when none is given: the built-in types, with phones
   * read in {@code CN}, and the default generic threshold.
   *
   * @return the default configuration
   */
  public static IdentityConfig defaults() {
    return new IdentityConfig(builtinSpecs(), IdentityResolverBuilder.DEFAULT_GENERIC_THRESHOLD);
  }

  /**
   * Reads a configuration from a UTF-8 JSON file, with or without a byte order mark at its start
   * (Windows editors write one).
   *
   * @param file the file
   * @return the configuration
   * @throws IOException if the file cannot be read, or is not UTF-8
   * @throws IdentityConfigException if the file is not a valid configuration; the message names the
   *     JSON path and the bad value
   */
  public static IdentityConfig read(Path file) throws IOException {
    return parse(JacksonText.withoutByteOrderMark(Files.readString(file)));
  }

  /**
   * Reads a configuration from JSON text.
   *
   * @param json the document
   * @return the configuration
   * @throws IdentityConfigException if the text is not a valid configuration; the message names the
   *     JSON path and the bad value
   */
  public static IdentityConfig parse(String json) {
    JsonNode root = readDocument(json);
    requireObject(root, "");
    checkFields(root, "", DOCUMENT_FIELDS);

    int threshold = IdentityResolverBuilder.DEFAULT_GENERIC_THRESHOLD;
    JsonNode thresholdNode = root.get(GENERIC_THRESHOLD);
    if (thresholdNode != null) {
      threshold = wholeNumber(thresholdNode, GENERIC_THRESHOLD);
      if (threshold < 2) {
        throw IdentityConfigException.invalidValue(
            GENERIC_THRESHOLD, "must be at least 2", describe(thresholdNode));
      }
    }

    JsonNode typesNode = root.get(TYPES);
    if (typesNode == null) {
      return new IdentityConfig(builtinSpecs(), threshold);
    }
    if (!typesNode.isArray()) {
      throw IdentityConfigException.invalidValue(TYPES, "must be an array", describe(typesNode));
    }
    List<TypeSpec> specs = new ArrayList<>(typesNode.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < typesNode.size(); i++) {
      String path = TYPES + "[" + i + "]";
      TypeSpec spec = readType(typesNode.get(i), path);
      if (!names.add(spec.name())) {
        throw IdentityConfigException.invalidValue(
            path + "." + NAME, "names a type defined before", quote(spec.name()));
      }
      specs.add(spec);
    }
    return new IdentityConfig(specs, threshold);
  }

  /**
   * Writes this configuration as indented JSON, with every field of every type spelled out.
   *
   * @return the document, ending in a line break
   */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put(GENERIC_THRESHOLD, genericThreshold);
    ArrayNode typesNode = root.putArray(TYPES);
    for (TypeSpec spec : specs) {
      ObjectNode node = typesNode.addObject();
      node.put(NAME, spec.name());
      if (spec.builtin()) {
        node.put(BUILTIN, true);
      }
      node.put(NORMALIZER, spec.normalizer());
      String region = spec.region();
      if (region != null) {
        node.put(REGION, region);
      }
      node.put(NAMESPACED, spec.namespaced());
      node.put(STRENGTH, spec.strength().name());
      if (spec.maxPerPerson() == IdentifierType.UNLIMITED) {
        node.put(MAX_PER_PERSON, UNLIMITED);
      } else {
        node.put(MAX_PER_PERSON, spec.maxPerPerson());
      }
      node.put(PRIORITY, spec.priority());
      ArrayNode values = node.putArray(BLOCKED_VALUES);
      spec.blockedValues().forEach(values::add);
      ArrayNode patterns = node.putArray(BLOCKED_PATTERNS);
      spec.blockedPatterns().forEach(patterns::add);
    }
    return root.toPrettyString() + "\n";
  }

  /**
   * Returns the identifier types this configuration defines.
   *
   * @return the types, in the order of the document
   */
  public IdentifierTypes types() {
    return types;
  }

  /**
   * Returns how many records may hold one value before it stops linking.
   *
   * @return the threshold, at least 2
   */
  public int genericThreshold() {
    return genericThreshold;
  }

  /**
   * Sets this configuration's types and generic threshold on a resolver builder.
   *
   * <pre>{@code
   * IdentityResolver resolver = IdentityConfig.read(Path.of("identity.json"))
   *     .applyTo(IdentityResolver.builder())
   *     .build();
   * }</pre>
   *
   * @param builder the builder
   * @return the same builder, for chaining
   */
  public IdentityResolverBuilder applyTo(IdentityResolverBuilder builder) {
    return builder.types(types).genericThreshold(genericThreshold);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof IdentityConfig that
        && genericThreshold == that.genericThreshold
        && specs.equals(that.specs);
  }

  @Override
  public int hashCode() {
    return 31 * specs.hashCode() + genericThreshold;
  }

  @Override
  public String toString() {
    return "IdentityConfig[types=" + types + ", genericThreshold=" + genericThreshold + "]";
  }

  /** Parses the text as one JSON document, or as the missing node if it holds none. */
  private static JsonNode readDocument(String json) {
    try {
      return JacksonText.readDocument(MAPPER, json);
    } catch (JsonProcessingException e) {
      throw IdentityConfigException.malformed(JacksonText.problem(e), e);
    }
  }

  private static TypeSpec readType(JsonNode node, String path) {
    requireObject(node, path);
    checkFields(node, path, TYPE_FIELDS);

    JsonNode nameNode = node.get(NAME);
    if (nameNode == null) {
      throw IdentityConfigException.missingValue(path + "." + NAME);
    }
    String name = text(nameNode, path + "." + NAME);
    try {
      IdentifierType.builder(name);
    } catch (IllegalArgumentException e) {
      throw IdentityConfigException.invalidValue(path + "." + NAME,
          "must be lower case letters, digits and '_', starting with a letter, at most 64",
          describe(nameNode));
    }

    TypeSpec base;
    if (flag(node, BUILTIN, path, false)) {
      if (!BUILTIN_NORMALIZERS.containsKey(name)) {
        throw IdentityConfigException.invalidValue(path + "." + NAME,
            "is not a built-in type (built-in: " + String.join(", ", BUILTIN_NORMALIZERS.keySet())
                + ")", describe(nameNode));
      }
      base = builtinSpec(name);
    } else {
      base = new TypeSpec(name, false, NONE, null, false, Strength.STRONG, IdentifierType.UNLIMITED,
          0, List.of(), List.of());
    }

    String normalizer = base.normalizer();
    JsonNode normalizerNode = node.get(NORMALIZER);
    if (normalizerNode != null) {
      normalizer = text(normalizerNode, path + "." + NORMALIZER);
      if (!NORMALIZERS.containsKey(normalizer)) {
        throw IdentityConfigException.invalidValue(path + "." + NORMALIZER,
            "is not a known normalizer (known: " + String.join(", ", NORMALIZERS.keySet()) + ")",
            describe(normalizerNode));
      }
    }

    String region = null;
    JsonNode regionNode = node.get(REGION);
    if (regionNode != null) {
      region = text(regionNode, path + "." + REGION);
      if (!normalizer.equals(PHONE)) {
        throw IdentityConfigException.invalidValue(path + "." + REGION,
            "is only for the phone normalizer, not " + normalizer, describe(regionNode));
      }
      try {
        StandardNormalizers.phone(region);
      } catch (IllegalArgumentException e) {
        throw IdentityConfigException.invalidValue(
            path + "." + REGION, "is not a known phone region", describe(regionNode));
      }
    } else if (normalizer.equals(PHONE)) {
      String baseRegion = base.region();
      region = baseRegion != null ? baseRegion : DEFAULT_REGION;
    }

    boolean namespaced = flag(node, NAMESPACED, path, base.namespaced());

    Strength strength = base.strength();
    JsonNode strengthNode = node.get(STRENGTH);
    if (strengthNode != null) {
      String text = text(strengthNode, path + "." + STRENGTH);
      try {
        strength = Strength.valueOf(text);
      } catch (IllegalArgumentException e) {
        throw IdentityConfigException.invalidValue(
            path + "." + STRENGTH, "must be STRONG or WEAK", describe(strengthNode));
      }
    }

    int maxPerPerson = base.maxPerPerson();
    JsonNode maxNode = node.get(MAX_PER_PERSON);
    if (maxNode != null) {
      if (maxNode.isTextual() && maxNode.textValue().equals(UNLIMITED)) {
        maxPerPerson = IdentifierType.UNLIMITED;
      } else if (maxNode.isIntegralNumber() && maxNode.canConvertToInt() && maxNode.intValue() >= 1) {
        maxPerPerson = maxNode.intValue();
      } else {
        throw IdentityConfigException.invalidValue(path + "." + MAX_PER_PERSON,
            "must be a whole number of at least 1 or \"unlimited\"", describe(maxNode));
      }
    }

    int priority = base.priority();
    JsonNode priorityNode = node.get(PRIORITY);
    if (priorityNode != null) {
      priority = wholeNumber(priorityNode, path + "." + PRIORITY);
    }

    List<String> blockedValues = base.blockedValues();
    JsonNode valuesNode = node.get(BLOCKED_VALUES);
    if (valuesNode != null) {
      Set<String> values = new TreeSet<>();
      List<String> given = strings(valuesNode, path + "." + BLOCKED_VALUES);
      for (int j = 0; j < given.size(); j++) {
        String value = given.get(j).trim();
        if (value.isEmpty()) { // trim takes every control character off, isBlank only spaces
          throw IdentityConfigException.invalidValue(path + "." + BLOCKED_VALUES + "[" + j + "]",
              "must not be blank or control characters only", describe(valuesNode.get(j)));
        }
        // As written: the type folds case char by char (String.toLowerCase would turn a Turkish
        // dotted capital I into two chars, which a value with that I would never match).
        values.add(value);
      }
      blockedValues = List.copyOf(values);
    }

    List<String> blockedPatterns = base.blockedPatterns();
    JsonNode patternsNode = node.get(BLOCKED_PATTERNS);
    if (patternsNode != null) {
      String patternsPath = path + "." + BLOCKED_PATTERNS;
      blockedPatterns = strings(patternsNode, patternsPath);
      for (int j = 0; j < blockedPatterns.size(); j++) {
        try {
          Pattern.compile(blockedPatterns.get(j));
        } catch (PatternSyntaxException e) {
          throw IdentityConfigException.invalidValue(patternsPath + "[" + j + "]",
              "is not a valid regular expression (" + e.getDescription() + ")",
              describe(patternsNode.get(j)));
        }
      }
    }

    return new TypeSpec(name, base.builtin(), normalizer, region, namespaced, strength,
        maxPerPerson, priority, blockedValues, blockedPatterns);
  }

  private static void requireObject(JsonNode node, String path) {
    if (!node.isObject()) {
      throw IdentityConfigException.invalidValue(path, "must be a JSON object", describe(node));
    }
  }

  private static void checkFields(JsonNode node, String path, List<String> known) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!known.contains(field.getKey())) {
        String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        throw IdentityConfigException.invalidValue(fieldPath,
            "is not a known field (known: " + String.join(", ", known) + ")",
            describe(field.getValue()));
      }
    }
  }

  private static String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw IdentityConfigException.invalidValue(path, "must be a string", describe(node));
    }
    return node.textValue();
  }

  private static boolean flag(JsonNode parent, String field, String path, boolean otherwise) {
    JsonNode node = parent.get(field);
    if (node == null) {
      return otherwise;
    }
    if (!node.isBoolean()) {
      throw IdentityConfigException.invalidValue(
          path + "." + field, "must be true or false", describe(node));
    }
    return node.booleanValue();
  }

  private static int wholeNumber(JsonNode node, String path) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw IdentityConfigException.invalidValue(path, "must be a whole number", describe(node));
    }
    return node.intValue();
  }

  private static List<String> strings(JsonNode node, String path) {
    if (!node.isArray()) {
      throw IdentityConfigException.invalidValue(
          path, "must be an array of strings", describe(node));
    }
    List<String> strings = new ArrayList<>(node.size());
    for (int j = 0; j < node.size(); j++) {
      String text = text(node.get(j), path + "[" + j + "]");
      if (text.isBlank()) {
        throw IdentityConfigException.invalidValue(
            path + "[" + j + "]", "must not be blank", describe(node.get(j)));
      }
      strings.add(text);
    }
    return List.copyOf(strings);
  }

  private static String quote(String text) {
    return MAPPER.getNodeFactory().textNode(text).toString();
  }

  private static List<TypeSpec> builtinSpecs() {
    List<TypeSpec> specs = new ArrayList<>();
    for (String name : BUILTIN_NORMALIZERS.keySet()) {
      specs.add(builtinSpec(name));
    }
    return specs;
  }

  private static TypeSpec builtinSpec(String name) {
    IdentifierType type = IdentifierTypes.defaults(DEFAULT_REGION).find(name).orElseThrow();
    String normalizer = Objects.requireNonNull(BUILTIN_NORMALIZERS.get(name), name);
    List<String> patterns = new ArrayList<>();
    for (Pattern pattern : type.blockedPatterns()) {
      patterns.add(pattern.pattern());
    }
    return new TypeSpec(name, true, normalizer, PHONE.equals(normalizer) ? DEFAULT_REGION : null,
        type.namespaced(), type.strength(), type.maxPerPerson(), type.priority(),
        List.copyOf(new TreeSet<>(type.blockedValues())), List.copyOf(patterns));
  }

  private static Map<String, Function<@Nullable String, IdentifierNormalizer>> normalizers() {
    Map<String, Function<@Nullable String, IdentifierNormalizer>> byName = new LinkedHashMap<>();
    byName.put(PHONE, region -> StandardNormalizers.phone(region == null ? DEFAULT_REGION : region));
    byName.put("email", region -> StandardNormalizers.email());
    byName.put("device_id", region -> StandardNormalizers.deviceId());
    byName.put("upper_case", region -> StandardNormalizers.upperCase());
    byName.put(NONE, region -> value -> value);
    return byName;
  }

  private static Map<String, String> builtinNormalizers() {
    Map<String, String> byName = new LinkedHashMap<>();
    byName.put(IdentifierTypes.MEMBER_NO, "upper_case");
    byName.put(IdentifierTypes.WECHAT_UNIONID, NONE);
    byName.put(IdentifierTypes.PHONE, PHONE);
    byName.put(IdentifierTypes.EMAIL, "email");
    byName.put(IdentifierTypes.WECHAT_OPENID, NONE);
    byName.put(IdentifierTypes.DEVICE_ID, "device_id");
    return byName;
  }

  /**
   * One type as the document defines it, every field resolved.
   *
   * @param name the type's name
   * @param builtin whether it started from the built-in type of that name
   * @param normalizer the normaliser's name
   * @param region the phone region, for the phone normaliser only
   * @param namespaced whether values are unique only within a namespace
   * @param strength the strength
   * @param maxPerPerson the limit, or {@link IdentifierType#UNLIMITED}
   * @param priority the priority
   * @param blockedValues the blocked values, trimmed, as written (the type compares them
   *     ignoring case), sorted
   * @param blockedPatterns the blocked patterns, in the document's order
   */
  private record TypeSpec(
      String name,
      boolean builtin,
      String normalizer,
      @Nullable String region,
      boolean namespaced,
      Strength strength,
      int maxPerPerson,
      int priority,
      List<String> blockedValues,
      List<String> blockedPatterns) {

    IdentifierType toType() {
      IdentifierType.Builder builder = IdentifierType.builder(name)
          .normalizer(Objects.requireNonNull(NORMALIZERS.get(normalizer), normalizer).apply(region))
          .namespaced(namespaced)
          .strength(strength)
          .maxPerPerson(maxPerPerson)
          .priority(priority);
      blockedValues.forEach(builder::blockedValue);
      blockedPatterns.forEach(builder::blockedPattern);
      return builder.build();
    }
  }
}
