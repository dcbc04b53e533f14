package io.github.cdpkit.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cdp} command-line tool of CDP Kit.
 *
 * <pre>
 * cdp demo
 * cdp resolve --input records.csv [--config identity.json] --output one-ids.csv [--conflicts conflicts.csv]
 * cdp --help
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 bad input (file, line and reason on standard error) or a failure to
 * write (standard output among them), 2 bad usage.
 */
@Command(
    name = "cdp",
    mixinStandardHelpOptions = true,
    description = "The CDP Kit command-line tool: OneID identity resolution over files.",
    footer = {"", "Exit codes: 0 success, 1 bad input or a failure to write, 2 bad usage."})
public final class Cdp {

  private Cdp() {}

  /**
   * Runs the tool and exits with its exit code.
   *
   * @param args the command line, such as {@code demo}
   */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs the tool on the given standard output and error, and returns its exit code: 1 with a
   * message on {@code stderr} when writing to {@code stdout} failed, whatever the command returned.
   * A {@link PrintStream} swallows its write errors, so {@code cdp demo > /dev/full} exited 0 with
   * nothing written.
   *
   * <p>A reader that has gone ({@code cdp demo | head -1}) is such a failure too, exit 1 and the
   * message: the JVM ignores {@code SIGPIPE}, so the tool cannot die of it silently as a C tool does,
   * and {@code PrintStream} does not say whether the write failed for a closed pipe or a full disk.
   * Not all the output was written, which exit 1 says to a script under {@code set -o pipefail}; a
   * plain pipeline's status is its last command's, so {@code head} decides it there.
   *
   * @param stdout standard output, where reports and help go
   * @param stderr standard error, where errors, conflicts and progress go
   * @param args the command line
   * @return the exit code
   */
  static int run(PrintStream stdout, PrintStream stderr, String... args) {
    // The console's encoding, as System.out and System.err themselves use it.
    Charset console = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, console), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, console), true);
    int exitCode = commandLine(out, err).execute(args);
    out.flush();
    if (stdout.checkError()) { // flushes it, and tells whether any write to it failed
      err.println("cdp: cannot write to standard output (a full disk, or a pipe whose reader has"
          + " gone): the output is incomplete");
      exitCode = exitCode == 0 ? 1 : exitCode;
    }
    err.flush();
    return exitCode;
  }

  /**
   * Returns the tool's command line, writing to the given streams; {@link CommandLine#execute}
   * runs it and returns the exit code.
   *
   * @param out where reports and help go
   * @param err where errors, conflicts and progress go
   * @return the command line
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new Cdp())
        .addSubcommand(new DemoCommand(out))
        .addSubcommand(new ResolveCommand(err, System::nanoTime))
        .setOut(out)
        .setErr(err);
    String version = "cdp " + version();
    commandLine.getCommandSpec().version(version);
    for (CommandLine subcommand : commandLine.getSubcommands().values()) {
      subcommand.getCommandSpec().version(version);
    }
    return commandLine;
  }

  /** The version the build wrote into {@code cdp-version.properties}. */
  private static String version() {
    Properties properties = new Properties();
    try (InputStream in = Cdp.class.getResourceAsStream("/cdp-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "(unknown version)");
  }
}
