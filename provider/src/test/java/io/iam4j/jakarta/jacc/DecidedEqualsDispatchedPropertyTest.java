package io.iam4j.jakarta.jacc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.enforce.CanonicalPath;
import io.iam4j.enforce.Target;
import io.iam4j.jakarta.IamAction;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The resource decided is the resource served, over random request paths: what the Jakarta
 * Authorization provider decides (the route matched on the canonical path iam4j decodes) equals what
 * the application computes from the path it is dispatched (the canonical encoded path, decoded by
 * another decoder, java.net.URI, as a dispatcher would), and never has a dot segment.
 */
class DecidedEqualsDispatchedPropertyTest {
  @ApplicationPath("/api")
  static class Api extends Application {}

  @Path("tenants/{owner}/buckets/{bucket}")
  public static class Objects {
    @GET
    @Path("objects/{key: .+}")
    @IamAction(value = "docs:GetObject", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", resourceAccount = "${owner}")
    public String get() {
      return "";
    }
  }

  static final RouteCatalog ROUTES = RouteCatalog.fromAnnotations(List.of(Api.class, Objects.class));

  @Property(tries = 3000)
  void decidedEqualsDispatched(@ForAll("paths") String raw) {
    CanonicalPath path;
    try {
      path = CanonicalPath.of(raw);
    } catch (CanonicalPath.BadPath e) {
      return; // a 400: nothing is decided and nothing is served
    }
    Optional<String> decided = resource(path.decoded());
    Optional<String> dispatched = resource(URI.create(path.encoded()).getPath());
    assertEquals(dispatched, decided, raw);
    decided.ifPresent(r -> {
      String key = r.substring(r.indexOf(":bucket/") + ":bucket/".length());
      for (String segment : key.split("/", -1)) {
        assertFalse(segment.equals(".") || segment.equals(".."), raw + " -> " + r);
      }
      assertTrue(r.startsWith("arn:iam4j:docs::acme:bucket/"), raw + " -> " + r);
    });
  }

  private static Optional<String> resource(String decodedPath) {
    return ROUTES.match("GET", decodedPath).map(m -> {
      Target.Fill fill = m.route().target().fill(m.values(), name -> name.equals("tenant") ? "acme" : null);
      return fill instanceof Target.Filled f ? f.resource() : "unresolved " + ((Target.Unresolved) fill).status();
    });
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment = Arbitraries.of(List.of("home", "alice", "bob", "notes.txt", "..", ".", "", "%2e%2e", "%2E", "x;y=1",
        "..;", ";", "%41", "%20", "a%2Fb", "%00", "%", "caf%C3%A9", "+", "%252e%252e", "objects", "buckets"))
        .list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l));
    return segment.list().ofMinSize(0).ofMaxSize(6)
        .map(l -> "/api/tenants/acme/buckets/workspace/objects/" + String.join("/", l));
  }
}
