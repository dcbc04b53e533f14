package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  @Test
  void shouldSplitPlainCellsAtCommas() throws Exception {
    assertThat(rows("a,b,c\nd,e,f\n")).containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"));
  }

  @Test
  void shouldKeepCommasAndLineBreaksInsideQuotes() throws Exception {
    assertThat(rows("\"a,b\",\"line 1\nline 2\",c\n"))
        .containsExactly(List.of("a,b", "line 1\nline 2", "c"));
  }

  @Test
  void shouldReadDoubledQuotesAsOneQuote() throws Exception {
    assertThat(rows("\"say \"\"hi\"\"\",\"\"\"\",x\n"))
        .containsExactly(List.of("say \"hi\"", "\"", "x"));
  }

  @Test
  void shouldKeepAQuoteInsideAnUnquotedCell() throws Exception {
    assertThat(rows("5\" screen,b\n")).containsExactly(List.of("5\" screen", "b"));
  }

  @Test
  void shouldReadEmptyCellsAsEmptyStrings() throws Exception {
    assertThat(rows(",,\n\"\",x,\n")).containsExactly(List.of("", "", ""), List.of("", "x", ""));
  }

  @Test
  void shouldAcceptEveryLineEndingAndNoneAtTheEnd() throws Exception {
    assertThat(rows("a\r\nb\rc\nd")).containsExactly(List.of("a"), List.of("b"), List.of("c"),
        List.of("d"));
  }

  @Test
  void shouldSkipEmptyLinesAndAByteOrderMark() throws Exception {
    assertThat(rows("\uFEFFa,b\n\n\r\nc,d\n\n")).containsExactly(List.of("a", "b"), List.of("c", "d"));
  }

  @Test
  void shouldNameTheLineEachRowStartsOn() throws Exception {
    CsvReader reader = new CsvReader(new StringReader("a\n\n\"b\nc\"\r\nd\n"));
    List<Long> lines = new ArrayList<>();
    while (reader.next() != null) {
      lines.add(reader.line());
    }
    assertThat(lines).containsExactly(1L, 3L, 5L);
  }

  @Test
  void shouldRefuseAQuotedCellThatIsNotClosed() {
    assertThatThrownBy(() -> rows("a,b\nc,\"d\ne\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("a quoted cell is not closed")
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(2));
  }

  @Test
  void shouldRefuseTextAfterAClosingQuote() {
    assertThatThrownBy(() -> rows("a\n\"b\"c,d\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("unexpected character 'c' after a closing quote; write a quote inside a quoted"
            + " cell as \"\"")
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(2));
  }

  @Test
  void shouldRefuseTheMarkOfBytesThatAreNotValidInTheEncoding() {
    assertThatThrownBy(() -> rows("a\n\"b\nc\ufffd\"\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("the text is not valid UTF-8")
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(3));
  }

  @Test
  void shouldReadBackWhatTheWriterWrites() throws Exception {
    StringWriter text = new StringWriter();
    try (CsvWriter writer = new CsvWriter(text)) {
      writer.row("plain", "with,comma", "with \"quote\"", "two\nlines", "");
      writer.row("cr\r", "x");
    }

    assertThat(text.toString()).isEqualTo(
        "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",\n\"cr\r\",x\n");
    assertThat(rows(text.toString())).containsExactly(
        List.of("plain", "with,comma", "with \"quote\"", "two\nlines", ""), List.of("cr\n", "x"));
  }

  private static List<List<String>> rows(String text) throws IOException, BadInputException {
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader reader = new CsvReader(new StringReader(text))) {
      for (List<String> row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
    }
    return rows;
  }
}
