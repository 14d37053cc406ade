package io.iam4j.it;

import static io.iam4j.it.SampleClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.it.SampleClient.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgeAttacks} with iam4j's Jakarta Authorization provider in the server, plus what only that
 * mode has: routes from the route file, and requests that match no route.
 */
class EdgeAttacksJaccIT extends EdgeAttacks {
  static final String STATS = "/api/tenants/acme/buckets/projects/stats";

  @Test
  void routeFileRoute_cannotBeSkippedBySpelling() {
    // Each of these answered 200 to an anonymous caller: the request missed the route and fell to the container.
    for (String spelling : List.of(STATS + "/", "/api/tenants;x=y/acme/buckets/projects/stats", "/api/tenants/acme/buckets/projects;a=b/stats",
        "/api/tenants/acme/buckets/x/../projects/stats", "/api//tenants/acme/buckets/projects/stats")) {
      Reply anonymous = client.raw("GET", spelling, null);
      assertTrue(anonymous.status() == 401 || anonymous.status() == 400, spelling + " -> " + anonymous);
      Reply alice = client.raw("GET", spelling.replace("projects", "workspace"), "alice@acme");
      assertTrue(alice.status() == 403 || alice.status() == 400, spelling + " -> " + alice);
    }
    assertStatus(401, client.raw("HEAD", STATS, null));
    assertStatus(200, client.raw("GET", STATS + "/", "carol@acme"));
  }

  @Test
  void requestMatchingNoRoute_isDeniedByDefault() {
    assertStatus(401, client.raw("GET", "/no-such-page.html", null));
    assertStatus(403, client.raw("GET", "/no-such-page.html", "carol@acme"));
    // What the route file leaves to the container explicitly still works.
    assertStatus(200, client.raw("GET", "/login.html", null));
    assertStatus(200, client.raw("GET", "/api/whoami", "alice@acme"));
  }
}
