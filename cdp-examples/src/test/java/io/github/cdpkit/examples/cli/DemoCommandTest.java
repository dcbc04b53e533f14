package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code cdp demo}, through the real resolver. */
class DemoCommandTest {

  @Test
  void shouldShowOnePersonForTheThreeRecordsAndARefusedFamilyPhone() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = Cdp.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("demo");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("A, B and C are one person: oid-\\d+")
        .contains("phone=+8613800138000", "email=li.lei@example.com",
            "wechat_openid=wxapp1:oAbC123")
        .contains("why phone=138 0013 8000 and wechat_openid=wxapp1:oAbC123 are one person:")
        .contains("both hold device_id=6F1C2A3B-0D4E-4F5A-8B6C-7D8E9F0A1B2C")
        .contains("both hold email=li.lei@example.com")
        .contains("kept apart")
        .containsPattern("refused link: oid-\\d+ and oid-\\d+ both hold phone=\\+8613900001111")
        .contains("PROFILE_LIMIT")
        .doesNotContain("no link was refused");
  }
}
