package io.iam4j.jakarta.runtime;

import io.iam4j.config.ConfigProblem;
import io.iam4j.config.TenantStatus;
import io.iam4j.enforce.Target;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration status of the caller's own tenant, for those IAM allows {@code
 * iam:GetConfigurationStatus} on {@code arn:PARTITION:iam::TENANT:configuration}: the serving
 * version, when it loaded, and the problems of a refused edit (file, JSON pointer, line and column).
 * What unauthenticated health checks leave out. Served at {@code iam4j.status.path} (default
 * {@value #DEFAULT_PATH}; empty turns it off), decided by the one enforcement path.
 */
public class Iam4jStatusServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  public static final String DEFAULT_PATH = "/iam4j/status";
  static final String ACTION = "iam:GetConfigurationStatus";

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Iam4j iam4j = CDI.current().select(Iam4j.class).get();
    Target target = new Target(ACTION, "arn:" + iam4j.settings().partition() + ":iam::${tenant}:configuration", Target.TENANT,
        List.of(), Set.of(), Iam4jStatusServlet.class.getName());
    Principal p = req.getUserPrincipal();
    Enforcer.Verdict v = iam4j.enforcer().enforce(target, new Enforcer.Call("status", p == null ? null : p.getName(), req, Map.of()));
    if (v instanceof Enforcer.Unauthenticated) {
      SignInChallenge.Outcome asked = SignInChallenge.ask(iam4j.iam4jSignsIn(), req, resp);
      if (asked instanceof SignInChallenge.Answered) {
        return; // the application's mechanism answered (redirect, own challenge)
      }
      if (asked instanceof SignInChallenge.SignedIn s) {
        v = iam4j.enforcer().enforce(target, new Enforcer.Call("status", s.caller(), req, Map.of()));
      }
      if (v instanceof Enforcer.Unauthenticated) {
        resp.setStatus(401);
        if (asked instanceof SignInChallenge.Unanswered u && u.challenge() != null) {
          resp.setHeader("WWW-Authenticate", u.challenge());
        }
        resp.setContentType("application/json");
        resp.getWriter().write(Enforcer.body("Unauthenticated", "Authentication is required", null));
        return;
      }
    }
    resp.setContentType("application/json");
    if (v instanceof Enforcer.Refused r) {
      resp.setStatus(r.status());
      resp.getWriter().write(r.json());
      return;
    }
    String tenant = ((Enforcer.Allowed) v).result().identity().tenant().id();
    TenantStatus t = iam4j.store().status().get(tenant);
    JsonObjectBuilder out = Json.createObjectBuilder().add("tenant", tenant);
    if (t != null) {
      out.add("version", t.version()).add("serving", t.serving()).add("healthy", t.healthy());
      if (t.loadedAt() != null) {
        out.add("loadedAt", t.loadedAt().toString());
      }
      JsonArrayBuilder problems = Json.createArrayBuilder();
      for (ConfigProblem problem : t.lastProblems()) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("file", problem.file())
            .add("pointer", problem.pointer() == null ? "" : problem.pointer()).add("message", problem.message());
        if (problem.location() != null && problem.location().offset() >= 0) {
          b.add("location", problem.location().toString());
        }
        problems.add(b);
      }
      out.add("lastProblems", problems);
    }
    // Cluster mode: where this server stands, and the cluster's version of this tenant to compare with.
    Iam4jCluster cluster = CDI.current().select(Iam4jCluster.class).get();
    cluster.sync().ifPresentOrElse(sync -> {
      io.iam4j.cluster.ClusterSync.Status s = sync.status();
      JsonObjectBuilder c = Json.createObjectBuilder().add("state", s.state().name()).add("ready", s.ready())
          .add("members", s.members()).add("expectedMembers", s.expectedMembers()).add("maxMembersSeen", s.maxMembersSeen())
          .add("lastMessageAt", s.lastMessageAt() == null ? "" : s.lastMessageAt().toString());
      Long cv = sync.clusterVersions().get(tenant);
      if (cv != null) {
        c.add("clusterVersion", cv);
      }
      String refusal = s.refused().get(tenant);
      if (refusal != null) {
        c.add("refused", refusal);
      }
      out.add("cluster", c);
    }, () -> out.add("cluster", Json.createObjectBuilder().add("state", "SINGLE")));
    io.iam4j.config.StorageStatus storage = iam4j.store().storageStatus();
    JsonObjectBuilder st = Json.createObjectBuilder().add("available", storage.available()).add("since", storage.since().toString())
        .add("loaded", storage.complete()).add("failures", storage.failures());
    if (!storage.available() && storage.lastError() != null) {
      st.add("lastError", storage.lastError());
    }
    out.add("storage", st);
    resp.getWriter().write(out.build().toString());
  }
}
