package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.ConfigProblem;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.PasswordUsage;
import io.iam4j.config.TenantStatus;
import io.iam4j.directory.Tenant;
import io.iam4j.report.CreationTimes;
import io.iam4j.report.CredentialReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iam credential-report}: a tenant's credential report (IAM's CSV: users, passwords, MFA,
 * access keys) made offline from the configuration tree and the server's state files ({@code
 * CONFIG/state/access-keys-last-used.json}, {@code CONFIG/state/passwords-last-used.json}), the same
 * generator as GetCredentialReport. Reads only: never writes the configuration or the state.
 */
@Command(name = "credential-report", mixinStandardHelpOptions = true,
    description = {"A tenant's credential report: IAM's CSV of its users and the state of their credentials (password",
        "enabled and last used, MFA, each access key's state, rotation and last use), the root first.",
        "Reads the configuration and its state files (CONFIG/state): what the server last wrote there.",
        "Without --tenant, a configuration of one tenant prints its report; with several, --output-dir writes",
        "DIR/TENANT.csv for each.",
        "Exit status: 0 done; 1 bad usage or unreadable configuration; 2 the tenant's configuration does not load."})
final class CredentialReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", defaultValue = "config", description = "configuration root (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(names = "--tenant", description = "the tenant (default: the only one)")
  String tenant;

  @Option(names = "--output-dir", paramLabel = "DIR", description = "write DIR/TENANT.csv for the tenant, or for every tenant")
  Path outputDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(config.resolve("tenants"))) {
      err.println("No configuration at " + config + " (expected " + config.resolve("tenants") + ")");
      return Main.EXIT_USAGE;
    }
    try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(config));
        AccessKeyUsage keys = AccessKeyUsage.open(AccessKeyUsage.defaultFile(config), Clock.systemUTC(), null);
        PasswordUsage passwords = PasswordUsage.open(PasswordUsage.defaultFile(config), Clock.systemUTC(), null)) {
      List<String> tenants = tenant != null ? List.of(tenant) : List.copyOf(store.status().keySet());
      if (tenants.isEmpty()) {
        err.println("No tenant under " + config.resolve("tenants"));
        return Main.EXIT_USAGE;
      }
      if (tenants.size() > 1 && outputDir == null) {
        err.println("Several tenants " + tenants + ": name one with --tenant, or write them all with --output-dir");
        return Main.EXIT_USAGE;
      }
      Instant now = Instant.now();
      CredentialReport.Usage usage = CredentialReport.Usage.of(keys, passwords);
      for (String id : tenants) {
        TenantStatus status = store.status().get(id);
        if (status != null && !status.lastProblems().isEmpty()) {
          err.println("The configuration of tenant " + id + " does not load; fix it first:");
          for (ConfigProblem p : status.lastProblems()) {
            err.println("  " + p);
          }
          return Main.EXIT_INVALID;
        }
        Tenant t = store.directory().tenant(id).orElse(null);
        if (t == null) {
          err.println("No tenant \"" + id + "\" under " + config.resolve("tenants") + " (tenants: " + store.status().keySet() + ")");
          return Main.EXIT_USAGE;
        }
        CredentialReport r = CredentialReport.generate(t, store.directory().arns(), usage, CreationTimes.files(config), now);
        if (outputDir == null) {
          out.println(r.csv());
        } else {
          Path file = outputDir.resolve(id + ".csv");
          Files.createDirectories(outputDir);
          Files.writeString(file, r.csv() + "\n");
          out.println(file + ": " + t.users().size() + " users");
        }
      }
      out.flush();
      return 0;
    } catch (IOException e) {
      err.println("Cannot write the report: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (IamException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
  }
}
