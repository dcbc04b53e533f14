package io.github.cdpkit.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.profile.spi.MergeStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's user pool examples, run as written, with what their comments state. */
class ReadmeExampleTest {

  private final IdentityResolver resolver = IdentityResolver.builder().build();

  private final ProfileService profiles = ProfileService.builder(resolver)
      // the POS beats a marketplace
      .strategy("address", MergeStrategy.bySourcePriority("pos", "app"))
      .strategy("registered_on", MergeStrategy.oldest())
      .grant(ChannelGrant.builder("pos").editsAllAttributes().readsIdentifiers()
          .seesEvents(EventScope.all()).records(EventKind.ORDER).managesConsent().managesTags()
          .build())
      .grant(ChannelGrant.builder("tmall").suppliedOnly()
          .edits("address", "nickname", "city", "birthday").build())
      .grant(ChannelGrant.builder("dealer-7").reads("city")
          .seesEvents(EventScope.atOutlet("dealer-7")).records(EventKind.ORDER).build())
      .build();

  @Test
  void shouldComposeTheViewsTheReadmeStatesWhenItsPoolExampleRuns() {
    OneId li = profiles.ingest("pos", SourceRecord.builder("pos", "c-1")
        .identifier("phone", "13800138000").attribute("address", "1 West Lake Rd").build()).oneId();
    profiles.ingest("tmall", SourceRecord.builder("tmall", "t-9")
        .identifier("phone", "138 0013 8000").attribute("address", "3 Market Sq").build());
    Instant paidAt = Instant.parse("2025-05-01T10:00:00Z");
    profiles.recordEvent("dealer-7", li, TimelineEvent.builder("o-1", EventKind.ORDER, "dealer-7",
        paidAt).outlet("dealer-7").line("FRIDGE-500L", 1, Money.of("5999.00", "CNY")).build());
    profiles.consent("pos", li, Consent.MARKETING, false);
    profiles.tag("pos", li, Set.of("has_child", "high_spender"), Set.of()); // add, remove

    Profile view = profiles.get("pos", li, Detail.WITH_SOURCES).orElseThrow();
    assertThat(view.attribute("address")).contains("1 West Lake Rd");
    assertThat(view.attributes().get("address").sources())
        .extracting(SourcedValue::channel, SourcedValue::record, SourcedValue::value)
        .containsExactlyInAnyOrder(
            tuple("pos", RecordKey.of("pos", "c-1"), "1 West Lake Rd"),
            tuple("tmall", RecordKey.of("tmall", "t-9"), "3 Market Sq"));
    assertThat(view.marketingAllowed()).isFalse();
    assertThat(view.tags()).containsExactly("has_child", "high_spender");
    assertThat(view.timeline()).extracting(TimelineEvent::id).containsExactly("o-1");

    Profile tmall = profiles.get("tmall", li, Detail.CHOSEN).orElseThrow();
    assertThat(tmall.records()).containsExactly(RecordKey.of("tmall", "t-9"));
    assertThat(tmall.attribute("address")).contains("3 Market Sq");
    assertThat(tmall.tags()).isEmpty();
    assertThat(tmall.timeline()).isEmpty();

    assertThatThrownBy(() -> profiles.edit("dealer-7", li, Map.of("city", "Xi'an")))
        .isInstanceOf(ChannelAccessException.class)
        .hasMessage("channel 'dealer-7' may not edit attribute 'city' of profile " + li);
    assertThat(profiles.get("pos", li, Detail.CHOSEN).orElseThrow().attribute("city")).isEmpty();
  }

  @Test
  void shouldRejectTheRowTheReadmeShowsWhenItsImportExampleRuns(@TempDir Path dir)
      throws IOException {
    Path export = dir.resolve("tmall-export.csv");
    Files.writeString(export, """
        buyer_id,mobile,city,birthday
        b-1,13800138000,Hangzhou,1990-05-01
        b-2,12345,Xi'an,1988-01-31
        """);
    List<Long> progress = new ArrayList<>();

    ColumnMapping mapping = ColumnMapping.builder("buyer_id")
        .identifier("mobile", "phone")
        .attribute("city", "city", AttributeType.TEXT)
        .attribute("birthday", "birthday", AttributeType.DATE)
        .required("city")
        .build();
    ImportReport report = ProfileImporter.of(profiles, "tmall", mapping)
        .withProgress(10_000, (read, imported, rejected) -> progress.add(read))
        .read(Files.newBufferedReader(export), ImportFormat.CSV);

    assertThat(report.rejected()).hasToString("[RejectedRow[row=3, reason=column 'mobile':"
        + " invalid identifier phone=12345 (phone-format):"
        + " phone '12345' must have 11 digits for a CN mobile]]");
    assertThat(report.imported()).isEqualTo(1);
    assertThat(progress).containsExactly(2L);
  }
}
