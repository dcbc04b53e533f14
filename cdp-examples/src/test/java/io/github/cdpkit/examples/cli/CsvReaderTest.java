package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
  void shouldReadARowOfAsManyCharactersAsARecordMayTake() throws Exception {
    String cell = "x".repeat(RecordReader.MAX_RECORD_CHARS - 2); // in quotes: the whole row

    assertThat(rows("a\n\"" + cell + "\"\r\nb\n"))
        .containsExactly(List.of("a"), List.of(cell), List.of("b"));
  }

  @Test
  void shouldRefuseARowOfMoreCharactersThanARecordMayTake() {
    String row = "b," + "x".repeat(RecordReader.MAX_RECORD_CHARS - 1);

    assertThatThrownBy(() -> rows("a\n" + row + "\nc\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("the row is longer than 1,048,576 characters")
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(2));
  }

  @Test
  void shouldRefuseAQuoteNeverClosedBeforeReadingTheRestOfTheText() {
    // A stray quote took the rest of the file into one cell: a large export ran out of memory.
    RepeatedText text = new RepeatedText("source,record_id\n\"app,1\n", "app,2\n", 16L << 20);

    assertThatThrownBy(() -> rows(text))
        .isInstanceOf(BadInputException.class)
        .hasMessage("a quoted cell opened on this line runs on past 1,048,576 characters; is its"
            + " closing quote missing?")
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(2));
    assertThat(text.handedOver()).isLessThanOrEqualTo(RecordReader.MAX_RECORD_CHARS + 8192);
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
  void shouldShowAnEmojiAfterAClosingQuoteWhole() {
    // It showed the emoji's first half alone, which UTF-8 cannot write.
    assertThatThrownBy(() -> rows("a\n\"b\"\ud83d\ude00,d\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("unexpected character '\ud83d\ude00' after a closing quote; write a quote"
            + " inside a quoted cell as \"\"");
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

  @Test
  void shouldReadBackRandomRowsWhateverSizeTheReadsComeIn() throws Exception {
    // Cells that span the reader's buffer are put together from its parts: reads of one to a few
    // characters make nearly every cell span one.
    String alphabet = "ab,\"\n\r |\u00e9\u4e2d\ud83d\ude00";
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      List<List<String>> written = new ArrayList<>();
      StringWriter text = new StringWriter();
      try (CsvWriter writer = new CsvWriter(text)) {
        for (int r = 1 + random.nextInt(20); r > 0; r--) {
          List<String> row = new ArrayList<>();
          for (int c = 1 + random.nextInt(6); c > 0; c--) {
            StringBuilder cell = new StringBuilder();
            for (int n = random.nextInt(random.nextInt(10) == 0 ? 9000 : 12); n > 0; n--) {
              cell.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            row.add(cell.toString());
          }
          if (row.size() == 1 && row.get(0).isEmpty()) {
            row.set(0, "x"); // a row of one empty cell is an empty line, which the reader skips
          }
          writer.row(row.toArray(String[]::new));
          // The reader reads a line break in a quoted cell as \n, whatever it was.
          written.add(row.stream().map(cell -> cell.replace("\r\n", "\n").replace('\r', '\n'))
              .toList());
        }
      }
      int most = 1 + random.nextInt(16);
      assertThat(rows(new Trickle(text.toString(), most, random)))
          .as("seed %d, reads of at most %d characters", seed, most)
          .isEqualTo(written);
    }
  }

  @Test
  void shouldRefuseTheMarkOfBadBytesInAnUnquotedCellThatSpansReads() {
    assertThatThrownBy(() -> rows(new Trickle("a,b\ncdef\ufffdgh,i\n", 3, new Random(1))))
        .isInstanceOf(BadInputException.class)
        .hasMessage("the text is not valid UTF-8")
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(2));
  }

  /** A reader that hands over at most a few characters per read, as a slow pipe might. */
  private static final class Trickle extends Reader {
    private final String text;
    private final int most;
    private final Random random;
    private int position;

    Trickle(String text, int most, Random random) {
      this.text = text;
      this.most = most;
      this.random = random;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      if (position == text.length()) {
        return -1;
      }
      int n = Math.min(Math.min(length, 1 + random.nextInt(most)), text.length() - position);
      text.getChars(position, position + n, buffer, offset);
      position += n;
      return n;
    }

    @Override
    public void close() {}
  }

  private static List<List<String>> rows(String text) throws IOException, BadInputException {
    return rows(new StringReader(text));
  }

  private static List<List<String>> rows(Reader text) throws IOException, BadInputException {
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader reader = new CsvReader(text)) {
      for (List<String> row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
    }
    return rows;
  }
}
