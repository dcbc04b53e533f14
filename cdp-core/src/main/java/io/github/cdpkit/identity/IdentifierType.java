package io.github.cdpkit.identity;

import static io.github.cdpkit.identity.InvalidIdentifierException.invalidIdentifier;

import io.github.cdpkit.identity.spi.IdentifierNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A kind of identifier and the rules the resolver applies to its values: how they are normalised,
 * whether they are unique only within a namespace, how strong they are, how many of them one person
 * may hold, which gives way first when a limit would break, and which values are junk.
 *
 * <p>Types are defined by the user; {@link IdentifierTypes} has the built-in ones. Instances are
 * immutable and thread-safe.
 *
 * <p><b>Blocked values.</b> Junk such as {@code null}, {@code 00000000000} or {@code
 * null@null.com} never links. Blocked values and patterns are compared ignoring case. The resolver
 * checks the normalised value; when the normaliser rejects a value, it checks the value as given
 * (trimmed) instead, since junk is often malformed and should be ignored rather than refused. So
 * list blocked values in normalised form, or in a form the normaliser rejects.
 *
 * <p><b>Equality.</b> A type does not override {@code equals} and {@code hashCode}: it holds a
 * normaliser, a function that has no meaningful equality, so two types with the same rules could not
 * be told equal anyway. Types are identified by {@linkplain #name() name}: {@link IdentifierTypes}
 * holds one per name, and {@link Identifier#type()} refers to a type by its name.
 *
 * <pre>{@code
 * IdentifierType loyaltyCard = IdentifierType.builder("loyalty_card")
 *     .normalizer(value -> value.toUpperCase(Locale.ROOT))
 *     .strength(Strength.STRONG)
 *     .maxPerPerson(1)
 *     .priority(95)
 *     .blockedValue("TEST")
 *     .build();
 * }</pre>
 */
public final class IdentifierType {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** The value of {@link #maxPerPerson()} for a type without a limit. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  private final String name;
  private final IdentifierNormalizer normalizer;
  private final boolean namespaced;
  private final Strength strength;
  private final int maxPerPerson;
  private final int priority;
  private final Set<String> blockedValues;
  /**
   * The blocked values by the slot of their length and first char, so that a value is compared in
   * place with the few that could be its fold instead of being folded into a new string (every
   * value of a type is checked, on the lookup and ingest paths). A power of two long; empty slots
   * hold an empty array.
   */
  private final String[][] blockedBySlot;
  private final List<Pattern> blockedPatterns;
  /** The built-in blocked patterns, by their hand-written matchers. */
  private final BuiltInJunk[] builtInJunk;
  /** The other blocked patterns as one regex alternation: a value costs one regex match at most. */
  private final @Nullable Pattern otherPatterns;
  /**
   * The other blocked patterns that cannot join the alternation, matched one by one: those with
   * capturing groups (a back reference's number would name another pattern's group there) and
   * those that would change how the patterns after them read ({@code \Q} without {@code \E}, a
   * comment in {@code (?x)} mode).
   */
  private final Pattern[] separatePatterns;

  private IdentifierType(Builder builder) {
    this.name = builder.name;
    this.normalizer = builder.normalizer;
    this.namespaced = builder.namespaced;
    this.strength = builder.strength;
    this.maxPerPerson = builder.maxPerPerson;
    this.priority = builder.priority;
    this.blockedValues = Set.copyOf(builder.blockedValues);
    this.blockedBySlot = bySlot(blockedValues);
    this.blockedPatterns = List.copyOf(builder.blockedPatterns);
    Set<BuiltInJunk> builtIn = EnumSet.noneOf(BuiltInJunk.class);
    List<Pattern> viaRegex = new ArrayList<>();
    for (Pattern pattern : blockedPatterns) {
      BuiltInJunk handWritten = BuiltInJunk.of(pattern.pattern());
      if (handWritten != null) {
        builtIn.add(handWritten);
      } else {
        viaRegex.add(pattern);
      }
    }
    this.builtInJunk = builtIn.toArray(new BuiltInJunk[0]);
    List<Pattern> separate = new ArrayList<>();
    for (Pattern pattern : viaRegex) {
      if (pattern.matcher("").groupCount() > 0) {
        separate.add(pattern);
      }
    }
    viaRegex.removeAll(separate);
    Pattern combined = null;
    try {
      combined = alternation(viaRegex);
    } catch (PatternSyntaxException e) {
      separate.addAll(viaRegex); // each compiles alone, so one swallowed what follows it
    }
    this.otherPatterns = combined;
    this.separatePatterns = separate.toArray(new Pattern[0]);
  }

  /**
   * Starts a type named {@code name}: a strong, unlimited, priority 0 type whose values are trimmed
   * and otherwise kept as given, with no blocked values.
   *
   * @param name lower case letters, digits and underscores, starting with a letter, at most 64
   * @return a builder
   * @throws IllegalArgumentException if the name is not of that form
   */
  public static Builder builder(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "identifier type name must match " + NAME.pattern() + ": '" + name + "'");
    }
    return new Builder(name);
  }

  /**
   * Returns a builder that starts from this type, to change some of its rules.
   *
   * @return a builder holding this type's rules
   */
  public Builder toBuilder() {
    Builder builder = new Builder(name);
    builder.normalizer = normalizer;
    builder.namespaced = namespaced;
    builder.strength = strength;
    builder.maxPerPerson = maxPerPerson;
    builder.priority = priority;
    builder.blockedValues.addAll(blockedValues);
    builder.blockedPatterns.addAll(blockedPatterns);
    return builder;
  }

  /**
   * Returns the type's name, such as {@code phone}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the normaliser applied to every value before it links.
   *
   * @return the normaliser
   */
  public IdentifierNormalizer normalizer() {
    return normalizer;
  }

  /**
   * Returns whether values are unique only within a namespace (an app id, a platform).
   *
   * @return {@code true} if every identifier of this type must carry a namespace
   */
  public boolean namespaced() {
    return namespaced;
  }

  /**
   * Returns how much a value of this type says about who a person is.
   *
   * @return the strength
   */
  public Strength strength() {
    return strength;
  }

  /**
   * Returns how many distinct values of this type one person may hold; a link that would exceed it is
   * refused. A limit of 1 makes the type unique: two people with different values never merge.
   *
   * @return the limit, or {@link #UNLIMITED}
   */
  public int maxPerPerson() {
    return maxPerPerson;
  }

  /**
   * Returns the type's priority: when a limit would break, links through lower-priority types give
   * way first, and a record joins the person its highest-priority identifiers point to.
   *
   * @return the priority; higher wins
   */
  public int priority() {
    return priority;
  }

  /**
   * Returns the values that never link, compared ignoring case (see {@link #isBlocked(String)} for
   * which form).
   *
   * @return the blocked values, trimmed and in lower case
   */
  public Set<String> blockedValues() {
    return blockedValues;
  }

  /**
   * Returns the patterns of values that never link, matched ignoring ASCII case against the whole
   * value (see {@link #isBlocked(String)} for which form).
   *
   * @return the blocked patterns, compiled with {@link Pattern#CASE_INSENSITIVE}
   */
  public List<Pattern> blockedPatterns() {
    return blockedPatterns;
  }

  /**
   * Checks an identifier of this type and returns its normalised value, or empty when it is blocked
   * junk. The rule the resolver applies: the value is trimmed and normalised, and the normalised
   * value checked against the blocked values and patterns; when the normaliser rejects the value,
   * the value as given is checked instead, so that malformed junk is ignored rather than refused.
   *
   * <pre>{@code
   * IdentifierTypes.phone("CN").normalize(Identifier.of("phone", "138 0013 8000"))
   *     // Optional[+8613800138000]
   * }</pre>
   *
   * @param identifier an identifier whose {@link Identifier#type()} is this type's name
   * @return the normalised value, or empty for blocked junk
   * @throws IllegalArgumentException if the identifier is of another type
   * @throws InvalidIdentifierException if its namespace is missing or not allowed, or its value is
   *     empty or malformed; the message names the value and the rule
   */
  public Optional<String> normalize(Identifier identifier) {
    if (!name.equals(identifier.type())) {
      throw new IllegalArgumentException(
          "identifier " + identifier + " is not of type " + name);
    }
    if (namespaced && identifier.namespace() == null) {
      throw invalidIdentifier(identifier, "namespace-required",
          name + " is unique only within a namespace; write it namespace:value");
    }
    if (!namespaced && identifier.namespace() != null) {
      throw invalidIdentifier(identifier, "namespace-not-allowed", name + " is not namespaced");
    }
    String raw = identifier.value().trim();
    if (raw.isEmpty()) {
      throw invalidIdentifier(identifier, "empty-value", "the value is empty");
    }
    String normalized;
    try {
      normalized = normalizer.normalize(raw);
    } catch (IllegalArgumentException e) {
      if (isBlocked(raw)) {
        return Optional.empty();
      }
      throw invalidIdentifier(identifier, name + "-format",
          Objects.requireNonNullElse(e.getMessage(), "malformed"));
    }
    if (normalized.isEmpty()) {
      throw invalidIdentifier(identifier, name + "-format", "normalises to nothing");
    }
    return isBlocked(normalized) ? Optional.empty() : Optional.of(normalized);
  }

  /**
   * Returns whether {@code value} is junk that must never link: equal, ignoring case, to one of the
   * blocked values, or matching one of the blocked patterns as a whole. The resolver asks about the
   * normalised value, or about the value as given when the normaliser rejects it.
   *
   * @param value a value, as given and trimmed, or normalised
   * @return {@code true} if it is blocked
   */
  public boolean isBlocked(String value) {
    if (isBlockedValue(value)) {
      return true;
    }
    for (BuiltInJunk junk : builtInJunk) {
      if (junk.matches(value)) {
        return true;
      }
    }
    for (Pattern pattern : separatePatterns) {
      if (pattern.matcher(value).matches()) {
        return true;
      }
    }
    return otherPatterns != null && otherPatterns.matcher(value).matches();
  }

  private boolean isBlockedValue(String value) {
    if (value.isEmpty()) {
      return false; // blocked values are never blank
    }
    int slot = slot(value.length(), foldChar(value.charAt(0)), blockedBySlot.length);
    for (String blocked : blockedBySlot[slot]) {
      if (foldsTo(value, blocked)) {
        return true;
      }
    }
    return false;
  }

  private static String[][] bySlot(Set<String> folded) {
    int slots = 1;
    while (slots < 2 * folded.size()) {
      slots <<= 1;
    }
    String[][] bySlot = new String[slots][];
    Arrays.fill(bySlot, new String[0]);
    for (String value : folded) {
      int slot = slot(value.length(), value.charAt(0), slots);
      String[] values = Arrays.copyOf(bySlot[slot], bySlot[slot].length + 1);
      values[values.length - 1] = value;
      bySlot[slot] = values;
    }
    return bySlot;
  }

  /** The slot of a folded value; {@code slots} is a power of two. */
  private static int slot(int length, char foldedFirst, int slots) {
    return (31 * length + foldedFirst) & (slots - 1);
  }

  /** The other patterns as one, or null when there are none. */
  private static @Nullable Pattern alternation(List<Pattern> patterns) {
    if (patterns.size() <= 1) {
      return patterns.isEmpty() ? null : patterns.get(0);
    }
    StringBuilder alternation = new StringBuilder();
    for (Pattern pattern : patterns) {
      alternation.append(alternation.length() == 0 ? "" : "|")
          .append("(?:").append(pattern.pattern()).append(')');
    }
    return Pattern.compile(alternation.toString(), Pattern.CASE_INSENSITIVE);
  }

  /**
   * Lower-cases {@code value} character by character the way {@link String#equalsIgnoreCase} compares,
   * so that the length never changes; returns {@code value} itself when nothing changes.
   */
  private static String fold(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (foldChar(c) != c) {
        char[] chars = value.toCharArray();
        for (int j = i; j < chars.length; j++) {
          chars[j] = foldChar(chars[j]);
        }
        return new String(chars);
      }
    }
    return value;
  }

  /** Whether {@link #fold(String)} turns {@code value} into {@code folded}, without folding it. */
  private static boolean foldsTo(String value, String folded) {
    if (value.length() != folded.length()) {
      return false;
    }
    // From the end: a value mostly shares its first char with the blocked values of its slot, and a
    // phone number its country code too.
    for (int i = value.length() - 1; i >= 0; i--) {
      if (foldChar(value.charAt(i)) != folded.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static char foldChar(char c) {
    if (c < '\u0080') {
      // What the case tables give for ASCII, without looking them up.
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  @Override
  public String toString() {
    return "IdentifierType[" + name + ", " + strength + ", max " + (maxPerPerson == UNLIMITED
        ? "unlimited" : Integer.toString(maxPerPerson)) + ", priority " + priority
        + (namespaced ? ", namespaced" : "") + "]";
  }

  /** Builds an {@link IdentifierType}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private IdentifierNormalizer normalizer = value -> value;
    private boolean namespaced;
    private Strength strength = Strength.STRONG;
    private int maxPerPerson = UNLIMITED;
    private int priority;
    private final Set<String> blockedValues = new LinkedHashSet<>();
    private final List<Pattern> blockedPatterns = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the normaliser; values reach it trimmed and not empty.
     *
     * @param normalizer the normaliser
     * @return this builder
     */
    public Builder normalizer(IdentifierNormalizer normalizer) {
      this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
      return this;
    }

    /**
     * Sets whether values are unique only within a namespace.
     *
     * @param namespaced {@code true} for a namespaced type
     * @return this builder
     */
    public Builder namespaced(boolean namespaced) {
      this.namespaced = namespaced;
      return this;
    }

    /**
     * Sets the strength.
     *
     * @param strength the strength
     * @return this builder
     */
    public Builder strength(Strength strength) {
      this.strength = Objects.requireNonNull(strength, "strength");
      return this;
    }

    /**
     * Sets how many distinct values of this type one person may hold.
     *
     * @param maxPerPerson at least 1, or {@link #UNLIMITED}
     * @return this builder
     * @throws IllegalArgumentException if {@code maxPerPerson} is less than 1
     */
    public Builder maxPerPerson(int maxPerPerson) {
      if (maxPerPerson < 1) {
        throw new IllegalArgumentException(
            "maxPerPerson of " + name + " must be at least 1: " + maxPerPerson);
      }
      this.maxPerPerson = maxPerPerson;
      return this;
    }

    /**
     * Sets the priority; higher wins.
     *
     * @param priority the priority
     * @return this builder
     */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /**
     * Adds a value that never links, compared ignoring case with the value as given and with its
     * normalised form; add both forms where they differ (e.g. {@code 13800000000} and {@code
     * +8613800000000}).
     *
     * @param value the value; trimmed
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is blank
     */
    public Builder blockedValue(String value) {
      String trimmed = value.trim();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException("blocked value of " + name + " must not be blank: '"
            + value + "'");
      }
      blockedValues.add(fold(trimmed));
      return this;
    }

    /**
     * Adds a pattern of values that never link; it must match the whole value and is matched
     * ignoring ASCII case (turn that off inside the expression with {@code (?-i)}).
     *
     * @param regex a {@link Pattern} expression
     * @return this builder
     * @throws java.util.regex.PatternSyntaxException if {@code regex} is not a valid expression
     */
    public Builder blockedPattern(String regex) {
      blockedPatterns.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
      return this;
    }

    /**
     * Removes every blocked value and pattern, including the defaults of a built-in type.
     *
     * @return this builder
     */
    public Builder clearBlocked() {
      blockedValues.clear();
      blockedPatterns.clear();
      return this;
    }

    /**
     * Returns the type.
     *
     * @return a new type with the rules set so far
     */
    public IdentifierType build() {
      return new IdentifierType(this);
    }
  }
}
