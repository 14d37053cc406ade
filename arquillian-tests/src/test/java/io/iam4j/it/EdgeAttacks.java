package io.iam4j.it;

import static io.iam4j.it.SampleClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.it.SampleClient.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the edge that turns an HTTP request into (caller, action, resource), sent byte for byte
 * over a socket: dot segments, matrix parameters, encoded slashes, trailing slashes, HEAD, and
 * template values supplied by the caller. Run in both modes: {@link EdgeAttacksIT} (annotations)
 * and {@link EdgeAttacksJaccIT} (the Jakarta Authorization provider).
 */
abstract class EdgeAttacks extends SampleAppTest {
  static final String BOB_NOTES = "/api/tenants/acme/buckets/workspace/objects/home/bob/notes.txt";


  @Test
  void dotSegments_cannotReachAnotherUsersHomeFolder() {
    // alice may read home/alice/*, not home/bob/*. Each spelling is decided as what is served: bob's file.
    assertStatus(200, client.raw("GET", "/api/tenants/acme/buckets/workspace/objects/home/alice/notes.txt", "alice@acme"));
    for (String spelling : List.of(
        "/api/tenants/acme/buckets/workspace/objects/home/alice/../bob/notes.txt",
        "/api/tenants/acme/buckets/workspace/objects/home/alice/..;/bob/notes.txt",
        "/api/tenants/acme/buckets/workspace/objects/home/alice/%2e%2e/bob/notes.txt",
        "/api/tenants/acme/buckets/workspace/objects/home/alice/./../bob/notes.txt",
        "/api/tenants/acme/buckets/workspace/objects/home//alice/../bob/notes.txt")) {
      Reply r = client.raw("GET", spelling, "alice@acme");
      assertNotEquals(200, r.status(), spelling + " -> " + r);
      assertTrue(!r.body().contains("bob's notes"), spelling + " -> " + r);
      if (r.status() == 403) {
        assertTrue(r.message().contains("arn:iam4j:docs::acme:bucket/workspace/home/bob/notes.txt"),
            spelling + ": decided on the canonical resource -> " + r);
      }
    }
  }

  @Test
  void ambiguousPaths_are400_beforeAnyDecision() {
    for (String spelling : List.of(
        "/api/tenants/acme/buckets/workspace/objects/home%2Fbob/notes.txt",
        "/api/tenants/acme/buckets/workspace/objects/home/bob%00/notes.txt",
        "/api/tenants/acme/buckets/workspace/objects/home/bob/%C3%28.txt")) {
      Reply r = client.raw("GET", spelling, "alice@acme");
      assertEquals(400, r.status(), spelling + " -> " + r);
      assertTrue(!r.body().contains("Exception") && !r.body().contains("at io."), "no stack trace: " + r);
    }
  }

  @Test
  void badPercentEncoding_neverReachesTheApplication() {
    // Payara's connector fails to decode "%zz" before any application code runs and answers an empty
    // 200 (its own behaviour, logged as SEVERE); iam4j answers 400 to whatever gets through.
    Reply r = client.raw("GET", "/api/tenants/acme/buckets/workspace/objects/home/bob/notes%zz.txt", "alice@acme");
    assertTrue(r.status() == 400 || (r.status() == 200 && r.body().isEmpty()), r.toString());
  }

  @Test
  void trailingSlash_matrixParameter_orHead_cannotSkipTheDecision() {
    for (String spelling : List.of(BOB_NOTES + "/", "/api/tenants;x=y/acme/buckets/workspace/objects/home/bob/notes.txt",
        "/api/tenants/acme/buckets;v=1/workspace/objects/home/bob/notes.txt")) {
      Reply anonymous = client.raw("GET", spelling, null);
      assertTrue(anonymous.status() == 401 || anonymous.status() == 400, spelling + " -> " + anonymous);
      Reply alice = client.raw("GET", spelling, "alice@acme");
      assertTrue(alice.status() == 403 || alice.status() == 400, spelling + " -> " + alice);
    }
    assertStatus(401, client.raw("HEAD", BOB_NOTES, null));
    assertStatus(403, client.raw("HEAD", BOB_NOTES, "alice@acme"));
  }

  @Test
  void tenantQueryParameter_cannotMoveTheResource() {
    // ${tenant} is the caller's tenant only: a "tenant" parameter changes nothing.
    Reply dave = client.raw("POST", "/api/sts/assume-role?role=ReportingJob&tenant=globex", "dave@acme");
    assertStatus(403, dave);
    assertTrue(dave.message().contains("on resource: arn:iam4j:iam::acme:role/ReportingJob"), dave.toString());
    Reply carol = client.raw("POST", "/api/sts/assume-role?role=ReportingJob&sessionName=edge&tenant=globex", "carol@acme");
    assertStatus(200, carol);
    assertTrue(carol.json().getString("AssumedRoleUser").startsWith("arn:iam4j:sts::acme:assumed-role/ReportingJob/"), carol.toString());
  }

  @Test
  void unauthenticatedHealth_namesNoTenantFileOrPath() {
    for (String path : List.of("/health", "/health/ready", "/health/live")) {
      Reply r = client.rawOnServer("GET", path, null);
      assertEquals(200, r.status(), path + " -> " + r);
      for (String leak : List.of("acme", "globex", "tenants/", ".json", "iam4j-audit-", "/work/", "/tmp/")) {
        assertTrue(!r.body().contains(leak), path + " leaks " + leak + ": " + r.body());
      }
    }
  }
}
