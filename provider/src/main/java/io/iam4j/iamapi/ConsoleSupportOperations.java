package io.iam4j.iamapi;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditLog;
import io.iam4j.audit.AuditQuery;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import io.iam4j.json.Location;
import io.iam4j.lint.Finding;
import io.iam4j.lint.PolicyLinter;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Problem;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Two actions the console needs that IAM itself does not answer, served on the IAM API with the
 * names and permissions of the AWS services that do: {@code ValidatePolicy} (IAM Access Analyzer's,
 * authorized as {@code access-analyzer:ValidatePolicy} on {@code *}) and {@code LookupEvents}
 * (CloudTrail's, authorized as {@code cloudtrail:LookupEvents} on {@code *}). Their request and reply
 * shapes follow the Query protocol of the rest of the API (the console contract, CONSOLE.md).
 *
 * <p>ValidatePolicy answers every problem the engine's parser finds (type {@code ERROR}) and, when
 * the document parses, every linter finding, each located by line, column and JSON pointer.
 * LookupEvents reads iam4j's own audit trail, the records of the caller's tenant only, newest first.
 */
public final class ConsoleSupportOperations implements IamOperations {
  private static final Logger LOG = Logger.getLogger(ConsoleSupportOperations.class.getName());
  /** The same parser settings the configuration loader uses: what it refuses is what loading refuses. */
  private static final PolicyParser PARSER = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));
  /** IAM's largest policy parameter (a managed policy document). */
  static final int MAX_DOCUMENT_CHARS = 131072;
  static final int MAX_RESULTS = 200;
  static final int DEFAULT_RESULTS = 50;
  /** How long LookupEvents waits for the trail's queue to be written, so that a call sees the calls before it. */
  private static final Duration FLUSH_WAIT = Duration.ofMillis(500);
  private static final Map<String, PolicyType> TYPES = Map.of("identity", PolicyType.IDENTITY, "resource", PolicyType.RESOURCE,
      "boundary", PolicyType.BOUNDARY, "session", PolicyType.SESSION, "trust", PolicyType.RESOURCE, "guardrail", PolicyType.GUARDRAIL);
  private static final Set<String> EVENT_TYPES = Set.of("decision", "signin", "config");
  private static final Set<String> DECISIONS = Set.of("Allow", "ExplicitDeny", "ImplicitDeny");

  private final Supplier<Optional<AuditLog>> trail;
  private final Supplier<io.iam4j.catalog.ActionCatalog> catalog;

  /** @param trail iam4j's audit trail, when it is the application's sink (else LookupEvents has nothing to read) */
  public ConsoleSupportOperations(Supplier<Optional<AuditLog>> trail) {
    this(trail, () -> io.iam4j.catalog.ActionCatalog.EMPTY);
  }

  /**
   * @param catalog the application's action catalog: ValidatePolicy also reports actions, resource
   *     ARNs and condition keys of the services it knows that no endpoint has ({@link io.iam4j.lint.CatalogLinter})
   */
  public ConsoleSupportOperations(Supplier<Optional<AuditLog>> trail, Supplier<io.iam4j.catalog.ActionCatalog> catalog) {
    this.trail = trail;
    this.catalog = catalog;
  }

  @Override
  public Set<String> actions() {
    return Set.of("ValidatePolicy", "LookupEvents");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "ValidatePolicy" -> validatePolicy(q, call, xml);
      case "LookupEvents" -> lookupEvents(q, call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  // ---- ValidatePolicy

  /** One located finding of ValidatePolicy. */
  record Located(String type, String code, String details, Location location, String pointer) {}

  private void validatePolicy(QueryRequest q, IamCall call, QueryXml xml) {
    call.authorize("access-analyzer:ValidatePolicy", "*");
    String text = q.required("PolicyDocument");
    if (text.length() > MAX_DOCUMENT_CHARS) {
      throw AwsError.constraint("policyDocument", text, "Member must have length less than or equal to " + MAX_DOCUMENT_CHARS);
    }
    String typeName = q.get("PolicyType").orElse("identity").toLowerCase(Locale.ROOT);
    PolicyType type = TYPES.get(typeName);
    if (type == null) {
      throw AwsError.constraint("policyType", typeName, "Member must satisfy enum value set: " + TYPES.keySet().stream().sorted().toList());
    }
    xml.open("Findings");
    for (Located f : findings(text, type, catalog.get())) {
      xml.open("member").text("FindingType", f.type()).text("IssueCode", f.code()).text("FindingDetails", f.details());
      if (f.location() != null && f.location().offset() >= 0) {
        xml.text("Line", f.location().line()).text("Column", f.location().column());
      }
      xml.text("Pointer", f.pointer()).close("member");
    }
    xml.close("Findings");
  }

  static List<Located> findings(String text, PolicyType type) {
    return findings(text, type, io.iam4j.catalog.ActionCatalog.EMPTY);
  }

  /**
   * The parser's problems, or (the document parsing) the linter's findings and the catalog's
   * (unknown actions, resource ARNs, condition keys of the application's services); located in {@code text}.
   */
  static List<Located> findings(String text, PolicyType type, io.iam4j.catalog.ActionCatalog catalog) {
    List<Located> out = new ArrayList<>();
    Policy policy;
    try {
      policy = PARSER.parse(text, type, "");
    } catch (PolicyException e) {
      for (Problem p : e.problems()) {
        String details = p.message();
        if (p.found() != null || p.expected() != null) {
          details += " (" + (p.found() == null ? "" : "found " + p.found()) + (p.found() != null && p.expected() != null ? "; " : "")
              + (p.expected() == null ? "" : "expected " + p.expected()) + ")";
        }
        out.add(new Located("ERROR", code(p), details, p.location(), p.pointer()));
      }
      return out;
    }
    JsonNode root;
    try {
      root = JsonReader.read(text);
    } catch (JsonReadException e) {
      root = null; // it parsed: cannot happen, and a finding without a location is still a finding
    }
    List<Finding> all = new ArrayList<>(PolicyLinter.lint(policy, root));
    if (root != null) {
      all.addAll(new io.iam4j.lint.CatalogLinter(catalog).lint(root));
    }
    for (Finding f : all) {
      JsonNode at = root == null ? null : node(root, f.pointer());
      out.add(new Located(f.severity().name(), f.code(), f.message(), at == null ? null : at.location(), f.pointer()));
    }
    return out;
  }

  /** A stable code for a parse problem: the kind of member it is about. */
  private static String code(Problem p) {
    if (p.expected() != null && p.expected().equals("a JSON policy document")) {
      return "JSON_SYNTAX";
    }
    String ptr = p.pointer() == null ? "" : p.pointer();
    String last = ptr.isEmpty() ? "" : ptr.substring(ptr.lastIndexOf('/') + 1);
    for (String member : List.of("Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal",
        "Condition", "Sid", "Version", "Statement")) {
      if (ptr.contains("/" + member)) {
        return "INVALID_" + member.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
      }
    }
    return last.isEmpty() ? "INVALID_DOCUMENT" : "INVALID_ELEMENT";
  }

  /** The node at an RFC 6901 pointer, or the deepest node on its way when a token is missing. */
  static JsonNode node(JsonNode root, String pointer) {
    if (pointer == null || pointer.isEmpty()) {
      return root;
    }
    JsonNode at = root;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      JsonNode next = null;
      if (at instanceof JsonNode.ObjectNode o) {
        next = o.get(token);
      } else if (at instanceof JsonNode.ArrayNode a && token.matches("[0-9]{1,9}") && Integer.parseInt(token) < a.elements().size()) {
        next = a.elements().get(Integer.parseInt(token));
      }
      if (next == null) {
        return at;
      }
      at = next;
    }
    return at;
  }

  // ---- LookupEvents

  /** A place in the trail: the file and line of a record; NextToken names the last one answered. */
  record Position(String file, int line) {
    String token() {
      return Base64.getUrlEncoder().withoutPadding().encodeToString((file + "\n" + line).getBytes(StandardCharsets.UTF_8));
    }

    static Position of(String token) {
      try {
        String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        return new Position(s.substring(0, nl), Integer.parseInt(s.substring(nl + 1)));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new AwsError("InvalidNextToken", 400, "Invalid NextToken: it is not the NextToken of an earlier answer");
      }
    }
  }

  private void lookupEvents(QueryRequest q, IamCall call, QueryXml xml) {
    call.authorize("cloudtrail:LookupEvents", "*");
    Instant start = time(q, "StartTime");
    Instant end = time(q, "EndTime");
    if (start != null && end != null && start.isAfter(end)) {
      throw new AwsError("InvalidTimeRange", 400, "Start time must be equal to or earlier than end time");
    }
    String type = q.get("EventType").filter(s -> !s.isEmpty()).orElse(null);
    if (type != null && !EVENT_TYPES.contains(type)) {
      throw AwsError.constraint("eventType", type, "Member must satisfy enum value set: [config, decision, signin]");
    }
    String decision = q.get("Decision").filter(s -> !s.isEmpty()).orElse(null);
    if (decision != null && !DECISIONS.contains(decision)) {
      throw AwsError.constraint("decision", decision, "Member must satisfy enum value set: [Allow, ExplicitDeny, ImplicitDeny]");
    }
    Integer max = q.integer("MaxResults");
    if (max != null && (max < 1 || max > MAX_RESULTS)) {
      throw AwsError.constraint("maxResults", max.toString(), "Member must have value between 1 and " + MAX_RESULTS);
    }
    int limit = max == null ? DEFAULT_RESULTS : max;
    Position after = q.get("NextToken").filter(s -> !s.isEmpty()).map(Position::of).orElse(null);
    // The tenant is the caller's, never the request's: another tenant's records are not there to find.
    AuditQuery.Filter filter = new AuditQuery.Filter(blankToNull(q.get("Principal")), blankToNull(q.get("EventAction")), null, decision,
        call.tenant().id(), type, start, end);
    xml.open("Events");
    Position last = null;
    boolean more = false;
    Optional<AuditLog> log = trail.get();
    if (log.isPresent()) {
      log.get().flush(FLUSH_WAIT);
      List<AuditQuery.Match> newestFirst;
      try {
        newestFirst = search(log.get().settings().dir(), filter, after, limit + 1);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "LookupEvents could not read the audit trail", e);
        throw new AwsError("ServiceFailure", 500, "The audit trail could not be read", false);
      }
      for (int i = 0; i < newestFirst.size(); i++) {
        if (i == limit) {
          more = true;
          break;
        }
        AuditQuery.Match m = newestFirst.get(i);
        event(xml, m);
        last = new Position(m.file().getFileName().toString(), m.line());
      }
    }
    xml.close("Events");
    if (more && last != null) {
      xml.text("NextToken", last.token());
    }
  }

  /**
   * Up to {@code wanted} matching records strictly before {@code after}, newest first. Files are read
   * newest first and the search stops as soon as enough are found, so a page costs the files it
   * spans, not the whole trail.
   */
  static List<AuditQuery.Match> search(Path dir, AuditQuery.Filter filter, Position after, int wanted) throws IOException {
    List<Path> files = new ArrayList<>(AuditFiles.expand(List.of(dir)));
    java.util.Collections.reverse(files);
    boolean found = after == null;
    List<AuditQuery.Match> out = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (!found) {
        if (!name.equals(after.file())) {
          continue;
        }
        found = true;
      }
      List<AuditQuery.Match> in = new ArrayList<>(AuditQuery.run(List.of(f), filter));
      java.util.Collections.reverse(in);
      for (AuditQuery.Match m : in) {
        if (after != null && name.equals(after.file()) && m.line() >= after.line()) {
          continue;
        }
        out.add(m);
        if (out.size() >= wanted) {
          return out;
        }
      }
    }
    if (!found) {
      throw new AwsError("InvalidNextToken", 400, "Invalid NextToken: its records are no longer in the trail");
    }
    return out;
  }

  private static void event(QueryXml xml, AuditQuery.Match m) {
    String type = m.get("type");
    xml.open("member").text("EventTime", m.get("time")).text("EventType", type);
    switch (type == null ? "" : type) {
      case "decision" -> {
        String reason;
        if (m.get("error") != null) {
          reason = m.get("error");
        } else if (!m.statements().isEmpty()) {
          reason = "by " + String.join(", ", m.statements());
        } else {
          String layer = m.get("noAllowIn") == null ? "identity" : m.get("noAllowIn");
          reason = "no " + java.util.Arrays.stream(PolicyType.values()).filter(t -> t.key().equals(layer)).findFirst()
              .map(PolicyType::words).orElse(layer) + " policy allows it";
        }
        xml.text("Principal", m.get("principal")).text("Action", m.get("action")).text("Resource", m.get("resource"))
            .text("Decision", m.get("decision")).text("Reason", reason);
      }
      case "signin" -> xml.text("Principal", m.get("principal")).text("Action", "signin:" + m.get("method"))
          .text("Decision", m.get("outcome")).text("Reason", m.get("reason"));
      case "config" -> {
        List<String> arns = m.list("arns");
        String resource = arns.isEmpty() ? null : String.join(", ", arns.subList(0, Math.min(arns.size(), 20)))
            + (arns.size() > 20 ? ", ..." : "");
        List<String> problems = m.list("problems");
        xml.text("Principal", m.get("actor")).text("Action", "config:" + m.get("change")).text("Resource", resource)
            .text("Reason", problems.isEmpty() ? m.get("cause") : m.get("cause") + ": " + String.join("; ", problems));
      }
      default -> { }
    }
    xml.text("RequestId", m.get("requestId")).close("member");
  }

  private static String blankToNull(Optional<String> v) {
    return v.filter(s -> !s.isBlank()).orElse(null);
  }

  private static Instant time(QueryRequest q, String param) {
    String v = q.get(param).filter(s -> !s.isBlank()).orElse(null);
    if (v == null) {
      return null;
    }
    try {
      return v.endsWith("Z") && !v.contains("+") ? Instant.parse(v) : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw AwsError.constraint(ApiSupport.lowerFirst(param), v, "Member must be an ISO-8601 time such as 2026-12-07T10:00:00Z");
    }
  }
}
