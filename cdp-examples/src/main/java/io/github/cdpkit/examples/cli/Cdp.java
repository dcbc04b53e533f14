package io.github.cdpkit.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
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
 * <p>Exit codes: 0 success, 1 bad input (file, line and reason on standard error), 2 bad usage.
 */
@Command(
    name = "cdp",
    mixinStandardHelpOptions = true,
    description = "The CDP Kit command-line tool: OneID identity resolution over files.",
    footer = {"", "Exit codes: 0 success, 1 bad input, 2 bad usage."})
public final class Cdp {

  private Cdp() {}

  /**
   * Runs the tool and exits with its exit code.
   *
   * @param args the command line, such as {@code demo}
   */
  public static void main(String[] args) {
    // The console's encoding, as System.out and System.err themselves use it.
    Charset console = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, console), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, console), true);
    int exitCode = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(exitCode);
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
