package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditKeys;
import io.iam4j.audit.AuditQuery;
import io.iam4j.audit.AuditVerifier;
import io.iam4j.crypto.ServerKey;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code iam audit}: prove the audit trail was not edited, and ask it questions. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "The audit trail: one hash-chained JSON line per decision and configuration change.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Query.class, AuditCommand.Shadow.class, AuditCommand.PublicKeyOf.class})
final class AuditCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Exit status of {@code verify} when the trail was edited. */
  static final int EXIT_TAMPERED = 2;

  private static List<Path> files(List<Path> args, PrintWriter err) {
    try {
      List<Path> files = AuditFiles.expand(args);
      for (Path f : files) {
        if (!Files.isRegularFile(f)) {
          err.println("No audit file " + f);
          return null;
        }
      }
      if (files.isEmpty()) {
        err.println("No audit files in " + args);
        return null;
      }
      return files;
    } catch (IOException e) {
      err.println("Cannot read " + args + ": " + e.getMessage());
      return null;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
        "Check that the trail was not edited. Given one directory, the whole trail: every record chains to the",
        "one before, every file names the one before it, every anchor (first records, checkpoints) is signed,",
        "the trail starts at its signed genesis and reaches the checkpoint its signed head file names.",
        "Given files, just that stretch (its ends are not checked). Restarts the server recorded after a",
        "crash are listed as recoveries, apart from tampering. Records after the last checkpoint are not",
        "covered: the output says from which seq on.",
        "Signatures are checked with --public-key (needs no secret); --key-file derives it from the server",
        "key. Without either, a directory's own " + AuditKeys.PUBLIC_KEY_FILE + " is used, and its key id printed",
        "to compare with the one you recorded: whoever can write the trail can replace that file too.",
        "Exit status: 0 intact, 2 edited, 1 unreadable input."
      })
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "a trail directory, or trail files (*.jsonl)")
    List<Path> args;

    @Option(names = "--public-key", paramLabel = "PEM", description = "the trail's Ed25519 public key (iam audit public-key)")
    Path publicKeyFile;

    @Option(names = "--key-file", description = "the server key: the public key is derived from it")
    Path keyFile;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      boolean trail = args.size() == 1 && Files.isDirectory(args.get(0));
      List<Path> files = trail ? List.of() : files(args, err);
      if (files == null) {
        return Main.EXIT_USAGE;
      }
      String keyNote;
      PublicKey key;
      try {
        if (publicKeyFile != null) {
          key = AuditKeys.readPublicKey(publicKeyFile);
          keyNote = "public key " + publicKeyFile + " (key id " + AuditKeys.keyId(key) + ")";
        } else if (keyFile != null) {
          if (!Files.isRegularFile(keyFile)) {
            err.println("No key file " + keyFile);
            return Main.EXIT_USAGE;
          }
          key = AuditKeys.publicKey(ServerKey.fromFile(keyFile));
          keyNote = "public key derived from " + keyFile + " (key id " + AuditKeys.keyId(key) + ")";
        } else if (trail && Files.isRegularFile(args.get(0).resolve(AuditKeys.PUBLIC_KEY_FILE))) {
          key = AuditKeys.readPublicKey(args.get(0).resolve(AuditKeys.PUBLIC_KEY_FILE));
          keyNote = "public key " + AuditKeys.PUBLIC_KEY_FILE + " read from the trail itself (key id " + AuditKeys.keyId(key)
              + "): compare the key id with the one you recorded, or pass --public-key";
        } else {
          key = null;
          keyNote = "no public key: signatures not checked";
        }
      } catch (IOException | IamException e) {
        err.println(e.getMessage());
        return Main.EXIT_USAGE;
      }
      AuditVerifier.Report report;
      try {
        report = trail ? AuditVerifier.verifyTrail(args.get(0), key) : AuditVerifier.verify(files, key);
      } catch (IOException e) {
        err.println("Cannot read the trail: " + e.getMessage());
        return Main.EXIT_USAGE;
      }
      if (report.files().isEmpty() && report.ok()) {
        err.println("No audit files in " + args);
        return Main.EXIT_USAGE;
      }
      if ("json".equalsIgnoreCase(format)) {
        out.println(Json.pretty(json(report, keyNote)));
      } else {
        out.println("key: " + keyNote);
        for (AuditVerifier.FileResult f : report.files()) {
          out.println(f.file() + ": " + f.records() + " records" + (f.records() > 0 ? " (seq " + f.firstSeq() + " to " + f.lastSeq() + ")" : "")
              + ", signature " + f.signature());
        }
        for (String n : report.notes()) {
          out.println("note: " + n);
        }
        for (AuditVerifier.Recovery r : report.recoveries()) {
          out.println(r);
        }
        for (AuditVerifier.Finding f : report.findings()) {
          out.println(f);
        }
        out.println(report.ok() ? "OK: the chain is intact" + (trail ? " from its genesis to its head" : "")
            + (report.coveredTo() >= 0 ? "; signed up to seq " + report.coveredTo() : "")
            + (report.recoveries().isEmpty() ? "" : "; " + report.recoveries().size() + " recorded recovery(ies)")
            : "TAMPERED: " + report.findings().size() + " finding(s)");
      }
      return report.ok() ? 0 : EXIT_TAMPERED;
    }

    private static jakarta.json.JsonObject json(AuditVerifier.Report report, String keyNote) {
      JsonArrayBuilder files = jakarta.json.Json.createArrayBuilder();
      for (AuditVerifier.FileResult f : report.files()) {
        files.add(jakarta.json.Json.createObjectBuilder().add("file", f.file().toString()).add("records", f.records())
            .add("firstSeq", f.firstSeq()).add("lastSeq", f.lastSeq()).add("signature", f.signature()));
      }
      JsonArrayBuilder findings = jakarta.json.Json.createArrayBuilder();
      for (AuditVerifier.Finding f : report.findings()) {
        findings.add(jakarta.json.Json.createObjectBuilder().add("file", f.file().toString()).add("line", f.line())
            .add("seq", f.seq()).add("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT)).add("message", f.message()));
      }
      JsonArrayBuilder notes = jakarta.json.Json.createArrayBuilder();
      report.notes().forEach(notes::add);
      JsonArrayBuilder recoveries = jakarta.json.Json.createArrayBuilder();
      for (AuditVerifier.Recovery r : report.recoveries()) {
        recoveries.add(jakarta.json.Json.createObjectBuilder().add("file", r.file().toString()).add("seq", r.seq())
            .add("message", r.message()));
      }
      return jakarta.json.Json.createObjectBuilder().add("ok", report.ok()).add("key", keyNote).add("coveredTo", report.coveredTo())
          .add("lastSeq", report.lastSeq()).add("files", files).add("findings", findings).add("recoveries", recoveries)
          .add("notes", notes).build();
    }
  }

  @Command(name = "public-key", mixinStandardHelpOptions = true,
      description = {
        "Print the audit trail's Ed25519 public key (PEM) derived from the server key, and its key id. Keep a",
        "copy away from the server: with it, anyone can verify the trail offline (iam audit verify --public-key)."
      })
  static final class PublicKeyOf implements Callable<Integer> {
    @Option(names = "--key-file", required = true, description = "the server key")
    Path keyFile;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(keyFile)) {
        spec.commandLine().getErr().println("No key file " + keyFile);
        return Main.EXIT_USAGE;
      }
      try {
        PublicKey key = AuditKeys.publicKey(ServerKey.fromFile(keyFile));
        spec.commandLine().getOut().print(AuditKeys.pem(key));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("key id " + AuditKeys.keyId(key));
        return 0;
      } catch (IamException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return Main.EXIT_USAGE;
      }
    }
  }

  @Command(name = "query", mixinStandardHelpOptions = true,
      description = {
        "Find records: who did what, when, and why it was allowed. Filters combine with AND; --principal,",
        "--action and --resource take * and ? wildcards. A directory stands for its trail files.",
        "Exit status: 0 (also when nothing matched), 1 unreadable input or a bad option."
      })
  static final class Query implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "trail files (*.jsonl) or directories holding them")
    List<Path> args;

    @Option(names = "--principal", description = "the caller's ARN, e.g. arn:iam4j:iam::acme:user/dave or '*:user/dave'")
    String principal;

    @Option(names = "--action", description = "e.g. docs:PutObject or 'docs:Delete*' (any case)")
    String action;

    @Option(names = "--resource", description = "a resource ARN, e.g. 'arn:iam4j:docs::acme:bucket/reports/*'")
    String resource;

    @Option(names = "--decision", description = "Allow, ExplicitDeny, ImplicitDeny or Deny (both)")
    String decision;

    @Option(names = "--tenant", description = "the caller's tenant (for configuration records: the tenant changed)")
    String tenant;

    @Option(names = "--type", description = "decision, config, signin, shadow, dropped, file, checkpoint or recovery (default: all)")
    String type;

    @Option(names = "--since", description = "2026-07-01T10:00:00Z, 2026-07-01 (UTC), or an age: 30m, 12h, 7d")
    String since;

    @Option(names = "--until", description = "the same forms as --since; records before it")
    String until;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<Path> files = files(args, err);
      if (files == null) {
        return Main.EXIT_USAGE;
      }
      Instant now = Instant.now();
      AuditQuery.Filter filter;
      try {
        filter = new AuditQuery.Filter(principal, action, resource, decision, tenant, type,
            since == null ? null : AuditQuery.time(since, now), until == null ? null : AuditQuery.time(until, now));
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return Main.EXIT_USAGE;
      }
      List<AuditQuery.Match> matches;
      try {
        matches = AuditQuery.run(files, filter);
      } catch (IOException e) {
        err.println("Cannot read the trail: " + e.getMessage());
        return Main.EXIT_USAGE;
      }
      if ("json".equalsIgnoreCase(format)) {
        JsonArrayBuilder records = jakarta.json.Json.createArrayBuilder();
        for (AuditQuery.Match m : matches) {
          records.add(jakarta.json.Json.createReader(new StringReader(m.json())).readObject());
        }
        JsonObjectBuilder o = jakarta.json.Json.createObjectBuilder().add("count", matches.size()).add("records", records);
        out.println(Json.pretty(o.build()));
      } else {
        matches.forEach(m -> out.println(text(m)));
        err.println(matches.size() + " record(s)");
      }
      return 0;
    }

    /** One line a person reads: when, who, what, on what, the answer and why. */
    static String text(AuditQuery.Match m) {
      String type = m.get("type");
      if ("decision".equals(type)) {
        String why;
        if (m.get("error") != null) {
          why = m.get("error");
        } else if (!m.statements().isEmpty()) {
          why = "by " + String.join(", ", m.statements());
        } else {
          String layer = m.get("noAllowIn") == null ? "identity" : m.get("noAllowIn");
          why = "no " + java.util.Arrays.stream(io.iam4j.policy.PolicyType.values()).filter(t -> t.key().equals(layer))
              .map(io.iam4j.policy.PolicyType::words).findFirst().orElse(layer) + " policy allows";
        }
        return m.get("time") + "  " + m.get("decision") + "  " + m.get("principal") + "  " + m.get("action") + "  "
            + (m.get("resource") == null ? "-" : m.get("resource")) + "  " + why
            + ("true".equals(m.get("cached")) ? " (cached)" : "") + "  [v" + m.get("configVersion") + " " + m.get("requestId") + "]";
      }
      if ("config".equals(type)) {
        List<String> what = m.list("arns").isEmpty() ? m.list("files") : m.list("arns");
        return m.get("time") + "  config " + m.get("change") + "  tenant " + m.get("tenant") + "  v" + m.get("oldVersion") + " -> v"
            + m.get("newVersion") + "  (" + m.get("cause") + ")" + (what.isEmpty() ? "" : "  " + String.join(", ", what))
            + (m.list("problems").isEmpty() ? "" : "  refused: " + String.join("; ", m.list("problems")))
            + (m.digests().isEmpty() ? "" : "  [" + String.join(", ", m.digests()) + "]");
      }
      if ("shadow".equals(type)) {
        return m.get("time") + "  shadow " + m.get("result") + "  " + m.get("policy") + " " + m.get("version") + " (live "
            + m.get("liveVersion") + ")  " + m.get("principal") + "  " + m.get("action") + "  " + (m.get("resource") == null ? "-" : m.get("resource"))
            + "  live " + m.get("decision") + (m.statements().isEmpty() ? "" : " by " + String.join(", ", m.statements()))
            + ", draft " + m.get("shadowDecision") + (Shadow.refs(m, "shadowStatements").isEmpty() ? ""
                : " by " + String.join(", ", Shadow.refs(m, "shadowStatements")));
      }
      if ("dropped".equals(type)) {
        return m.get("time") + "  DROPPED " + m.get("count") + " record(s) under overload (" + m.get("total") + " since start)";
      }
      if ("recovery".equals(type)) {
        return m.get("time") + "  RECOVERY  " + m.get("file") + " after " + m.get("previousFile") + " ended at seq " + m.get("previousLastSeq")
            + " unclosed (" + m.get("cause") + ", " + m.get("droppedBytes") + " bytes dropped, head " + m.get("head") + ")";
      }
      return m.get("time") + "  " + type + "  " + m.get("file") + (m.get("reason") == null ? "" : " (" + m.get("reason") + ")");
    }
  }

  @Command(name = "shadow", mixinStandardHelpOptions = true,
      description = {
        "Summarize what draft policy versions in shadow would change: the trail's shadow records (one per request a",
        "draft answers differently from the live version), counted per policy, draft and result (newly_allowed,",
        "newly_denied), with the requests that differ most often. Requests a draft answers the same way are counted",
        "by the server only (GetPolicyVersionShadow, metric iam4j.shadow.decisions), not recorded.",
        "Exit status: 0, or 2 with --fail-on when a matching difference was recorded (a CI gate before promoting);",
        "1 unreadable input or a bad option."
      })
  static final class Shadow implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "trail files (*.jsonl) or directories holding them")
    List<Path> args;

    @Option(names = "--policy", description = "the managed policy's ARN (* and ? wildcards)")
    String policy;

    @Option(names = "--version", description = "the draft version, e.g. v3")
    String version;

    @Option(names = "--tenant", description = "the tenant")
    String tenant;

    @Option(names = "--since", description = "2026-07-01T10:00:00Z, 2026-07-01 (UTC), or an age: 30m, 12h, 7d")
    String since;

    @Option(names = "--until", description = "the same forms as --since; records before it")
    String until;

    @Option(names = "--fail-on", description = "newly_denied, newly_allowed or any: exit 2 when such a difference was recorded")
    String failOn;

    @Option(names = "--top", defaultValue = "10", description = "requests listed per draft (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    /** A statement list field of a record as {@code POLICY#SID}. */
    static List<String> refs(AuditQuery.Match m, String field) {
      List<String> out = new java.util.ArrayList<>();
      if (m.fields().get(field) instanceof io.iam4j.json.JsonNode.ArrayNode a) {
        for (io.iam4j.json.JsonNode n : a.elements()) {
          if (n instanceof io.iam4j.json.JsonNode.ObjectNode o) {
            AuditQuery.Match s = new AuditQuery.Match(m.file(), m.line(), "", o);
            out.add(s.get("policy") + "#" + (s.get("sid") != null ? s.get("sid") : s.get("statement")));
          }
        }
      }
      return out;
    }

    /** One draft's differences: counts by result, and by request (principal, action, resource, result). */
    record Draft(String tenant, String policy, String version, String liveVersion, java.util.Map<String, Long> results,
        java.util.Map<String, Long> requests, String first, String last) {}

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (failOn != null && !List.of("newly_denied", "newly_allowed", "any").contains(failOn)) {
        err.println("--fail-on is newly_denied, newly_allowed or any; found " + failOn);
        return Main.EXIT_USAGE;
      }
      List<Path> files = files(args, err);
      if (files == null) {
        return Main.EXIT_USAGE;
      }
      Instant now = Instant.now();
      List<AuditQuery.Match> matches;
      try {
        AuditQuery.Filter filter = new AuditQuery.Filter(null, null, null, null, tenant, "shadow",
            since == null ? null : AuditQuery.time(since, now), until == null ? null : AuditQuery.time(until, now));
        matches = AuditQuery.run(files, filter);
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return Main.EXIT_USAGE;
      } catch (IOException e) {
        err.println("Cannot read the trail: " + e.getMessage());
        return Main.EXIT_USAGE;
      }
      java.util.regex.Pattern policyGlob = policy == null ? null : glob(policy);
      java.util.Map<List<String>, Draft> drafts = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
      boolean failed = false;
      for (AuditQuery.Match m : matches) {
        if (policyGlob != null && (m.get("policy") == null || !policyGlob.matcher(m.get("policy")).matches())
            || version != null && !version.equals(m.get("version"))) {
          continue;
        }
        List<String> key = List.of(String.valueOf(m.get("tenant")), String.valueOf(m.get("policy")), String.valueOf(m.get("version")),
            String.valueOf(m.get("liveVersion")));
        Draft d = drafts.computeIfAbsent(key, k -> new Draft(k.get(0), k.get(1), k.get(2), k.get(3), new java.util.TreeMap<>(),
            new java.util.HashMap<>(), m.get("time"), m.get("time")));
        String result = String.valueOf(m.get("result"));
        d.results().merge(result, 1L, Long::sum);
        d.requests().merge(result + "  " + m.get("principal") + "  " + m.get("action") + "  " + m.get("resource"), 1L, Long::sum);
        drafts.put(key, new Draft(d.tenant(), d.policy(), d.version(), d.liveVersion(), d.results(), d.requests(), d.first(), m.get("time")));
        failed |= failOn != null && (failOn.equals("any") || failOn.equals(result));
      }
      if ("json".equalsIgnoreCase(format)) {
        JsonArrayBuilder list = jakarta.json.Json.createArrayBuilder();
        for (Draft d : drafts.values()) {
          JsonObjectBuilder results = jakarta.json.Json.createObjectBuilder();
          d.results().forEach(results::add);
          JsonArrayBuilder requests = jakarta.json.Json.createArrayBuilder();
          for (java.util.Map.Entry<String, Long> e : topRequests(d)) {
            String[] f = e.getKey().split("  ", 4);
            requests.add(jakarta.json.Json.createObjectBuilder().add("result", f[0]).add("principal", f[1]).add("action", f[2])
                .add("resource", f[3]).add("count", e.getValue()));
          }
          list.add(jakarta.json.Json.createObjectBuilder().add("tenant", d.tenant()).add("policy", d.policy()).add("version", d.version())
              .add("liveVersion", d.liveVersion()).add("first", d.first()).add("last", d.last()).add("results", results)
              .add("requests", requests));
        }
        out.println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("drafts", list).build()));
      } else {
        for (Draft d : drafts.values()) {
          out.println(d.policy() + " " + d.version() + " (live " + d.liveVersion() + ", tenant " + d.tenant() + "): "
              + d.results().getOrDefault("newly_denied", 0L) + " newly denied, " + d.results().getOrDefault("newly_allowed", 0L)
              + " newly allowed, " + d.first() + " to " + d.last());
          for (java.util.Map.Entry<String, Long> e : topRequests(d)) {
            out.println("  " + e.getValue() + "x  " + e.getKey());
          }
        }
        err.println(drafts.size() + " draft(s) with differences");
      }
      return failed ? Main.EXIT_INVALID : 0;
    }

    private List<java.util.Map.Entry<String, Long>> topRequests(Draft d) {
      return d.requests().entrySet().stream()
          .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(java.util.Map.Entry.comparingByKey()))
          .limit(Math.max(0, top)).toList();
    }

    private static java.util.regex.Pattern glob(String pattern) {
      StringBuilder re = new StringBuilder();
      for (char c : pattern.toCharArray()) {
        re.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
      }
      return java.util.regex.Pattern.compile(re.toString());
    }
  }
}
