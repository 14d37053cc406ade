package io.iam4j.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import io.iam4j.jwt.TokenRejected.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The signature keys of identity providers, fetched from their JWK set URI (given, or found through
 * OpenID Connect discovery at {@code ISSUER/.well-known/openid-configuration}) and cached.
 * Thread-safe; one instance serves every tenant (keyed by issuer and URI).
 *
 * <ul>
 *   <li>Keys are kept for the JWK set response's {@code Cache-Control: max-age}, bounded to
 *       {@link #MIN_TTL}..{@link #MAX_TTL} ({@link #DEFAULT_TTL} without one).
 *   <li>A token naming a kid the cached keys lack makes one refetch (the provider may have rotated
 *       its keys), but no source is fetched more often than every {@link #MIN_FETCH_INTERVAL}: a
 *       stream of tokens with made-up kids costs the provider one request per interval, not one per
 *       token.
 *   <li>A failed fetch keeps the last good keys (logged); with none, verification fails with {@link
 *       Reason#IDP_UNREACHABLE} until a later fetch, again at most every interval, succeeds.
 *   <li>Only {@code https://}, or {@code http://} to this machine (tests); no redirects; answers of
 *       at most {@link #MAX_BYTES}; {@link #TIMEOUT} to connect and to answer.
 * </ul>
 */
public final class JwksCache {
  private static final Logger LOG = Logger.getLogger(JwksCache.class.getName());

  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  public static final Duration MIN_TTL = Duration.ofMinutes(5);
  public static final Duration MAX_TTL = Duration.ofHours(24);
  public static final Duration MIN_FETCH_INTERVAL = Duration.ofSeconds(30);
  public static final Duration TIMEOUT = Duration.ofSeconds(5);
  public static final int MAX_BYTES = 256 * 1024;
  /** The discovery document's path under the issuer (OpenID Connect Discovery 1.0, section 4). */
  public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private final BoundedGet http;
  /** Bounded: issuers come from configuration, which may change; sources nobody asks for go. */
  private final Cache<String, Entry> entries = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofDays(2)).build();

  public JwksCache() {
    this(HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build());
  }

  public JwksCache(HttpClient client) {
    this.http = new BoundedGet(client, TIMEOUT, MAX_BYTES);
  }

  /**
   * Why {@code u} may not be fetched from, or empty when it may: {@code https://HOST...}, or {@code
   * http://} to 127.0.0.1, localhost or [::1]; no user info, no fragment.
   */
  public static Optional<String> unusableUrl(URI u) {
    String host = u.getHost();
    if (!u.isAbsolute() || host == null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
      return Optional.of("an absolute https:// URL with a host, without user info or fragment");
    }
    if ("https".equals(u.getScheme()) || "http".equals(u.getScheme()) && LOOPBACK.contains(host)) {
      return Optional.empty();
    }
    return Optional.of("https:// (http:// only to 127.0.0.1, localhost or [::1], for tests)");
  }

  /**
   * The keys of the provider whose issuer URL is {@code issuer}.
   *
   * @param jwksUri its JWK set URI, or null to discover it from the issuer
   */
  public KeySource source(String issuer, URI jwksUri) {
    String key = issuer + " " + (jwksUri == null ? "discovery" : jwksUri);
    Entry e = entries.get(key, k -> new Entry(issuer, jwksUri));
    return e;
  }

  /** What one source knows: immutable, swapped whole. */
  private record State(JwkSet keys, Instant expires, Instant lastAttempt, String lastError) {}

  private final class Entry implements KeySource {
    private final String issuer;
    private final URI jwksUri;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile State state = new State(null, Instant.MIN, null, "never fetched");

    Entry(String issuer, URI jwksUri) {
      this.issuer = issuer;
      this.jwksUri = jwksUri;
    }

    @Override
    public JwkSet keys(Instant now) throws TokenRejected {
      State s = state;
      if (s.keys() != null && now.isBefore(s.expires())) {
        return s.keys();
      }
      return fetchIfAllowed(now);
    }

    @Override
    public JwkSet refreshed(Instant now) throws TokenRejected {
      return fetchIfAllowed(now);
    }

    private JwkSet fetchIfAllowed(Instant now) throws TokenRejected {
      // One fetch at a time per source: requests arriving meanwhile wait for its result, not fetch again.
      fetching.lock();
      try {
        State s = state;
        boolean allowed = s.lastAttempt() == null || !now.isBefore(s.lastAttempt().plus(MIN_FETCH_INTERVAL));
        if (allowed) {
          s = fetch(s, now);
          state = s;
        }
        if (s.keys() == null) {
          throw new TokenRejected(Reason.IDP_UNREACHABLE, "The signature keys of " + issuer + " could not be fetched: "
              + s.lastError());
        }
        return s.keys();
      } finally {
        fetching.unlock();
      }
    }

    private State fetch(State before, Instant now) {
      URI where = jwksUri;
      try {
        if (where == null) {
          where = discover();
        }
        checkUrl(where);
        BoundedGet.Response r = http.get(where);
        List<String> skipped = new ArrayList<>();
        JwkSet keys = JwkSet.read(JsonReader.read(r.body(), "", JwtVerifier.MAX_DEPTH, "JwtVerifier.MAX_DEPTH"),
            (node, why) -> skipped.add(node.pointer() + ": " + why));
        if (!skipped.isEmpty()) {
          LOG.fine(() -> "JWK set of " + issuer + " (" + jwksUri + "): keys left out: " + skipped);
        }
        if (keys.isEmpty()) {
          throw new IOException("no usable signature key in the JWK set" + (skipped.isEmpty() ? "" : " " + skipped));
        }
        Duration ttl = r.maxAge().orElse(DEFAULT_TTL);
        ttl = ttl.compareTo(MIN_TTL) < 0 ? MIN_TTL : ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
        LOG.fine(() -> "Fetched " + keys.keys().size() + " signature keys of " + issuer);
        return new State(keys, now.plus(ttl), now, null);
      } catch (IOException | JsonReadException | IllegalArgumentException e) {
        String why = (where == null ? "" : where + ": ") + e.getMessage();
        if (before.keys() != null) {
          LOG.log(Level.WARNING, "Could not refresh the signature keys of " + issuer + " (" + why + "); keeping the "
              + before.keys().keys().size() + " keys fetched before");
        } else {
          LOG.log(Level.WARNING, "Could not fetch the signature keys of " + issuer + " (" + why + "); its tokens are refused "
              + "until a fetch succeeds (next attempt in " + MIN_FETCH_INTERVAL.toSeconds() + " s at the earliest)");
        }
        return new State(before.keys(), before.expires(), now, why);
      }
    }

    /** The jwks_uri of the issuer's discovery document, whose issuer must be exactly ours (Discovery 1.0, 4.3). */
    private URI discover() throws IOException {
      String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
      URI u = uri(base + DISCOVERY_PATH);
      checkUrl(u);
      JsonNode doc = JsonReader.read(http.get(u).body(), "", JwtVerifier.MAX_DEPTH, "JwtVerifier.MAX_DEPTH");
      if (!(doc instanceof ObjectNode o)) {
        throw new IOException(u + " is not a JSON object");
      }
      if (!(o.get("issuer") instanceof StringNode iss) || !iss.value().equals(issuer)) {
        throw new IOException("the discovery document " + u + " names another issuer than " + issuer);
      }
      if (!(o.get("jwks_uri") instanceof StringNode j)) {
        throw new IOException("the discovery document " + u + " has no jwks_uri");
      }
      return uri(j.value());
    }

    private void checkUrl(URI u) throws IOException {
      Optional<String> why = unusableUrl(u);
      if (why.isPresent()) {
        throw new IOException("will not fetch " + u + ": keys are fetched from " + why.get());
      }
    }
  }

  private static URI uri(String s) throws IOException {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      throw new IOException("not a URL: " + JwkSet.abbreviate(s));
    }
  }
}
