/**
 * The {@code cdp} command-line tool: {@code cdp resolve} runs OneID resolution over a channel
 * export (CSV or JSON lines) and writes each record's OneId; {@code cdp demo} walks through the
 * worked examples of the domain.
 *
 * <p>An application, not a library: {@link io.github.cdpkit.examples.cli.Cdp} is the entry point
 * and everything else is package-private. Exit codes: 0 success, 1 bad input (named by file, line
 * and reason on standard error, and no output written) or a file that cannot be read or written
 * (standard output among them), 2 bad usage.
 */
@NullMarked
package io.github.cdpkit.examples.cli;

import org.jspecify.annotations.NullMarked;
