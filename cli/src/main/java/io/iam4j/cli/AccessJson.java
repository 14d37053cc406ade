package io.iam4j.cli;

import io.iam4j.analysis.AccessCheckResult;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Decision;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintWriter;
import java.util.Map;

/** Prints no-new-access and reachability answers: JSON for programs, text for people. */
final class AccessJson {
  private AccessJson() {}

  static JsonObjectBuilder result(AccessCheckResult r) {
    JsonArrayBuilder reasons = jakarta.json.Json.createArrayBuilder();
    for (AccessCheckResult.Reason x : r.reasons()) {
      JsonObjectBuilder b = jakarta.json.Json.createObjectBuilder().add("description", x.description()).add("policy", x.policy())
          .add("statementIndex", x.statementIndex());
      if (x.statementId() != null) {
        b.add("statementId", x.statementId());
      }
      reasons.add(b.add("counterexample", counterexample(x.counterexample())));
    }
    JsonObjectBuilder b = jakarta.json.Json.createObjectBuilder().add("result", r.result().name()).add("message", r.message())
        .add("reasons", reasons);
    r.counterexample().ifPresent(c -> b.add("counterexample", counterexample(c)));
    JsonArrayBuilder notes = jakarta.json.Json.createArrayBuilder();
    r.notes().forEach(notes::add);
    return b.add("complete", r.complete()).add("notes", notes).add("evaluations", r.evaluations());
  }

  static JsonObjectBuilder counterexample(AccessCheckResult.Counterexample c) {
    AuthorizationRequest q = c.request();
    JsonObjectBuilder ctx = jakarta.json.Json.createObjectBuilder();
    for (Map.Entry<String, ContextValue> e : q.context().asMap().entrySet()) {
      if (e.getValue().multiValued()) {
        JsonArrayBuilder a = jakarta.json.Json.createArrayBuilder();
        e.getValue().values().forEach(a::add);
        ctx.add(e.getKey(), a);
      } else {
        ctx.add(e.getKey(), e.getValue().values().get(0));
      }
    }
    JsonObjectBuilder b = jakarta.json.Json.createObjectBuilder().add("principal", q.caller().display()).add("action", q.action())
        .add("resource", q.resource());
    if (q.resourceAccount() != null) {
      b.add("resourceAccount", q.resourceAccount());
    }
    return b.add("context", ctx).add("updatedDecision", Json.decision(c.updated(), c.updated().message(q)))
        .add("existingDecision", Json.decision(c.existing(), c.existing().message(q)));
  }

  static void text(PrintWriter out, String label, AccessCheckResult r) {
    out.println(r.result() + (label.isEmpty() ? "" : " " + label) + ": " + r.message());
    for (AccessCheckResult.Reason x : r.reasons()) {
      out.println("  reason: " + x.description());
    }
    r.counterexample().ifPresent(c -> text(out, c));
    for (String n : r.notes()) {
      out.println("  note: " + n);
    }
  }

  static void text(PrintWriter out, AccessCheckResult.Counterexample c) {
    AuthorizationRequest q = c.request();
    out.println("  counterexample:");
    out.println("    principal: " + q.caller().display());
    out.println("    action:    " + q.action());
    out.println("    resource:  " + q.resource() + (q.resourceAccount() == null ? "" : " (tenant " + q.resourceAccount() + ")"));
    q.context().asMap().forEach((k, v) -> out.println("    context:   " + k + " = " + (v.multiValued() ? v.values() : v.values().get(0))));
    out.println("    updated:   " + decision(c.updated(), q));
    out.println("    existing:  " + decision(c.existing(), q));
  }

  private static String decision(Decision d, AuthorizationRequest q) {
    return d.outcome().json() + (d.deciding().isEmpty() ? "" : " by " + d.deciding()) + (d.allowed() ? "" : " (" + d.message(q) + ")");
  }
}
