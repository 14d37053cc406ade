package io.iam4j.advisor;

import io.iam4j.advisor.AccessAdvisor.ActionRecord;
import io.iam4j.eval.StatementRef;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import io.iam4j.policy.Effect;
import io.iam4j.policy.PolicyPrinter;
import io.iam4j.policy.PolicyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The access advisor's file, {@code CONFIG/state/access-advisor.json}:
 *
 * <pre>{@code
 * {"version": 1, "trackingSince": "2026-12-07T11:00:00Z", "tenants": {"acme": {
 *   "principals": {"arn:iam4j:iam::acme:user/alice": {"passwordLastUsed": "...", "actions": {
 *     "docs:GetObject": {"lastAuthenticated": "...", "lastAllowed": "...",
 *                        "statement": {"type": "identity", "policy": "arn:...", "index": 0, "sid": "Read"}}}}},
 *   "policies": {"arn:iam4j:iam::acme:policy/Readers": {"docs:GetObject": {
 *     "arn:iam4j:iam::acme:user/alice": {"lastAllowed": "...", "statement": {...}}}}}}}}
 * }</pre>
 *
 * Reading never fails: a missing file is an empty state, a file that does not parse is logged and
 * read as empty (the advisor starts again rather than the server not starting), and a malformed
 * entry is logged (with its JSON pointer) and skipped.
 */
final class AdvisorFile {
  private static final Logger LOG = Logger.getLogger(AdvisorFile.class.getName());

  private AdvisorFile() {}

  record State(Instant trackingSince, Map<String, TenantState> tenants) {}

  record TenantState(Map<String, PrincipalState> principals, Map<String, Map<String, Map<String, ActionRecord>>> policies) {}

  record PrincipalState(Instant passwordLastUsed, Map<String, ActionRecord> actions) {}

  static State read(Path file) {
    Map<String, TenantState> tenants = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return new State(null, tenants);
    }
    Instant since = null;
    try {
      JsonNode root = JsonReader.read(Files.readString(file, StandardCharsets.UTF_8));
      if (!(root instanceof JsonNode.ObjectNode o) || !(o.get("tenants") instanceof JsonNode.ObjectNode ts)) {
        LOG.warning(() -> "The access advisor file " + file + " has no \"tenants\" object; starting without it");
        return new State(null, tenants);
      }
      since = instant(o.get("trackingSince"));
      for (JsonNode.Member t : ts.members()) {
        if (!(t.value() instanceof JsonNode.ObjectNode tenant)) {
          skip(file, t.value());
          continue;
        }
        Map<String, PrincipalState> principals = new TreeMap<>();
        if (tenant.get("principals") instanceof JsonNode.ObjectNode ps) {
          for (JsonNode.Member p : ps.members()) {
            if (!(p.value() instanceof JsonNode.ObjectNode po) || !(po.get("actions") instanceof JsonNode.ObjectNode acts)) {
              skip(file, p.value());
              continue;
            }
            Map<String, ActionRecord> actions = new TreeMap<>();
            for (JsonNode.Member a : acts.members()) {
              ActionRecord r = record(a.value());
              if (r == null || a.name().length() > AccessAdvisor.MAX_ACTION_CHARS) {
                skip(file, a.value());
              } else {
                actions.put(a.name(), r);
              }
            }
            principals.put(p.name(), new PrincipalState(instant(po.get("passwordLastUsed")), actions));
          }
        }
        Map<String, Map<String, Map<String, ActionRecord>>> policies = new TreeMap<>();
        if (tenant.get("policies") instanceof JsonNode.ObjectNode pols) {
          for (JsonNode.Member pol : pols.members()) {
            if (!(pol.value() instanceof JsonNode.ObjectNode byAction)) {
              skip(file, pol.value());
              continue;
            }
            Map<String, Map<String, ActionRecord>> actions = new TreeMap<>();
            for (JsonNode.Member a : byAction.members()) {
              if (!(a.value() instanceof JsonNode.ObjectNode byPrincipal)) {
                skip(file, a.value());
                continue;
              }
              Map<String, ActionRecord> who = new TreeMap<>();
              for (JsonNode.Member w : byPrincipal.members()) {
                ActionRecord r = record(w.value());
                if (r == null) {
                  skip(file, w.value());
                } else {
                  who.put(w.name(), r);
                }
              }
              actions.put(a.name(), who);
            }
            policies.put(pol.name(), actions);
          }
        }
        tenants.put(t.name(), new TenantState(principals, policies));
      }
    } catch (IOException | JsonReadException e) {
      LOG.log(Level.WARNING, "Cannot read the access advisor file " + file + "; starting without it", e);
      return new State(null, new TreeMap<>());
    }
    return new State(since, tenants);
  }

  private static void skip(Path file, JsonNode n) {
    LOG.warning(() -> "Skipping a malformed entry of " + file + " at " + n.pointer());
  }

  private static Instant instant(JsonNode n) {
    if (n instanceof JsonNode.StringNode s) {
      try {
        return Instant.parse(s.value());
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  /** A record: at least one of the two times; a statement only with {@code lastAllowed}. */
  private static ActionRecord record(JsonNode n) {
    if (!(n instanceof JsonNode.ObjectNode o)) {
      return null;
    }
    Instant auth = instant(o.get("lastAuthenticated"));
    Instant allowed = instant(o.get("lastAllowed"));
    if (auth == null && allowed == null) {
      return null;
    }
    StatementRef ref = null;
    if (o.get("statement") instanceof JsonNode.ObjectNode st) {
      ref = statement(st);
      if (ref == null) {
        return null;
      }
    }
    return new ActionRecord(auth == null ? allowed : auth, allowed, ref);
  }

  private static StatementRef statement(JsonNode.ObjectNode st) {
    if (!(st.get("type") instanceof JsonNode.StringNode type) || !(st.get("policy") instanceof JsonNode.StringNode policy)
        || !(st.get("index") instanceof JsonNode.NumberNode index)) {
      return null;
    }
    try {
      PolicyType t = PolicyType.valueOf(type.value().toUpperCase(Locale.ROOT));
      int i = Integer.parseInt(index.text());
      String sid = st.get("sid") instanceof JsonNode.StringNode s ? s.value() : null;
      return i < 0 ? null : new StatementRef(t, policy.value(), i, sid, Effect.ALLOW);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String print(State state) {
    StringBuilder sb = new StringBuilder(4096).append("{\n  \"version\": 1,\n  \"trackingSince\": ");
    PolicyPrinter.str(sb, state.trackingSince().toString());
    sb.append(",\n  \"tenants\": {");
    boolean firstTenant = true;
    for (Map.Entry<String, TenantState> t : state.tenants().entrySet()) {
      sb.append(firstTenant ? "\n    " : ",\n    ");
      firstTenant = false;
      PolicyPrinter.str(sb, t.getKey());
      sb.append(": {\n      \"principals\": {");
      boolean first = true;
      for (Map.Entry<String, PrincipalState> p : t.getValue().principals().entrySet()) {
        sb.append(first ? "\n        " : ",\n        ");
        first = false;
        PolicyPrinter.str(sb, p.getKey());
        sb.append(": {");
        if (p.getValue().passwordLastUsed() != null) {
          sb.append("\"passwordLastUsed\": ");
          PolicyPrinter.str(sb, p.getValue().passwordLastUsed().toString());
          sb.append(", ");
        }
        sb.append("\"actions\": {");
        boolean firstAction = true;
        for (Map.Entry<String, ActionRecord> a : p.getValue().actions().entrySet()) {
          sb.append(firstAction ? "\n          " : ",\n          ");
          firstAction = false;
          PolicyPrinter.str(sb, a.getKey());
          sb.append(": ");
          record(sb, a.getValue());
        }
        sb.append(firstAction ? "}}" : "\n        }}");
      }
      sb.append(first ? "},\n      \"policies\": {" : "\n      },\n      \"policies\": {");
      first = true;
      for (Map.Entry<String, Map<String, Map<String, ActionRecord>>> pol : t.getValue().policies().entrySet()) {
        sb.append(first ? "\n        " : ",\n        ");
        first = false;
        PolicyPrinter.str(sb, pol.getKey());
        sb.append(": {");
        boolean firstAction = true;
        for (Map.Entry<String, Map<String, ActionRecord>> a : pol.getValue().entrySet()) {
          sb.append(firstAction ? "\n          " : ",\n          ");
          firstAction = false;
          PolicyPrinter.str(sb, a.getKey());
          sb.append(": {");
          boolean firstWho = true;
          for (Map.Entry<String, ActionRecord> w : a.getValue().entrySet()) {
            sb.append(firstWho ? "\n            " : ",\n            ");
            firstWho = false;
            PolicyPrinter.str(sb, w.getKey());
            sb.append(": ");
            record(sb, w.getValue());
          }
          sb.append(firstWho ? "}" : "\n          }");
        }
        sb.append(firstAction ? "}" : "\n        }");
      }
      sb.append(first ? "}\n    }" : "\n      }\n    }");
    }
    return sb.append(firstTenant ? "}\n}\n" : "\n  }\n}\n").toString();
  }

  private static void record(StringBuilder sb, ActionRecord r) {
    sb.append('{');
    boolean comma = false;
    if (r.lastAuthenticated() != null) {
      sb.append("\"lastAuthenticated\": ");
      PolicyPrinter.str(sb, r.lastAuthenticated().toString());
      comma = true;
    }
    if (r.lastAllowed() != null) {
      sb.append(comma ? ", " : "").append("\"lastAllowed\": ");
      PolicyPrinter.str(sb, r.lastAllowed().toString());
      comma = true;
    }
    StatementRef s = r.statement();
    if (s != null && r.lastAllowed() != null) {
      sb.append(comma ? ", " : "").append("\"statement\": {\"type\": ");
      PolicyPrinter.str(sb, s.type().key());
      sb.append(", \"policy\": ");
      PolicyPrinter.str(sb, s.policy());
      sb.append(", \"index\": ").append(s.index());
      if (s.sid() != null) {
        sb.append(", \"sid\": ");
        PolicyPrinter.str(sb, s.sid());
      }
      sb.append('}');
    }
    sb.append('}');
  }
}
