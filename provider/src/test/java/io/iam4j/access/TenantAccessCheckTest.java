package io.iam4j.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.analysis.AccessCheckResult;
import io.iam4j.analysis.NoNewAccess;
import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole-tenant check and reachability on the sample's configuration (config/tenants), before and after edits. */
class TenantAccessCheckTest {
  @TempDir Path before;
  @TempDir Path after;

  static void copySample(Path root) throws IOException {
    Path sample = Path.of("..", "config", "tenants");
    for (String tenant : List.of("acme", "globex")) {
      Path from = sample.resolve(tenant);
      try (Stream<Path> s = Files.walk(from)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          Path to = root.resolve("tenants").resolve(tenant).resolve(from.relativize(p).toString());
          Files.createDirectories(to.getParent());
          Files.copy(p, to);
        }
      }
    }
  }

  static Directory load(Path root) {
    try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(root))) {
      return store.directory();
    }
  }

  /** Re-decides a principal's counterexample with the directory's own policy sets, as the authorizer would. */
  static void assertConfirmed(Directory old, Directory updated, String tenant, TenantAccessCheck.PrincipalResult p) {
    p.result().counterexample().ifPresent(c -> {
      Identity now = TenantPrincipals.of(updated, updated.tenant(tenant).orElseThrow()).get(p.principal());
      PolicySet set = now.policies();
      var trust = TenantPrincipals.trustPolicies(updated, t -> true).get(c.request().resource());
      assertTrue(Evaluator.evaluate(trust == null ? set : set.withResourcePolicy(trust), c.request()).allowed(), c.toString());
      if (!p.added()) {
        Identity then = TenantPrincipals.of(old, old.tenant(tenant).orElseThrow()).get(p.principal());
        var oldTrust = TenantPrincipals.trustPolicies(old, t -> true).get(c.request().resource());
        assertFalse(Evaluator.evaluate(oldTrust == null ? then.policies() : then.policies().withResourcePolicy(oldTrust), c.request()).allowed());
      }
    });
  }

  @Test
  void compare_unchangedSample_everyPrincipalPasses() throws IOException {
    copySample(before);
    Directory d = load(before);
    for (String tenant : List.of("acme", "globex")) {
      long t0 = System.nanoTime();
      TenantAccessCheck.Report r = TenantAccessCheck.compare(d, d, tenant, NoNewAccess.Options.DEFAULTS);
      System.out.printf("%s: %d principals, %d evaluations, %d ms%n", tenant, r.principals().size(),
          r.principals().stream().mapToLong(p -> p.result().evaluations()).sum(), (System.nanoTime() - t0) / 1_000_000);
      r.principals().forEach(p -> assertEquals(AccessCheckResult.Result.PASS, p.result().result(), () -> p.principal() + ": " + p.result()));
      assertTrue(r.passed());
    }
  }

  @Test
  void compare_defaultVersionBackToReadOnly_passesAndForwardFailsForDevelopers() throws IOException {
    copySample(before);
    copySample(after);
    Path meta = before.resolve("tenants/acme/policies/ProjectDocsAccess/policy.json");
    Files.writeString(meta, Files.readString(meta).replace("\"defaultVersion\": \"v2\"", "\"defaultVersion\": \"v1\""));
    Directory old = load(before);
    Directory updated = load(after);
    TenantAccessCheck.Report forward = TenantAccessCheck.compare(old, updated, "acme", NoNewAccess.Options.DEFAULTS);
    assertFalse(forward.passed());
    TenantAccessCheck.PrincipalResult alice = forward.principals().stream().filter(p -> p.principal().equals("user/alice")).findFirst().orElseThrow();
    assertEquals(AccessCheckResult.Result.FAIL, alice.result().result());
    String action = alice.result().counterexample().orElseThrow().request().action();
    assertTrue(List.of("docs:PutObject", "docs:DeleteObject", "docs:ListBuckets").contains(action), action);
    forward.principals().forEach(p -> assertConfirmed(old, updated, "acme", p));
    assertTrue(TenantAccessCheck.compare(updated, old, "acme", NoNewAccess.Options.DEFAULTS).passed());
  }

  @Test
  void compare_addedUser_failsWithEverythingItMayDo() throws IOException {
    copySample(before);
    copySample(after);
    Files.writeString(after.resolve("tenants/acme/users/newbie.json"), "{\"groups\": [\"ReadOnly\"]}");
    Directory old = load(before);
    Directory updated = load(after);
    TenantAccessCheck.Report r = TenantAccessCheck.compare(old, updated, "acme", NoNewAccess.Options.DEFAULTS);
    TenantAccessCheck.PrincipalResult newbie = r.principals().stream().filter(p -> p.principal().equals("user/newbie")).findFirst().orElseThrow();
    assertTrue(newbie.added());
    assertEquals(AccessCheckResult.Result.FAIL, newbie.result().result());
    r.principals().stream().filter(p -> !p.principal().equals("user/newbie"))
        .forEach(p -> assertTrue(p.result().passed(), () -> p.principal() + " " + p.result()));
  }

  @Test
  void reachability_sample_nothingOfAcmeFromOutside() throws IOException {
    copySample(before);
    Reachability.Report r = Reachability.of(load(before), "acme", NoNewAccess.Options.DEFAULTS);
    assertTrue(r.findings().isEmpty(), r::toString);
    assertFalse(r.reachable());
  }

  @Test
  void reachability_trustPolicyNamingGlobexUser_findsThatUserConfirmed() throws IOException {
    copySample(before);
    Path trust = before.resolve("tenants/acme/trust/reporting-job.json");
    Files.writeString(trust, Files.readString(trust).replace("\"AWS\": \"arn:iam4j:iam::acme:user/carol\"",
        "\"AWS\": [\"arn:iam4j:iam::acme:user/carol\", \"arn:iam4j:iam::globex:user/liam\"]"));
    Path liam = before.resolve("tenants/globex/inline/liam-assume-reporting-job.json");
    Files.writeString(liam, Files.readString(liam).replace("\"Resource\": \"arn:iam4j:iam::globex:role/jobs/ReportingJob\"",
        "\"Resource\": [\"arn:iam4j:iam::globex:role/jobs/ReportingJob\", \"arn:iam4j:iam::acme:role/*\"]"));
    Reachability.Report r = Reachability.of(load(before), "acme", NoNewAccess.Options.DEFAULTS);
    assertTrue(r.reachable());
    assertTrue(r.findings().stream().anyMatch(f -> f.confirmed() && f.principal().equals("arn:iam4j:iam::globex:user/liam")
        && f.counterexample().request().action().equalsIgnoreCase("sts:AssumeRole")), r::toString);
  }

  @Test
  void reachability_trustPolicyForEveryone_findsAnonymous() throws IOException {
    copySample(before);
    Path trust = before.resolve("tenants/acme/trust/reporting-job.json");
    Files.writeString(trust, Files.readString(trust).replace("\"AWS\": \"arn:iam4j:iam::acme:user/carol\"", "\"AWS\": \"*\""));
    Reachability.Report r = Reachability.of(load(before), "acme", NoNewAccess.Options.DEFAULTS);
    assertTrue(r.findings().stream().anyMatch(f -> f.confirmed() && f.principal().equals("anonymous")), r::toString);
  }
}
