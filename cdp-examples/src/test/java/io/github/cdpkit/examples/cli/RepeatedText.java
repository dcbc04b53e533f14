package io.github.cdpkit.examples.cli;

import java.io.Reader;

/**
 * A text of a head and then one piece again and again, up to a length: a file of another kind, as
 * a reader of records sees it. Counts what it hands over, so a test can tell how far a reader read.
 */
final class RepeatedText extends Reader {

  private final String head;
  private final String piece;
  private final long length;
  private long handedOver;

  /**
   * Creates the text.
   *
   * @param head the text's start
   * @param piece what follows it, again and again
   * @param length the text's length in characters, the last piece cut short
   */
  RepeatedText(String head, String piece, long length) {
    this.head = head;
    this.piece = piece;
    this.length = length;
  }

  /**
   * Returns how many characters have been read.
   *
   * @return the count
   */
  long handedOver() {
    return handedOver;
  }

  @Override
  public int read(char[] buffer, int offset, int count) {
    int n = 0;
    while (n < count && handedOver < length) {
      buffer[offset + n] = handedOver < head.length() ? head.charAt((int) handedOver)
          : piece.charAt((int) ((handedOver - head.length()) % piece.length()));
      handedOver++;
      n++;
    }
    return n == 0 && count > 0 ? -1 : n;
  }

  @Override
  public void close() {}
}
