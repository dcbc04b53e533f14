package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JSON lines field's number is imported as written, as a CSV cell is, never through a
 * {@code double}: it read {@code 1e2} as {@code 100.0} and {@code 0.1000000000000000055511151231257827}
 * as {@code 0.1}.
 */
class ProfileImporterNumbersTest {

  private final ProfileService profiles = ProfileService.builder(IdentityResolver.builder().build())
      .grant(ChannelGrant.builder("tmall").edits("note", "score").build())
      .build();

  private final ColumnMapping mapping = ColumnMapping.builder("buyer_id")
      .identifier("mobile", "phone")
      .attribute("note", "note", AttributeType.TEXT)
      .attribute("score", "score", AttributeType.NUMBER)
      .build();

  private int rows;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      34                                    | 34
      12345678901234567890123               | 12345678901234567890123
      -0                                    | 0
      -0.0                                  | 0.0
      0.1000000000000000055511151231257827  | 0.1000000000000000055511151231257827
      12345678901234567890.5                | 12345678901234567890.5
      2.50                                  | 2.50
      1e2                                   | 100
      1E+2                                  | 100
      -1.5e-3                               | -0.0015
      """)
  void shouldImportANumberAsWrittenToTextAndInPlainNotationToANumber(String written,
      String plain) throws IOException {
    Profile profile = imported(ImportFormat.JSON_LINES, written, written);

    assertThat(profile.attribute("note")).contains(written);
    assertThat(profile.attribute("score")).contains(plain);
  }

  @Test
  void shouldImportTheSameNumbersFromJsonLinesAsFromCsv() throws IOException {
    SplittableRandom random = new SplittableRandom(20261124L);
    for (int i = 0; i < 200; i++) {
      String written = randomJsonNumber(random);
      for (ImportFormat format : ImportFormat.values()) {
        Profile profile = imported(format, written, written);

        assertThat(profile.attribute("note")).as("%s %s", format, written).contains(written);
        assertThat(profile.attribute("score")).as("%s %s", format, written)
            .contains(new BigDecimal(written).toPlainString());
      }
    }
  }

  @Test
  void shouldKeepANumberPastADoublesRangeAsWrittenInText() throws IOException {
    // It was "Infinity".
    assertThat(imported(ImportFormat.JSON_LINES, "1e9999999999", "1").attribute("note"))
        .contains("1e9999999999");
  }

  @Test
  void shouldShowTheNumbersOfAFieldThatIsNotASingleValueExactly() throws IOException {
    // It showed ["Infinity",0.1,0].
    ImportReport report = ProfileImporter.of(profiles, "tmall", mapping).read(new StringReader(
        "{\"buyer_id\": \"b\", \"mobile\": \"13800138000\", \"note\": [1e400,"
            + " 0.1000000000000000055511151231257827, -0]}\n"), ImportFormat.JSON_LINES);

    assertThat(report.rejected()).containsExactly(new RejectedRow(1, "field 'note' is not a single"
        + " value: [1E+400,0.1000000000000000055511151231257827,0]"));
  }

  @Test
  void shouldRejectARowWhoseNumberIsTooLongInPlainNotationAndGoOn() throws IOException {
    // The import stopped with a NegativeArraySizeException, and 1e999999999 ran out of memory.
    ImportReport report = ProfileImporter.of(profiles, "tmall", mapping).read(new StringReader("""
        buyer_id,mobile,note,score
        b-1,13800138000,,1e2147483647
        b-2,13900139000,,1e999
        """), ImportFormat.CSV);

    assertThat(report.imported()).isEqualTo(1);
    assertThat(report.rejected()).containsExactly(new RejectedRow(2, "column 'score': number"
        + " longer than 1,000 characters in plain notation: '1e2147483647'"));
  }

  /** A number as JSON writes it, with or without a sign, a fraction and an exponent. */
  private static String randomJsonNumber(SplittableRandom random) {
    StringBuilder number = new StringBuilder();
    if (random.nextBoolean()) {
      number.append('-');
    }
    number.append(random.nextInt(4) == 0 ? "0" : digits(random, 1 + random.nextInt(25)));
    if (random.nextBoolean()) {
      number.append('.').append(digits(random, 1 + random.nextInt(25)));
    }
    if (random.nextBoolean()) {
      number.append(random.nextBoolean() ? 'e' : 'E')
          .append(List.of("", "+", "-").get(random.nextInt(3)))
          .append(random.nextInt(100));
    }
    return number.toString();
  }

  /** Digits, the first not 0 (JSON writes no leading zero) unless there is one digit. */
  private static String digits(SplittableRandom random, int count) {
    StringBuilder digits = new StringBuilder().append(1 + random.nextInt(9));
    for (int i = 1; i < count; i++) {
      digits.append(random.nextInt(10));
    }
    return digits.toString();
  }

  /**
   * Imports a file of one row giving {@code note} and {@code score} as written, to a new person,
   * and returns that person's profile.
   */
  private Profile imported(ImportFormat format, String note, String score) throws IOException {
    rows++;
    String phone = String.valueOf(13800000000L + rows);
    String text = format == ImportFormat.CSV
        ? "buyer_id,mobile,note,score\nb" + rows + "," + phone + "," + note + "," + score + "\n"
        : "{\"buyer_id\": \"b" + rows + "\", \"mobile\": \"" + phone + "\", \"note\": " + note
            + ", \"score\": " + score + "}\n";

    ImportReport report =
        ProfileImporter.of(profiles, "tmall", mapping).read(new StringReader(text), format);

    assertThat(report.rejected()).as(text).isEmpty();
    return profiles.find("tmall", Identifier.of("phone", phone), Detail.CHOSEN).orElseThrow();
  }
}
