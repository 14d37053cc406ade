package io.iam4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/iam}: the iam4j command line. */
@Command(
    name = "iam",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "iam4j: AWS IAM's access model for Jakarta EE. Simulate requests against policies, validate policies.",
    subcommands = {SimulateCommand.class, ValidateCommand.class, ConfigCommand.class, DecodeMessageCommand.class,
        MfaCommand.class, AuditCommand.class, KeysCommand.class, AccessKeyCommand.class, CatalogCommand.class,
        CredentialReportCommand.class, AccessAdvisorCommand.class, UnusedAccessCommand.class,
        GeneratePolicyCommand.class, CheckNoNewAccessCommand.class, CheckAccessCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Exit status when a policy is invalid (IAM would refuse it). */
  static final int EXIT_INVALID = 2;
  /** Exit status for unreadable input or bad usage. */
  static final int EXIT_USAGE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Kept so the level sticks: the command line reports through stdout/stderr, not INFO logs. */
  private static final java.util.logging.Logger IAM4J_LOG = java.util.logging.Logger.getLogger("io.iam4j");

  public static void main(String[] args) {
    IAM4J_LOG.setLevel(java.util.logging.Level.WARNING);
    System.exit(run(args));
  }

  static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line; tests redirect its output. */
  static CommandLine commandLine() {
    // Exit 2 is reserved for "the policy is invalid"; usage errors get 1.
    return new CommandLine(new Main()).setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println(ex.getMessage());
      ex.getCommandLine().usage(ex.getCommandLine().getErr());
      return EXIT_USAGE;
    });
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"iam4j " + (v == null ? "development build" : v)};
    }
  }
}
