package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.advisor.AccessAdvisor;
import io.iam4j.advisor.AdvisedEntity;
import io.iam4j.advisor.LastAccessed;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Group;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.StatementRef;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iam access-advisor}: a user's, role's, group's or managed policy's service (or action)
 * last accessed report, offline, from the advisor's file ({@code CONFIG/state/access-advisor.json})
 * and the configuration: what GetServiceLastAccessedDetails answers, with the statement that granted
 * the latest allow.
 */
@Command(name = "access-advisor", mixinStandardHelpOptions = true,
    description = {"Last accessed report of a user, role, group or managed policy (IAM's access advisor), offline, from",
        "CONFIG/state/access-advisor.json (written by the running server) and the configuration.",
        "Services listed are those the entity's permissions policies allow; per service (and with --action-level per",
        "action) the last attempt (allowed or not), who made it, and the policy statement that granted the last allow.",
        "Exit status: 0 done; 1 bad usage, unknown tenant or entity."})
final class AccessAdvisorCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", defaultValue = "config", description = "configuration root (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(names = "--tenant", required = true)
  String tenant;

  @Option(names = "--entity", required = true, paramLabel = "ARN|user/NAME|role/NAME|group/NAME|policy/NAME",
      description = "the entity: its ARN, or its kind and name")
  String entity;

  @Option(names = "--action-level", description = "also each action of each service (Granularity ACTION_LEVEL)")
  boolean actionLevel;

  @Option(names = "--state", description = "the advisor's file (default: CONFIG/state/access-advisor.json)")
  Path state;

  @Option(names = "--catalog", description = "the application's action catalog (default: CONFIG/catalog.json when present)")
  Path catalog;

  @Option(names = "--json", description = "print GetServiceLastAccessedDetails' JSON shape (AWS CLI), with LastAuthenticatedStatement")
  boolean json;

  /** The catalog a command reads: --catalog, else CONFIG/catalog.json when present, else none. */
  static ActionCatalog catalog(Path option, Path config) throws IOException {
    Path file = option != null ? option : config.resolve("catalog.json");
    if (option == null && !Files.isRegularFile(file)) {
      return ActionCatalog.EMPTY;
    }
    return CatalogJson.read(file);
  }

  /** An entity's ARN from {@code user/NAME}, {@code role/NAME}, {@code group/NAME}, {@code policy/NAME} or an ARN. */
  static Optional<String> arn(Directory d, Tenant t, String entity) {
    if (entity.startsWith("arn:")) {
      return Optional.of(entity);
    }
    int slash = entity.indexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    String name = entity.substring(slash + 1);
    switch (entity.substring(0, slash)) {
      case "user" -> {
        User u = t.users().get(name);
        return Optional.ofNullable(u).map(x -> d.arns().user(t.id(), x.path(), x.name()));
      }
      case "role" -> {
        Role r = t.roles().get(name);
        return Optional.ofNullable(r).map(x -> d.arns().role(t.id(), x.path(), x.name()));
      }
      case "group" -> {
        Group g = t.groups().get(name);
        return Optional.ofNullable(g).map(x -> d.arns().group(t.id(), x.path(), x.name()));
      }
      case "policy" -> {
        return t.policies().values().stream().filter(p -> p.name().equals(name)).map(p -> p.arn()).findFirst()
            .or(() -> Optional.of(d.arns().providerPolicy(name)).filter(a -> d.providerPolicies().containsKey(a)));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ActionCatalog actions;
    try {
      actions = catalog(catalog, config);
    } catch (IOException | IamException e) {
      err.println("Cannot read the catalog: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(config));
        AccessAdvisor advisor = AccessAdvisor.readOnly(state != null ? state : AccessAdvisor.defaultFile(config))) {
      Directory d = store.directory();
      Optional<Tenant> t = d.tenant(tenant);
      if (t.isEmpty()) {
        err.println("No tenant \"" + tenant + "\" in " + config);
        return Main.EXIT_USAGE;
      }
      Optional<AdvisedEntity> e = arn(d, t.get(), entity).flatMap(a -> AdvisedEntity.resolve(d, t.get(), a));
      if (e.isEmpty()) {
        err.println("NoSuchEntity: no user, role, group or managed policy \"" + entity + "\" in tenant " + tenant);
        return Main.EXIT_USAGE;
      }
      LastAccessed.Report report = LastAccessed.of(advisor, tenant, e.get(),
          actionLevel ? LastAccessed.Granularity.ACTION_LEVEL : LastAccessed.Granularity.SERVICE_LEVEL, actions);
      if (json) {
        out.println(io.iam4j.cli.Json.pretty(json(report, advisor.trackingSince())));
      } else {
        table(out, report, advisor.trackingSince());
      }
      out.flush();
      return 0;
    } catch (IamException ex) {
      err.println(ex.getMessage());
      return Main.EXIT_USAGE;
    }
  }

  static jakarta.json.JsonObject json(LastAccessed.Report report, Instant since) {
    JsonArrayBuilder services = Json.createArrayBuilder();
    for (LastAccessed.Service s : report.services()) {
      JsonObjectBuilder b = Json.createObjectBuilder().add("ServiceName", s.serviceName()).add("ServiceNamespace", s.serviceNamespace());
      if (s.lastAuthenticated() != null) {
        b.add("LastAuthenticated", s.lastAuthenticated().toString()).add("LastAuthenticatedEntity", s.lastAuthenticatedEntity());
      }
      b.add("TotalAuthenticatedEntities", s.totalAuthenticatedEntities());
      if (s.lastStatement() != null) {
        b.add("LastAuthenticatedStatement", statement(s.lastStatement().statement(), s.lastStatement().lastAllowed()));
      }
      if (report.granularity() == LastAccessed.Granularity.ACTION_LEVEL) {
        JsonArrayBuilder tracked = Json.createArrayBuilder();
        for (LastAccessed.TrackedAction a : s.actions()) {
          JsonObjectBuilder ab = Json.createObjectBuilder().add("ActionName", a.actionName());
          if (a.lastAccessedTime() != null) {
            ab.add("LastAccessedTime", a.lastAccessedTime().toString()).add("LastAccessedEntity", a.lastAccessedEntity());
          }
          if (a.lastStatement() != null) {
            ab.add("LastAuthenticatedStatement", statement(a.lastStatement().statement(), a.lastStatement().lastAllowed()));
          }
          if (a.grantedBy() != null) {
            ab.add("AllowedByStatement", statement(a.grantedBy(), null));
          }
          tracked.add(ab);
        }
        b.add("TrackedActionsLastAccessed", tracked);
      }
      services.add(b);
    }
    return Json.createObjectBuilder().add("JobStatus", "COMPLETED").add("JobType", report.granularity().name())
        .add("Arn", report.entity().arn()).add("TrackingSince", since.toString()).add("ServicesLastAccessed", services).build();
  }

  static JsonObjectBuilder statement(StatementRef ref, Instant lastAllowed) {
    JsonObjectBuilder b = Json.createObjectBuilder().add("PolicyType", ref.type().key());
    int hash = ref.policy().indexOf('#');
    if (hash > 0) {
      b.add("PolicyName", ref.policy().substring(hash + 1)).add("PolicyOwner", ref.policy().substring(0, hash));
    } else {
      b.add("PolicyArn", ref.policy());
    }
    b.add("StatementIndex", ref.index());
    if (ref.sid() != null) {
      b.add("Sid", ref.sid());
    }
    if (lastAllowed != null) {
      b.add("LastAllowed", lastAllowed.toString());
    }
    return b;
  }

  /** {@code POLICY statement N (SID)}, short. */
  static String describe(StatementRef ref) {
    return ref.policy() + " statement " + ref.index() + (ref.sid() == null ? "" : " (" + ref.sid() + ")");
  }

  private static void table(PrintWriter out, LastAccessed.Report report, Instant since) {
    out.println(report.entity().kind().entityType + " " + report.entity().arn() + " (tracked since " + since + ")");
    if (report.services().isEmpty()) {
      out.println("  its permissions policies allow no service");
    }
    for (LastAccessed.Service s : report.services()) {
      out.printf("  %-24s %-22s %s%n", s.serviceNamespace(), s.lastAuthenticated() == null ? "Not accessed" : s.lastAuthenticated(),
          s.lastAuthenticated() == null ? "" : "by " + s.lastAuthenticatedEntity() + " (" + s.totalAuthenticatedEntities() + " entities)"
              + (s.lastStatement() == null ? "" : ", last allowed by " + describe(s.lastStatement().statement())));
      for (LastAccessed.TrackedAction a : s.actions()) {
        out.printf("    %-22s %-22s %s%n", a.actionName(), a.lastAccessedTime() == null ? "Not accessed" : a.lastAccessedTime(),
            a.lastStatement() != null ? "allowed by " + describe(a.lastStatement().statement())
                : a.grantedBy() != null ? "allowable by " + describe(a.grantedBy()) : "");
      }
    }
  }
}
