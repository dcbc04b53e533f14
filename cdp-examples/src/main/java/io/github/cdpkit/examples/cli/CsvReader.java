package io.github.cdpkit.examples.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads CSV as RFC 4180 writes it: cells separated by commas, rows by {@code \n}, {@code \r\n} or
 * {@code \r}; a cell in double quotes may hold commas, line breaks (read as {@code \n}) and
 * doubled quotes ({@code ""} for one {@code "}). A quote inside an unquoted cell is kept as it is.
 * Empty lines are skipped, a byte order mark at the start is dropped, and U+FFFD, a decoder's mark
 * of bytes not valid in the encoding, is refused. Streams: it holds one row at a time, of at most
 * {@link RecordReader#MAX_RECORD_CHARS} characters. Not thread-safe.
 */
final class CsvReader implements Closeable {

  private static final int EOF = -1;
  /** What a decoder reads bytes that are not valid in the encoding as. */
  private static final char REPLACEMENT = '\uFFFD';

  private final Reader in;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  /** How many characters came before the buffer's. */
  private long consumed;
  /** Where the row being read started, counted as {@link #consumed}; -1 between rows. */
  private long rowStart = -1;
  /** The line the quoted cell being read opened on; 0 outside one. */
  private long quoteLine;
  private boolean started;
  /** The physical line being read, 1-based. */
  private long line = 1;
  /** The line the last returned row started on. */
  private long rowLine;
  /** How many cells the last row had: the next one most likely has as many. */
  private int width = 10;

  /**
   * Reads from {@code in}.
   *
   * @param in the text; closed by {@link #close()}
   */
  CsvReader(Reader in) {
    this.in = in;
  }

  /**
   * Returns the next row.
   *
   * @return the row's cells, in order; {@code null} at the end of the text
   * @throws IOException if reading fails
   * @throws BadInputException if a quoted cell is not closed, a closing quote is followed by
   *     anything but a comma or a line break, the row is longer than
   *     {@link RecordReader#MAX_RECORD_CHARS} characters, or the text holds U+FFFD, which a decoder
   *     puts in place of bytes that are not valid in the file's encoding
   */
  @Nullable List<String> next() throws IOException, BadInputException {
    return readRow();
  }

  /**
   * Returns the line the last row returned by {@link #next()} started on.
   *
   * @return the 1-based line
   */
  long line() {
    return rowLine;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private @Nullable List<String> readRow() throws IOException, BadInputException {
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') {
        position++;
      }
    }
    int c = peek();
    while (c == '\n' || c == '\r') {
      endOfLine(read());
      c = peek();
    }
    if (c == EOF) {
      return null;
    }
    rowLine = line;
    rowStart = consumed + position;
    List<String> cells = new ArrayList<>(width);
    while (true) {
      String cell;
      if (peek() == '"') {
        position++;
        StringBuilder quoted = new StringBuilder();
        c = readQuoted(quoted);
        cell = quoted.toString();
      } else {
        cell = unquoted();
        c = read();
      }
      cells.add(cell);
      if (c == ',') {
        continue;
      }
      long length = consumed + position - rowStart - (c == EOF ? 0 : 1);
      rowStart = -1;
      if (length > RecordReader.MAX_RECORD_CHARS) {
        throw rowTooLong();
      }
      if (c != EOF) {
        endOfLine(c);
      }
      width = cells.size();
      return cells;
    }
  }

  /**
   * Reads an unquoted cell up to the comma, line break or end of text after it, which it leaves
   * unread. Most cells are: so it scans the buffer and copies the cell out at once, not a
   * character at a time.
   */
  private String unquoted() throws IOException, BadInputException {
    StringBuilder spanning = null; // the part read before the buffer ran out, if it did
    while (true) {
      int end = position;
      while (end < limit) {
        char c = buffer[end];
        if (c == ',' || c == '\n' || c == '\r') {
          break;
        }
        if (c == REPLACEMENT) {
          throw notUtf8();
        }
        end++;
      }
      if (end < limit) {
        int from = position;
        position = end;
        if (spanning == null) {
          return end == from ? "" : new String(buffer, from, end - from);
        }
        return spanning.append(buffer, from, end - from).toString();
      }
      if (spanning == null) {
        spanning = new StringBuilder();
      }
      spanning.append(buffer, position, end - position);
      position = end;
      if (peek() == EOF) {
        return spanning.toString();
      }
    }
  }

  /** Reads a quoted cell, its opening quote already read; returns the character after it. */
  private int readQuoted(StringBuilder cell) throws IOException, BadInputException {
    quoteLine = line;
    while (true) {
      int c = read();
      if (c == EOF) {
        throw new BadInputException(quoteLine, "a quoted cell is not closed");
      }
      if (c == '"') {
        int after = read();
        if (after != '"') {
          if (after != ',' && after != '\n' && after != '\r' && after != EOF) {
            // an emoji is two chars: the first alone is no character, and UTF-8 cannot write it
            int shown = Character.isHighSurrogate((char) after)
                && Character.isLowSurrogate((char) peek())
                ? Character.toCodePoint((char) after, (char) peek()) : after;
            throw new BadInputException(line, "unexpected character '" + Character.toString(shown)
                + "' after a closing quote; write a quote inside a quoted cell as \"\"");
          }
          quoteLine = 0;
          return after;
        }
        cell.append('"');
      } else {
        if (c == '\n' || c == '\r') {
          endOfLine(c);
          cell.append('\n');
          continue;
        }
        cell.append((char) c);
      }
    }
  }

  /** Counts a line break, reading the {@code \n} of a {@code \r\n}. */
  private void endOfLine(int c) throws IOException, BadInputException {
    line++;
    if (c == '\r' && peek() == '\n') {
      position++;
    }
  }

  private int read() throws IOException, BadInputException {
    int c = peek();
    if (c != EOF) {
      position++;
    }
    return c;
  }

  /** Returns the next character without reading it, or {@link #EOF}; fills the buffer if empty. */
  private int peek() throws IOException, BadInputException {
    if (position == limit) {
      // All that was read of the row is in it: refused here, a row never closed is not read whole.
      if (rowStart >= 0 && consumed + limit - rowStart > RecordReader.MAX_RECORD_CHARS) {
        throw rowTooLong();
      }
      int n = in.read(buffer, 0, buffer.length);
      if (n <= 0) {
        return EOF;
      }
      consumed += limit;
      position = 0;
      limit = n;
    }
    char c = buffer[position];
    if (c == REPLACEMENT) {
      throw notUtf8();
    }
    return c;
  }

  private BadInputException rowTooLong() {
    if (quoteLine > 0) {
      return new BadInputException(quoteLine, String.format(Locale.ROOT,
          "a quoted cell opened on this line runs on past %,d characters; is its closing quote"
              + " missing?", RecordReader.MAX_RECORD_CHARS));
    }
    return new BadInputException(rowLine, String.format(Locale.ROOT,
        "the row is longer than %,d characters", RecordReader.MAX_RECORD_CHARS));
  }

  private BadInputException notUtf8() {
    return new BadInputException(line, "the text is not valid UTF-8");
  }
}
