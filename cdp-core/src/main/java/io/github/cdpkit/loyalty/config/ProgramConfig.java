package io.github.cdpkit.loyalty.config;

import static io.github.cdpkit.core.internal.JacksonText.describe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cdpkit.core.internal.JacksonText;
import io.github.cdpkit.loyalty.BenefitDefinition;
import io.github.cdpkit.loyalty.DoublingEvent;
import io.github.cdpkit.loyalty.Expiry;
import io.github.cdpkit.loyalty.LoyaltyProgram;
import io.github.cdpkit.loyalty.PurchaseBenefit;
import io.github.cdpkit.loyalty.RefundPolicy;
import io.github.cdpkit.loyalty.Tier;
import io.github.cdpkit.loyalty.TierLadder;
import io.github.cdpkit.profile.MemberLayer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes a {@link LoyaltyProgram} as the JSON document an operator writes. Every field but
 * {@code id} is optional, with the defaults of {@link LoyaltyProgram#builder(String)}; {@link
 * #toJson} writes them all, and {@link #parse} reads that back to the same programme.
 *
 * <pre>{@code
 * {
 *   "id": "brand", "layer": "BRAND", "scope": "haier", "currency": "HP",
 *   "zone": "Asia/Shanghai",
 *   "earn": { "points": 1, "perMinorUnits": 100, "rounding": "DOWN",
 *             "categoryMultipliers": { "ecosystem": 2 }, "tierMultipliers": { "gold": 1.5 },
 *             "doubling": [ { "name": "618", "from": "2025-06-18T00:00:00Z",
 *                             "until": "2025-06-19T00:00:00Z", "multiplier": 2 } ] },
 *   "expiry": { "mode": "AFTER_DAYS", "days": 365 },
 *   "activationDelay": "P7D",
 *   "tiers": { "basis": "QUALIFYING_POINTS", "window": "ROLLING_12_MONTHS",
 *              "downgrade": "ONE_STEP", "grace": "P3M",
 *              "ladder": [ { "id": "member", "threshold": 0 },
 *                          { "id": "gold", "threshold": 5000, "benefits": ["cleaning"] } ] },
 *   "benefits": [ { "id": "cleaning", "name": "Free cleaning", "quantity": 1,
 *                   "validity": "P1Y", "stackable": true } ],
 *   "purchaseBenefits": [ { "category": "fridge", "minAmountMinor": 1000000,
 *                           "benefit": "cleaning" } ],
 *   "refundPolicy": "PENDING_ONLY"
 * }
 * }</pre>
 *
 * <p>Enumerations are written by name, multipliers as JSON numbers (read exactly), instants in
 * ISO-8601, {@code activationDelay} as an ISO-8601 duration ({@code P7D}, {@code PT12H}) and
 * validities and grace as ISO-8601 periods ({@code P1Y}). Anything else is refused with a {@link
 * ProgramConfigException} naming the JSON path: an unknown field, a value of the wrong type, a
 * missing {@code id}, a rule of the programme broken (such as a tier that names a benefit the
 * catalogue lacks); text that is not one JSON document, by line and column. Thread-safe: the class
 * holds no state.
 */
public final class ProgramConfig {

  private static final JsonMapper MAPPER = JacksonText.mapperBuilder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private ProgramConfig() {}

  /**
   * Reads a programme from a UTF-8 JSON file, with or without a byte order mark at its start
   * (Windows editors write one).
   *
   * @param file the file
   * @return the programme
   * @throws IOException if the file cannot be read
   * @throws ProgramConfigException if the document is not a valid programme
   */
  public static LoyaltyProgram read(Path file) throws IOException {
    return parse(JacksonText.withoutByteOrderMark(Files.readString(file)));
  }

  /**
   * Reads a programme from JSON text.
   *
   * @param json the document
   * @return the programme
   * @throws ProgramConfigException if the document is not a valid programme; the message names
   *     the JSON path and the bad value, or the line and column of text that is not JSON
   */
  public static LoyaltyProgram parse(String json) {
    JsonNode root;
    try {
      root = JacksonText.readDocument(MAPPER, json);
    } catch (JsonProcessingException e) {
      throw ProgramConfigException.invalid("", "not valid JSON: " + JacksonText.problem(e), e);
    }
    return readProgram(new At(root, ""));
  }

  /**
   * Writes a programme as JSON, every field included.
   *
   * @param program the programme
   * @return the document, indented
   */
  public static String toJson(LoyaltyProgram program) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("id", program.id());
    root.put("layer", program.layer().name());
    root.put("scope", program.scope());
    root.put("currency", program.currency());
    root.put("zone", program.zone().getId());
    ObjectNode earn = root.putObject("earn");
    earn.put("points", program.earnPoints());
    earn.put("perMinorUnits", program.earnPerMinorUnits());
    earn.put("rounding", program.rounding().name());
    writeMultipliers(earn.putObject("categoryMultipliers"), program.categoryMultipliers());
    writeMultipliers(earn.putObject("tierMultipliers"), program.tierMultipliers());
    ArrayNode doubling = earn.putArray("doubling");
    for (DoublingEvent event : program.doublingEvents()) {
      doubling.addObject().put("name", event.name()).put("from", event.from().toString())
          .put("until", event.until().toString()).put("multiplier", event.multiplier());
    }
    root.putObject("expiry").put("mode", program.expiry().mode().name())
        .put("days", program.expiry().days());
    root.put("activationDelay", program.activationDelay().toString());
    TierLadder ladder = program.tiers();
    ObjectNode tiers = root.putObject("tiers");
    tiers.put("basis", ladder.basis().name()).put("window", ladder.window().name())
        .put("downgrade", ladder.downgrade().name()).put("grace", ladder.grace().toString());
    ArrayNode steps = tiers.putArray("ladder");
    for (Tier tier : ladder.tiers()) {
      ObjectNode step = steps.addObject().put("id", tier.id()).put("threshold", tier.threshold());
      tier.benefits().forEach(step.putArray("benefits")::add);
    }
    ArrayNode benefits = root.putArray("benefits");
    for (BenefitDefinition benefit : program.benefits().values().stream()
        .sorted((a, b) -> a.id().compareTo(b.id())).toList()) {
      benefits.addObject().put("id", benefit.id()).put("name", benefit.name())
          .put("quantity", benefit.quantity()).put("validity", benefit.validity().toString())
          .put("stackable", benefit.stackable());
    }
    ArrayNode rules = root.putArray("purchaseBenefits");
    for (PurchaseBenefit rule : program.purchaseBenefits()) {
      rules.addObject().put("category", rule.category())
          .put("minAmountMinor", rule.minAmountMinor()).put("benefit", rule.benefit());
    }
    root.put("refundPolicy", program.refundPolicy().name());
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    }
  }

  private static void writeMultipliers(ObjectNode node, Map<String, BigDecimal> multipliers) {
    multipliers.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(entry -> node.put(entry.getKey(), entry.getValue()));
  }

  private static LoyaltyProgram readProgram(At root) {
    root.fields("id", "layer", "scope", "currency", "zone", "earn", "expiry", "activationDelay",
        "tiers", "benefits", "purchaseBenefits", "refundPolicy");
    String id = root.required("id").text();
    LoyaltyProgram.Builder builder = root.build(() -> LoyaltyProgram.builder(id));
    At layer = root.optional("layer");
    At scope = root.optional("scope");
    if (layer != null || scope != null) {
      MemberLayer memberLayer =
          layer == null ? MemberLayer.BRAND : layer.enumValue(MemberLayer.class);
      String scopeId = scope == null ? id : scope.text();
      builder.scope(memberLayer, scopeId);
    }
    root.ifPresent("currency", node -> builder.currency(node.text()));
    root.ifPresent("zone", node -> builder.zone(node.parse(ZoneId::of)));
    root.ifPresent("earn", node -> readEarn(node, builder));
    root.ifPresent("expiry", node -> {
      node.fields("mode", "days");
      Expiry.Mode mode = node.required("mode").enumValue(Expiry.Mode.class);
      At days = node.optional("days");
      builder.expiry(node.build(() -> new Expiry(mode, days == null ? 0 : days.intValue())));
    });
    root.ifPresent("activationDelay", node -> {
      Duration delay = node.parse(Duration::parse);
      node.build(() -> builder.activationDelay(delay));
    });
    root.ifPresent("tiers", node -> builder.tiers(readTiers(node)));
    root.ifPresent("benefits", node -> node.elements().forEach(benefit -> {
      benefit.fields("id", "name", "quantity", "validity", "stackable");
      String benefitId = benefit.required("id").text();
      At name = benefit.optional("name");
      int quantity = benefit.required("quantity").intValue();
      Period validity = benefit.required("validity").parse(Period::parse);
      At stackable = benefit.optional("stackable");
      builder.benefit(benefit.build(() -> new BenefitDefinition(benefitId,
          name == null ? benefitId : name.text(), quantity, validity,
          stackable != null && stackable.bool())));
    }));
    root.ifPresent("purchaseBenefits", node -> node.elements().forEach(rule -> {
      rule.fields("category", "minAmountMinor", "benefit");
      String category = rule.required("category").text();
      At min = rule.optional("minAmountMinor");
      String benefit = rule.required("benefit").text();
      builder.purchaseBenefit(rule.build(() ->
          new PurchaseBenefit(category, min == null ? 0 : min.longValue(), benefit)));
    }));
    root.ifPresent("refundPolicy",
        node -> builder.refundPolicy(node.enumValue(RefundPolicy.class)));
    return root.build(builder::build);
  }

  private static void readEarn(At earn, LoyaltyProgram.Builder builder) {
    earn.fields("points", "perMinorUnits", "rounding", "categoryMultipliers", "tierMultipliers",
        "doubling");
    At points = earn.optional("points");
    At per = earn.optional("perMinorUnits");
    if (points != null || per != null) {
      long earnPoints = points == null ? 1 : points.longValue();
      long perMinorUnits = per == null ? 100 : per.longValue();
      earn.build(() -> builder.earnRate(earnPoints, perMinorUnits));
    }
    earn.ifPresent("rounding", node -> {
      RoundingMode rounding = node.enumValue(RoundingMode.class);
      node.build(() -> builder.rounding(rounding));
    });
    earn.ifPresent("categoryMultipliers", node -> node.entries().forEach((category, entry) -> {
      BigDecimal multiplier = entry.decimal();
      entry.build(() -> builder.categoryMultiplier(category, multiplier));
    }));
    earn.ifPresent("tierMultipliers", node -> node.entries().forEach((tier, entry) -> {
      BigDecimal multiplier = entry.decimal();
      entry.build(() -> builder.tierMultiplier(tier, multiplier));
    }));
    earn.ifPresent("doubling", node -> node.elements().forEach(event -> {
      event.fields("name", "from", "until", "multiplier");
      String name = event.required("name").text();
      Instant from = event.required("from").parse(Instant::parse);
      Instant until = event.required("until").parse(Instant::parse);
      BigDecimal multiplier = event.required("multiplier").decimal();
      builder.doubling(event.build(() -> new DoublingEvent(name, from, until, multiplier)));
    }));
  }

  private static TierLadder readTiers(At node) {
    node.fields("basis", "window", "downgrade", "grace", "ladder");
    At basis = node.optional("basis");
    At window = node.optional("window");
    At downgrade = node.optional("downgrade");
    At grace = node.optional("grace");
    List<Tier> tiers = new ArrayList<>();
    node.required("ladder").elements().forEach(step -> {
      step.fields("id", "threshold", "benefits");
      String id = step.required("id").text();
      long threshold = step.required("threshold").longValue();
      At benefitsNode = step.optional("benefits");
      List<String> benefits = benefitsNode == null ? List.of()
          : benefitsNode.elements().stream().map(At::text).toList();
      tiers.add(step.build(() -> new Tier(id, threshold, benefits)));
    });
    TierLadder.Basis ladderBasis = basis == null ? TierLadder.Basis.QUALIFYING_POINTS
        : basis.enumValue(TierLadder.Basis.class);
    TierLadder.Window ladderWindow = window == null ? TierLadder.Window.ROLLING_12_MONTHS
        : window.enumValue(TierLadder.Window.class);
    TierLadder.Downgrade ladderDowngrade = downgrade == null ? TierLadder.Downgrade.ONE_STEP
        : downgrade.enumValue(TierLadder.Downgrade.class);
    Period gracePeriod = grace == null ? Period.ZERO : grace.parse(Period::parse);
    return node.build(
        () -> new TierLadder(tiers, ladderBasis, ladderWindow, ladderDowngrade, gracePeriod));
  }

  /** A JSON value and its path, with typed reads that name the path when they fail. */
  private record At(JsonNode node, String path) {

    private String child(String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    /** Refuses a field not in {@code allowed}, or a value that is not an object. */
    void fields(String... allowed) {
      if (!node.isObject()) {
        throw ProgramConfigException.invalid(path, "must be an object: " + describe(node));
      }
      Set<String> known = Set.of(allowed);
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) {
          throw ProgramConfigException.invalid(child(name), "unknown field, expected one of "
              + List.of(allowed));
        }
      }
    }

    @Nullable At optional(String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : new At(value, child(field));
    }

    At required(String field) {
      At value = optional(field);
      if (value == null) {
        throw ProgramConfigException.invalid(child(field), "is missing");
      }
      return value;
    }

    void ifPresent(String field, Consumer<At> action) {
      At value = optional(field);
      if (value != null) {
        action.accept(value);
      }
    }

    List<At> elements() {
      if (!node.isArray()) {
        throw ProgramConfigException.invalid(path, "must be an array: " + describe(node));
      }
      List<At> elements = new ArrayList<>(node.size());
      for (int i = 0; i < node.size(); i++) {
        elements.add(new At(node.get(i), path + "[" + i + "]"));
      }
      return elements;
    }

    /** The fields of an object by name, in document order. */
    Map<String, At> entries() {
      if (!node.isObject()) {
        throw ProgramConfigException.invalid(path, "must be an object: " + describe(node));
      }
      Map<String, At> entries = new LinkedHashMap<>();
      node.properties().forEach(
          entry -> entries.put(entry.getKey(), new At(entry.getValue(), child(entry.getKey()))));
      return entries;
    }

    String text() {
      if (!node.isTextual()) {
        throw ProgramConfigException.invalid(path, "must be a string: " + describe(node));
      }
      return node.textValue();
    }

    boolean bool() {
      if (!node.isBoolean()) {
        throw ProgramConfigException.invalid(path, "must be true or false: " + describe(node));
      }
      return node.booleanValue();
    }

    long longValue() {
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        throw ProgramConfigException.invalid(path, "must be a whole number: " + describe(node));
      }
      return node.longValue();
    }

    int intValue() {
      if (!node.isIntegralNumber() || !node.canConvertToInt()) {
        throw ProgramConfigException.invalid(path, "must be a whole number: " + describe(node));
      }
      return node.intValue();
    }

    BigDecimal decimal() {
      if (!node.isNumber()) {
        throw ProgramConfigException.invalid(path, "must be a number: " + describe(node));
      }
      return node.decimalValue();
    }

    <E extends Enum<E>> E enumValue(Class<E> type) {
      String text = text();
      try {
        return Enum.valueOf(type, text);
      } catch (IllegalArgumentException e) {
        throw ProgramConfigException.invalid(path, "must be one of "
            + List.of(type.getEnumConstants()) + ": " + describe(node), e);
      }
    }

    <T> T parse(Function<String, T> parser) {
      String text = text();
      try {
        return parser.apply(text);
      } catch (DateTimeException e) {
        throw ProgramConfigException.invalid(
            path, "cannot be parsed: " + describe(node) + " (" + e.getMessage() + ")", e);
      }
    }

    /** Runs a step of the model, naming this path if it refuses its arguments. */
    <T> T build(Supplier<T> step) {
      try {
        return step.get();
      } catch (ProgramConfigException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw ProgramConfigException.invalid(path, String.valueOf(e.getMessage()), e);
      }
    }
  }
}
