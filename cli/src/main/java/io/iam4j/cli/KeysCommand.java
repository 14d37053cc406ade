package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.crypto.ServerKey;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iam keys ...}: the server key file (rotation and listing; key material is never printed). */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "The server keys: rotate them, list them (ids only).",
    subcommands = {KeysCommand.Rotate.class, KeysCommand.ListKeys.class})
final class KeysCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static class KeyFileOption {
    @Option(names = "--key-file", defaultValue = "config/server.key", description = "the server key file (default: ${DEFAULT-VALUE})")
    Path keyFile;
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Add a new current key to the key file and keep the previous ones: new seals, MFA seeds and session",
          "tokens use the new key; what older keys sealed stays readable. Restart every server that reads the file",
          "(after copying it to every node of a cluster) to seal with the new key.",
          "Exit status: 0 when rotated, 1 when the file is missing, unreadable or not private to its owner."})
  static final class Rotate implements Callable<Integer> {
    @picocli.CommandLine.Mixin KeyFileOption file;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file.keyFile)) {
        spec.commandLine().getErr().println("No key file " + file.keyFile + " (a server creates it at first start)");
        return Main.EXIT_USAGE;
      }
      try {
        ServerKey.KeyInfo fresh = ServerKey.rotate(file.keyFile, clock);
        PrintWriter out = spec.commandLine().getOut();
        out.println("New current key " + fresh.id() + " (created " + fresh.created() + ") in " + file.keyFile + "; previous keys kept.");
        out.println("Restart the servers that read this file to seal with it.");
        return 0;
      } catch (IamException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return Main.EXIT_USAGE;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"List the keys of the key file, current first: id, creation time, status. Never the keys themselves.",
          "Exit status: 0 when listed, 1 when the file is missing, unreadable or not private to its owner."})
  static final class ListKeys implements Callable<Integer> {
    @picocli.CommandLine.Mixin KeyFileOption file;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file.keyFile)) {
        spec.commandLine().getErr().println("No key file " + file.keyFile);
        return Main.EXIT_USAGE;
      }
      try {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-10s %-24s %s%n", "ID", "CREATED", "STATUS");
        for (ServerKey.KeyInfo k : ServerKey.fromFile(file.keyFile).keys()) {
          String status = (k.current() ? "current" : "previous") + (k.legacy() ? ", opens data sealed before key ids" : "");
          out.printf("%-10s %-24s %s%n", k.id(), k.created() == null ? "unknown" : k.created().toString(), status);
        }
        return 0;
      } catch (IamException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return Main.EXIT_USAGE;
      }
    }
  }
}
