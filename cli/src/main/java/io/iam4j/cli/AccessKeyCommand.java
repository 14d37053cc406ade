package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.config.AccessKeyException;
import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.AccessKeys;
import io.iam4j.config.ConfigConflictException;
import io.iam4j.config.ConfigProblem;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.TenantStatus;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.AccessKey;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iam access-key ...}: IAM users' access keys in a configuration tree (CreateAccessKey,
 * ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed). Writes are validated
 * with the whole tenant and atomic, as every configuration write; the secret is printed once, by
 * {@code create}.
 */
@Command(name = "access-key", mixinStandardHelpOptions = true,
    description = {"IAM users' access keys (AKIA...): create, list, activate, deactivate, delete, last-used.",
        "Keys live in the user's file (users/NAME.json, \"accessKeys\"), secrets sealed with the server key.",
        "Exit status: 0 done; 1 bad usage or unreadable key file; 2 refused (NoSuchEntity, LimitExceeded,",
        "a concurrent change, or a configuration that would not load)."},
    subcommands = {AccessKeyCommand.Create.class, AccessKeyCommand.ListKeys.class, AccessKeyCommand.Activate.class,
        AccessKeyCommand.Deactivate.class, AccessKeyCommand.Delete.class, AccessKeyCommand.LastUsed.class})
final class AccessKeyCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static class Where {
    @Option(names = "--config", defaultValue = "config", description = "configuration root (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--tenant", required = true)
    String tenant;
  }

  static class KeyOption {
    @Option(names = "--key", required = true, paramLabel = "AKIA...", description = "the access key id")
    String key;
  }

  /** Shared run: opens the store, reports the tenant's load problems, maps IAM's errors to exit 2. */
  abstract static class Base implements Callable<Integer> {
    @Mixin Where where;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print the answer as IAM's JSON (AWS CLI shapes)")
    boolean json;

    abstract int run(ConfigStore store, PrintWriter out);

    /** The server key, when the command seals; null otherwise (then only the sealed format is checked). */
    ServerKey serverKey() {
      return null;
    }

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      ConfigStore.Settings settings;
      try {
        ServerKey key = serverKey();
        settings = ConfigStore.Settings.of(where.config).withServerKey(key);
      } catch (IamException e) {
        err.println(e.getMessage());
        return Main.EXIT_USAGE;
      }
      try (ConfigStore store = ConfigStore.open(settings)) {
        TenantStatus status = store.status().get(where.tenant);
        if (status != null && !status.lastProblems().isEmpty()) {
          err.println("The configuration of tenant " + where.tenant + " does not load; fix it first:");
          for (ConfigProblem p : status.lastProblems()) {
            err.println("  " + p);
          }
          return Main.EXIT_INVALID;
        }
        return run(store, spec.commandLine().getOut());
      } catch (AccessKeyException e) {
        err.println(e.code() + ": " + e.getMessage());
        return Main.EXIT_INVALID;
      } catch (ConfigConflictException e) {
        err.println("ConcurrentModification: " + e.getMessage());
        return Main.EXIT_INVALID;
      } catch (IamException e) {
        err.println(e.getMessage());
        return Main.EXIT_INVALID;
      }
    }
  }

  abstract static class UserBase extends Base {
    @Option(names = "--user", required = true)
    String user;
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"CreateAccessKey: a new Active key for the user (at most 2 per user). Prints the access key id and",
          "the secret access key: the only time the secret is shown. The user's file keeps it sealed with the",
          "server key for this tenant, user and key."})
  static final class Create extends UserBase {
    @Option(names = "--key-file", description = "the server key (default: CONFIG/server.key, created when missing)")
    Path keyFile;

    ServerKey key;

    @Override
    ServerKey serverKey() {
      key = ServerKey.fromFile(keyFile != null ? keyFile : where.config.resolve("server.key"));
      return key;
    }

    @Override
    int run(ConfigStore store, PrintWriter out) {
      AccessKeys.Created c = new AccessKeys(store, key, Clock.systemUTC()).create(where.tenant, user, "bin/iam access-key create");
      if (json) {
        out.println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("AccessKey", jakarta.json.Json.createObjectBuilder()
            .add("UserName", c.userName())
            .add("AccessKeyId", c.accessKeyId())
            .add("Status", c.status().name())
            .add("SecretAccessKey", c.secretAccessKey())
            .add("CreateDate", c.createDate().toString())).build()));
      } else {
        out.println("Access key created for " + c.userName() + "@" + c.tenant() + " (" + c.status() + ", " + c.createDate() + ")");
        out.println("AccessKeyId:     " + c.accessKeyId());
        out.println("SecretAccessKey: " + c.secretAccessKey());
      }
      // With --json the note goes to stderr, so that stdout stays one JSON document.
      (json ? spec.commandLine().getErr() : out).println("Save the secret access key now: it is shown this once and will not "
          + "be shown again. If it is lost, delete the key and create a new one.");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "ListAccessKeys: the user's keys (id, status, creation date); never a secret.")
  static final class ListKeys extends UserBase {
    @Override
    int run(ConfigStore store, PrintWriter out) {
      List<AccessKeys.Metadata> keys = new AccessKeys(store, null, Clock.systemUTC()).list(where.tenant, user);
      if (json) {
        JsonArrayBuilder a = jakarta.json.Json.createArrayBuilder();
        for (AccessKeys.Metadata m : keys) {
          a.add(jakarta.json.Json.createObjectBuilder().add("UserName", m.userName()).add("AccessKeyId", m.accessKeyId())
              .add("Status", m.status().name()).add("CreateDate", m.createDate().toString()));
        }
        out.println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("AccessKeyMetadata", a).build()));
      } else {
        out.printf("%-20s  %-8s  %s%n", "ACCESS KEY ID", "STATUS", "CREATED");
        for (AccessKeys.Metadata m : keys) {
          out.printf("%-20s  %-8s  %s%n", m.accessKeyId(), m.status(), m.createDate());
        }
      }
      return 0;
    }
  }

  abstract static class StatusChange extends UserBase {
    @Mixin KeyOption key;

    abstract AccessKey.Status status();

    @Override
    int run(ConfigStore store, PrintWriter out) {
      long version = new AccessKeys(store, null, Clock.systemUTC())
          .updateStatus(where.tenant, user, key.key, status(), "bin/iam access-key " + status().name().toLowerCase(java.util.Locale.ROOT))
          .version();
      out.println("Access key " + key.key + " of " + user + "@" + where.tenant + " is " + status() + " (tenant version " + version + ")");
      return 0;
    }
  }

  @Command(name = "activate", mixinStandardHelpOptions = true, description = "UpdateAccessKey --status Active: the key authenticates requests again.")
  static final class Activate extends StatusChange {
    @Override
    AccessKey.Status status() {
      return AccessKey.Status.Active;
    }
  }

  @Command(name = "deactivate", mixinStandardHelpOptions = true,
      description = "UpdateAccessKey --status Inactive: requests signed with the key no longer authenticate; activate brings it back.")
  static final class Deactivate extends StatusChange {
    @Override
    AccessKey.Status status() {
      return AccessKey.Status.Inactive;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "DeleteAccessKey: removes the key for good.")
  static final class Delete extends UserBase {
    @Mixin KeyOption key;

    @Override
    int run(ConfigStore store, PrintWriter out) {
      long version = new AccessKeys(store, null, Clock.systemUTC()).delete(where.tenant, user, key.key, "bin/iam access-key delete").version();
      out.println("Access key " + key.key + " of " + user + "@" + where.tenant + " deleted (tenant version " + version + ")");
      return 0;
    }
  }

  @Command(name = "last-used", mixinStandardHelpOptions = true,
      description = {"GetAccessKeyLastUsed: when the key was last used, for which service and in which region, as the",
          "servers last wrote it (CONFIG/state/access-keys-last-used.json, written every minute and at shutdown).",
          "N/A when never used. A use within 15 minutes of the recorded one is not recorded (as IAM)."})
  static final class LastUsed extends Base {
    @Mixin KeyOption key;

    @Option(names = "--state-file", description = "the usage file (default: CONFIG/state/access-keys-last-used.json)")
    Path stateFile;

    @Override
    int run(ConfigStore store, PrintWriter out) {
      Path file = stateFile != null ? stateFile : AccessKeyUsage.defaultFile(where.config);
      // Read only: no periodic writes, and close() writes nothing since nothing is recorded.
      try (AccessKeyUsage usage = AccessKeyUsage.open(file, Clock.systemUTC(), null)) {
        AccessKeys.LastUsedAnswer a = new AccessKeys(store, null, Clock.systemUTC()).lastUsed(usage, where.tenant, key.key);
        AccessKeyUsage.LastUsed u = a.accessKeyLastUsed();
        if (json) {
          JsonObjectBuilder last = jakarta.json.Json.createObjectBuilder();
          if (u.used()) {
            last.add("LastUsedDate", u.lastUsedDate().toString());
          }
          last.add("ServiceName", u.serviceName()).add("Region", u.region());
          out.println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("UserName", a.userName()).add("AccessKeyLastUsed", last).build()));
        } else {
          out.println("UserName:     " + a.userName());
          out.println("LastUsedDate: " + (u.used() ? u.lastUsedDate().toString() : "N/A"));
          out.println("ServiceName:  " + u.serviceName());
          out.println("Region:       " + u.region());
        }
        return 0;
      }
    }
  }
}
