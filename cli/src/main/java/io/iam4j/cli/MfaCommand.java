package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.FileChange;
import io.iam4j.crypto.ServerKey;
import io.iam4j.crypto.Totp;
import io.iam4j.directory.Arns;
import io.iam4j.directory.User;
import io.iam4j.crypto.MfaSeeds;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iam mfa ...}: virtual MFA devices (TOTP) of users in a configuration tree. */
@Command(name = "mfa", mixinStandardHelpOptions = true, description = "Virtual MFA devices (RFC 6238 TOTP) of users.",
    subcommands = {MfaCommand.Enable.class, MfaCommand.Code.class})
final class MfaCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static class Target {
    @Option(names = "--config", defaultValue = "config", description = "configuration root (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--tenant", required = true)
    String tenant;

    @Option(names = "--user", required = true)
    String user;

    @Option(names = "--key-file", description = "the server key (default: CONFIG/server.key, created when missing)")
    Path keyFile;

    ServerKey key() {
      return ServerKey.fromFile(keyFile != null ? keyFile : config.resolve("server.key"));
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true,
      description = {"Give a user a new virtual MFA device: a random seed, stored encrypted with the server key in the",
          "user's file (validated and written atomically), sealed for this tenant and user with the current key.",
          "Prints the otpauth URI for an authenticator app once."})
  static final class Enable implements Callable<Integer> {
    @picocli.CommandLine.Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ServerKey key;
      try {
        key = target.key();
      } catch (IamException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return Main.EXIT_USAGE;
      }
      Path file = target.config.resolve("tenants").resolve(target.tenant).resolve("users").resolve(target.user + ".json");
      if (!Files.isRegularFile(file)) {
        spec.commandLine().getErr().println("No user file " + file);
        return Main.EXIT_USAGE;
      }
      byte[] seed = MfaSeeds.newSeed();
      JsonObject user = jakarta.json.Json.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8))).readObject();
      String updated = Json.pretty(jakarta.json.Json.createObjectBuilder(user).add("mfaSeed", MfaSeeds.encrypt(key, target.tenant, target.user, seed)).build()) + "\n";
      try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(target.config).withArns(Arns.DEFAULT))) {
        store.writer().write(target.tenant, -1, List.of(FileChange.put("users/" + target.user + ".json", updated)), "bin/iam mfa enable");
      } catch (IamException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return Main.EXIT_INVALID;
      }
      String secret = base32(seed);
      spec.commandLine().getOut().println("MFA device enabled for " + target.user + "@" + target.tenant);
      spec.commandLine().getOut().println("secret:      " + secret);
      spec.commandLine().getOut().println("otpauth URI: otpauth://totp/iam4j:" + target.user + "@" + target.tenant + "?secret=" + secret + "&issuer=iam4j");
      return 0;
    }
  }

  @Command(name = "code", mixinStandardHelpOptions = true,
      description = "Print the current TOTP code of a user's device (for scripts and the README walkthrough; needs the server key).")
  static final class Code implements Callable<Integer> {
    @picocli.CommandLine.Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(target.config))) {
        User u = store.directory().tenant(target.tenant).map(t -> t.users().get(target.user)).orElse(null);
        if (u == null || u.credentials() == null || !u.credentials().hasMfaDevice()) {
          spec.commandLine().getErr().println(target.user + "@" + target.tenant + " has no MFA device");
          return Main.EXIT_USAGE;
        }
        byte[] seed = MfaSeeds.decrypt(target.key(), target.tenant, target.user, u.credentials().totpSeedEncrypted());
        spec.commandLine().getOut().println(Totp.code(seed, Instant.now()));
        return 0;
      } catch (IamException e) {
        // A key file refused (permissions), or a seed sealed for another user or with a key not in the file.
        spec.commandLine().getErr().println(e.getMessage());
        return Main.EXIT_USAGE;
      }
    }
  }

  static String base32(byte[] data) {
    return io.iam4j.crypto.Totp.base32Encode(data);
  }
}
