package io.iam4j.it;

import static io.iam4j.it.SampleClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iam4j.it.SampleClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgeAttacks} against the sample with annotation enforcement (request filter and
 * interceptor), plus what only that mode has: the sample runs with {@code iam4j.enforcement.default=deny}.
 */
class EdgeAttacksIT extends EdgeAttacks {
  @Test
  void endpointWithoutAnAnnotation_isDeniedByDefault() {
    // BucketsResource.stats declares no IAM action and is not @IamPublic: even carol (SysAdmins) is refused.
    Reply r = client.raw("GET", "/api/tenants/acme/buckets/projects/stats", "carol@acme");
    assertStatus(403, r);
    assertEquals("No IAM action is declared for this endpoint, and iam4j.enforcement.default is deny", r.message());
    // @IamPublic endpoints are the container's, deliberately.
    assertStatus(200, client.raw("GET", "/api/whoami", "alice@acme"));
    assertStatus(200, client.raw("GET", "/api/auditors/bucket-count/acme", "frank@acme"));
  }
}
