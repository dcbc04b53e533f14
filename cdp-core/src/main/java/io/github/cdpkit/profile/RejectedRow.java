package io.github.cdpkit.profile;

/**
 * A row that was not imported, and why.
 *
 * @param row the row's line number in the file, 1-based: in a CSV file the header is line 1 and a
 *     record that spans lines is numbered by its first line
 * @param reason what is wrong, naming the column and the value
 */
public record RejectedRow(long row, String reason) {}
