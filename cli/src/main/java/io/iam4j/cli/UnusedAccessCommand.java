package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.advisor.AccessAdvisor;
import io.iam4j.advisor.UnusedAccess;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iam unused-access}: IAM Access Analyzer's unused access findings, offline, from the
 * advisor's file, the access keys' last-used file and the configuration; exit 2 when there are
 * findings, so that a CI pipeline can fail on them.
 */
@Command(name = "unused-access", mixinStandardHelpOptions = true,
    description = {"Unused access findings (as IAM Access Analyzer's): roles not used, users' passwords and active access",
        "keys not used, and each action a user's or role's permissions policies allow that it did not use, in the last",
        "--days days, with the statement granting it. Reads CONFIG/state/access-advisor.json and",
        "CONFIG/state/access-keys-last-used.json (written by the running server) and the configuration.",
        "Exit status: 0 no findings; 2 findings; 1 bad usage or unreadable input."})
final class UnusedAccessCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", defaultValue = "config", description = "configuration root (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(names = "--tenant", description = "one tenant (default: every tenant)")
  String tenant;

  @Option(names = "--days", defaultValue = "90", description = "the tracking period, 1 to 365 days (default: ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--type", description = "only findings of this type: UnusedIAMRole, UnusedIAMUserAccessKey, UnusedIAMUserPassword,"
      + " UnusedPermission")
  UnusedAccess.FindingType type;

  @Option(names = "--state", description = "the advisor's file (default: CONFIG/state/access-advisor.json)")
  Path state;

  @Option(names = "--catalog", description = "the application's action catalog (default: CONFIG/catalog.json when present)")
  Path catalog;

  @Option(names = "--json", description = "print the findings as JSON")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (days < UnusedAccess.MIN_DAYS || days > UnusedAccess.MAX_DAYS) {
      err.println("--days is 1 to 365; got " + days);
      return Main.EXIT_USAGE;
    }
    ActionCatalog actions;
    try {
      actions = AccessAdvisorCommand.catalog(catalog, config);
    } catch (IOException | IamException e) {
      err.println("Cannot read the catalog: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    // Opened without periodic writes; nothing is recorded here, so closing writes nothing either.
    try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(config));
        AccessAdvisor advisor = AccessAdvisor.readOnly(state != null ? state : AccessAdvisor.defaultFile(config));
        AccessKeyUsage keys = AccessKeyUsage.open(AccessKeyUsage.defaultFile(config), Clock.systemUTC(), null);
        io.iam4j.config.PasswordUsage signIns = io.iam4j.config.PasswordUsage.open(io.iam4j.config.PasswordUsage.defaultFile(config),
            Clock.systemUTC(), null)) {
      Directory d = store.directory();
      List<Tenant> tenants = new ArrayList<>();
      if (tenant != null) {
        if (d.tenant(tenant).isEmpty()) {
          err.println("No tenant \"" + tenant + "\" in " + config);
          return Main.EXIT_USAGE;
        }
        tenants.add(d.tenant(tenant).get());
      } else {
        tenants.addAll(d.tenants().values());
      }
      Instant now = Instant.now();
      int count = 0;
      JsonArrayBuilder all = Json.createArrayBuilder();
      for (Tenant t : tenants) {
        UnusedAccess.Result r = UnusedAccess.of(d, t, advisor, actions, days, now, id -> keys.lastUsed(id).lastUsedDate(),
            u -> UnusedAccess.passwordLastUsed(signIns, advisor, t, u, d.arns().user(t.id(), u.path(), u.name())));
        if (!json && !r.trackingComplete()) {
          err.println("Note: tenant " + t.id() + " is tracked since " + r.trackingSince() + ", less than " + days
              + " days: a principal with no record there may have been used before.");
        }
        for (UnusedAccess.Finding f : r.findings()) {
          if (type != null && f.type() != type) {
            continue;
          }
          count++;
          if (json) {
            all.add(json(t.id(), f));
          } else {
            print(out, f);
          }
        }
      }
      if (json) {
        out.println(io.iam4j.cli.Json.pretty(Json.createObjectBuilder().add("UnusedAccessAge", days).add("AnalyzedAt", now.toString())
            .add("TrackingSince", advisor.trackingSince().toString()).add("Findings", all).build()));
      } else if (count == 0) {
        out.println("No unused access in the last " + days + " days.");
      }
      out.flush();
      return count == 0 ? 0 : Main.EXIT_INVALID;
    } catch (IamException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
  }

  private static String when(Instant i) {
    return i == null ? "never (since tracking began)" : i.toString();
  }

  private static void print(PrintWriter out, UnusedAccess.Finding f) {
    switch (f.type()) {
      case UnusedIAMUserAccessKey -> out.println(f.type() + " " + f.resource() + " key " + f.accessKeyId() + ": last used " + when(f.lastAccessed()));
      case UnusedPermission -> {
        out.println(f.type() + " " + f.resource() + ":");
        for (UnusedAccess.UnusedService s : f.services()) {
          for (UnusedAccess.UnusedAction a : s.actions()) {
            out.println("  " + a.action() + " last accessed " + when(a.lastAccessed()) + ", allowed by "
                + AccessAdvisorCommand.describe(a.grantedBy()));
          }
        }
      }
      default -> out.println(f.type() + " " + f.resource() + ": last used " + when(f.lastAccessed()));
    }
  }

  private static JsonObjectBuilder json(String tenant, UnusedAccess.Finding f) {
    JsonObjectBuilder b = Json.createObjectBuilder().add("Id", f.id()).add("FindingType", f.type().name()).add("Resource", f.resource())
        .add("ResourceType", f.resourceType()).add("ResourceOwnerAccount", tenant).add("Status", "ACTIVE");
    if (f.lastAccessed() != null) {
      b.add("LastAccessed", f.lastAccessed().toString());
    }
    if (f.accessKeyId() != null) {
      b.add("AccessKeyId", f.accessKeyId());
    }
    if (!f.services().isEmpty()) {
      JsonArrayBuilder services = Json.createArrayBuilder();
      for (UnusedAccess.UnusedService s : f.services()) {
        JsonArrayBuilder actions = Json.createArrayBuilder();
        for (UnusedAccess.UnusedAction a : s.actions()) {
          JsonObjectBuilder ab = Json.createObjectBuilder().add("Action", a.action());
          if (a.lastAccessed() != null) {
            ab.add("LastAccessed", a.lastAccessed().toString());
          }
          actions.add(ab.add("GrantedBy", AccessAdvisorCommand.statement(a.grantedBy(), null)));
        }
        JsonObjectBuilder sb = Json.createObjectBuilder().add("ServiceNamespace", s.serviceNamespace());
        if (s.lastAccessed() != null) {
          sb.add("LastAccessed", s.lastAccessed().toString());
        }
        services.add(sb.add("Actions", actions));
      }
      b.add("UnusedPermissionDetails", services);
    }
    return b;
  }
}
