package io.github.cdpkit.loyalty.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramConfigTest {

  private static LoyaltyProgram rich() {
    return LoyaltyProgram.builder("brand")
        .scope(MemberLayer.DEALER, "dealer-12").currency("HP").zone(ZoneId.of("Asia/Shanghai"))
        .earnRate(3, 200).rounding(RoundingMode.HALF_UP)
        .categoryMultiplier("ecosystem", new BigDecimal("2.5"))
        .tierMultiplier("gold", new BigDecimal("1.25"))
        .doubling(new DoublingEvent("11.11", Instant.parse("2025-11-11T00:00:00Z"),
            Instant.parse("2025-11-12T00:00:00Z"), new BigDecimal("2")))
        .expiry(Expiry.afterDays(365)).activationDelay(Duration.ofDays(7))
        .tiers(TierLadder.of(TierLadder.Basis.SPEND, TierLadder.Window.CALENDAR_YEAR,
                Tier.of("member", 0), Tier.of("gold", 1_000_000, "cleaning", "warranty"))
            .withDowngrade(TierLadder.Downgrade.RECOMPUTE, Period.ofMonths(3)))
        .benefit(new BenefitDefinition("warranty", "Joint warranty", 1, Period.ofYears(3), false))
        .benefit(new BenefitDefinition("cleaning", "Free cleaning", 2, Period.ofYears(1), true))
        .purchaseBenefit(new PurchaseBenefit("fridge", 1_000_000, "warranty"))
        .refundPolicy(RefundPolicy.ALLOW_DEBT)
        .build();
  }

  @Test
  void shouldReadBackWhatItWritesWhenEveryFieldIsSet() {
    String json = ProgramConfig.toJson(rich());

    LoyaltyProgram read = ProgramConfig.parse(json);

    assertThat(ProgramConfig.toJson(read)).isEqualTo(json);
    assertThat(read.categoryMultipliers().get("ecosystem")).isEqualByComparingTo("2.5");
    assertThat(read.tiers().grace()).isEqualTo(Period.ofMonths(3));
    assertThat(read.activationDelay()).isEqualTo(Duration.ofDays(7));
    assertThat(read.benefits().get("cleaning"))
        .isEqualTo(new BenefitDefinition("cleaning", "Free cleaning", 2, Period.ofYears(1), true));
  }

  @Test
  void shouldReadAFileThatStartsWithAByteOrderMark(@TempDir Path dir) throws IOException {
    // Windows editors save one; it was refused as a character that cannot start a document.
    Path file = dir.resolve("programme.json");
    Files.writeString(file, "\uFEFF" + ProgramConfig.toJson(rich()));

    assertThat(ProgramConfig.toJson(ProgramConfig.read(file))).isEqualTo(ProgramConfig.toJson(rich()));
  }

  @Test
  void shouldApplyTheBuildersDefaultsWhenOnlyTheIdIsGiven() {
    LoyaltyProgram read = ProgramConfig.parse("{\"id\": \"shop\"}");

    assertThat(ProgramConfig.toJson(read))
        .isEqualTo(ProgramConfig.toJson(LoyaltyProgram.builder("shop").build()));
  }

  @Test
  void shouldNameTheJsonPathWhenAValueIsRefused() {
    assertRefused("{\"id\": \"p\", \"colour\": 1}", "colour",
        "colour: unknown field, expected one of [id, layer, scope, currency, zone, earn, expiry, "
            + "activationDelay, tiers, benefits, purchaseBenefits, refundPolicy]");
    assertRefused("{}", "id", "id: is missing");
    assertRefused("{\"id\": 7}", "id", "id: must be a string: 7");
    assertRefused("{\"id\": \"p\", \"refundPolicy\": \"NEVER\"}", "refundPolicy",
        "refundPolicy: must be one of [PENDING_ONLY, UP_TO_BALANCE, ALLOW_DEBT]: \"NEVER\"");
    assertRefused("{\"id\": \"p\", \"earn\": {\"points\": -1}}", "earn",
        "earn: earn rate needs points >= 0 and perMinorUnits >= 1: -1/100");
    assertRefused("{\"id\": \"p\", \"earn\": {\"categoryMultipliers\": {\"a.b\": \"x\"}}}",
        "earn.categoryMultipliers.a.b", "earn.categoryMultipliers.a.b: must be a number: \"x\"");
    assertRefused("{\"id\": \"p\", \"earn\": {\"categoryMultipliers\": {\"tv\": 1e999999999}}}",
        "earn.categoryMultipliers.tv",
        "earn.categoryMultipliers.tv: multiplier must be under 1000000000: 1E+999999999");
    assertRefused("{\"id\": \"p\", \"tiers\": {\"ladder\": [{\"id\": \"member\", \"threshold\": 0},"
            + " {\"id\": \"gold\", \"threshold\": -5}]}}", "tiers.ladder[1]",
        "tiers.ladder[1]: threshold cannot be negative: gold -5");
    assertRefused("{\"id\": \"p\", \"tiers\": {\"ladder\": [{\"id\": \"member\", \"threshold\": 0,"
            + " \"benefits\": [\"spa\"]}]}}", "", "program: unknown benefit in program p: spa");
    assertRefused("{\"id\": \"p\", \"benefits\": [{\"id\": \"b\", \"quantity\": 1,"
            + " \"validity\": \"one year\"}]}", "benefits[0].validity",
        "benefits[0].validity: cannot be parsed: \"one year\" (Text cannot be parsed to a"
            + " Period)");
    assertRefused("{\"id\": \"p\", \"zone\": \"Mars/Olympus\"}", "zone",
        "zone: cannot be parsed: \"Mars/Olympus\" (Unknown time-zone ID: Mars/Olympus)");
    assertRefused("{\"id\": ", "", "program: not valid JSON: line 1, column 8: Unexpected"
        + " end-of-input within/between Object entries");
  }

  @Test
  void shouldNameWhereAnUnclosedArrayStartedByLineAndColumn() {
    // Jackson 2.16+ hides the source of the positions in its messages: "(start marker at
    // [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, ...])".
    assertRefused("{\"id\": \"p\", \"tiers\": {\"ladder\": [\n"
            + "  {\"id\": \"member\", \"threshold\": 0}", "",
        "program: not valid JSON: line 2, column 35: Unexpected end-of-input: expected close"
            + " marker for Array (start marker at line 1, column 33)");
  }

  @Test
  void shouldNameTheLineAndColumnOfTextAfterTheDocumentInItsOwnWords() {
    // It said "Trailing token (of type START_OBJECT) found after value (bound as
    // `com.fasterxml.jackson.databind.JsonNode`): not allowed as per ...FAIL_ON_TRAILING_TOKENS".
    assertRefused("{\"id\": \"p\"}\n{\"id\": \"q\"}", "",
        "program: not valid JSON: line 2, column 1: more text after the end of the document");
  }

  @Test
  void shouldSayWhatIsThereWhenTheDocumentOrAValueIsOfTheWrongType() {
    // An empty document was "program: must be an object: ", and a value was shown however long.
    assertRefused("", "", "program: must be an object: an empty document");
    assertRefused("{\"id\": [\"" + "x".repeat(100) + "\"]}", "id",
        "id: must be a string: [\"" + "x".repeat(75) + "...");
  }

  @Test
  void shouldRefuseANumberOutOfRangeSayingWhereAndWhichAsWritten() {
    // It was a NumberFormatException, not a ProgramConfigException: "Value "1e9999999999" can not
    // be deserialized as `java.math.BigDecimal`, reason:  Too many nonzero exponent digits."
    assertRefused("{\"id\": \"p\", \"earn\": {\"tierMultipliers\": {\"gold\": 1e9999999999}}}",
        "", "program: not valid JSON: line 1, column 50: number out of range: 1e9999999999");
  }

  private static void assertRefused(String json, String path, String message) {
    assertThatThrownBy(() -> ProgramConfig.parse(json))
        .isInstanceOf(ProgramConfigException.class)
        .hasMessage(message)
        .extracting(e -> ((ProgramConfigException) e).path())
        .isEqualTo(path);
  }
}
