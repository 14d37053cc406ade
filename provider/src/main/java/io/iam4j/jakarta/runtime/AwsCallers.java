package io.iam4j.jakarta.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.AccessKeys;
import io.iam4j.directory.OwnedAccessKey;
import io.iam4j.jakarta.ContainerRoles;
import io.iam4j.mapping.Mapping;
import io.iam4j.sigv4.Lookup;
import io.iam4j.sigv4.SigV4Error;
import io.iam4j.sigv4.SigV4Verifier;
import io.iam4j.sts.StsSession;
import io.iam4j.sts.StsSessions;
import io.iam4j.sts.StsTokens;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who signed an AWS Signature Version 4 request: the secret of its access key id, and the caller it
 * authenticates. Long-term keys ({@code AKIA...}) are looked up in the directory serving now, and
 * must be {@code Active}; temporary ones ({@code ASIA...}) come with a session token that this
 * server sealed ({@link StsTokens}), must match it, and must not have expired or been revoked.
 * Thread-safe.
 *
 * <p>Opened secrets and session tokens are cached (bounded): a signed request then costs the
 * signature check, not a decryption. An entry is keyed by the sealed text itself, so a rotated or
 * deleted key never finds a stale secret.
 */
@ApplicationScoped
public class AwsCallers {
  private static final Logger LOG = Logger.getLogger(AwsCallers.class.getName());
  /** Request attribute: {@link SessionMapping} of temporary credentials. */
  public static final String SESSION_MAPPING = "io.iam4j.sts.sessionMapping";
  /** The refusal every unknown, inactive or deleted key gets: AWS does not tell them apart. */
  static final String INVALID_TOKEN = "The security token included in the request is invalid.";

  /** The identity of temporary credentials, put on the request by the authentication mechanism. */
  public record SessionMapping(String callerName, Mapping mapping, StsSession session) {}

  /**
   * What a verified signature authenticates.
   *
   * @param session the temporary credentials' session, or null for a long-term key
   * @param key the long-term key, or null for temporary credentials
   */
  public record AwsCaller(String callerName, Set<String> groups, StsSession session, SessionMapping mapping, OwnedAccessKey key) {}

  @Inject Iam4j iam4j;
  @Inject Iam4jSignIn signIn;

  private AwsSettings settings;
  private SigV4Verifier<AwsCaller> verifier;
  private AccessKeyUsage usage;
  private final Cache<String, String> secrets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
  private final Cache<String, StsSession> sessions = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterWrite(Duration.ofHours(36)).build();

  @PostConstruct
  void start() {
    settings = AwsSettings.fromConfig();
    verifier = new SigV4Verifier<>(this::find, settings.regions(), Clock.systemUTC(), Duration.ofMinutes(5));
    try {
      usage = AccessKeyUsage.open(AccessKeyUsage.defaultFile(iam4j.settings().configDir()), Clock.systemUTC(),
          AccessKeyUsage.DEFAULT_FLUSH_INTERVAL);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "iam4j cannot keep access key last-used times on disk; keeping them in memory only", e);
    }
  }

  @PreDestroy
  void stop() {
    if (usage != null) {
      usage.close();
    }
  }

  public AwsSettings settings() {
    return settings;
  }

  public SigV4Verifier<AwsCaller> verifier() {
    return verifier;
  }

  /** Last-used times of access keys (null when they cannot be kept). */
  public AccessKeyUsage usage() {
    return usage;
  }

  /** Notes a long-term key's use (time, service, region) for {@code GetAccessKeyLastUsed}. */
  void used(AwsCaller caller, String service, String region) {
    if (caller.key() != null && usage != null) {
      usage.record(caller.key().key().id(), service, region);
    }
  }

  private Lookup<AwsCaller> find(String accessKeyId, String sessionToken, Instant signedAt) {
    if (accessKeyId.startsWith("ASIA")) {
      return temporary(accessKeyId, sessionToken);
    }
    if (sessionToken != null) {
      // A session token belongs to temporary credentials only.
      return new Lookup.Refused<>(SigV4Error.InvalidClientTokenId, INVALID_TOKEN);
    }
    Optional<OwnedAccessKey> found = iam4j.store().directory().accessKey(accessKeyId);
    if (found.isEmpty() || !found.get().active()) {
      return new Lookup.Refused<>(SigV4Error.InvalidClientTokenId, INVALID_TOKEN);
    }
    OwnedAccessKey k = found.get();
    String secret = secrets.get(k.key().sealedSecret(), sealed -> AccessKeys.secret(iam4j.key(), k));
    String caller = k.user().name() + "@" + k.tenant().id();
    return new Lookup.Found<>(secret, new AwsCaller(caller, ContainerRoles.of(k.user().groups(), k.tenant().id()), null, null, k));
  }

  private Lookup<AwsCaller> temporary(String accessKeyId, String token) {
    if (token == null) {
      return new Lookup.Refused<>(SigV4Error.InvalidClientTokenId, INVALID_TOKEN);
    }
    StsSession s = sessions.getIfPresent(token);
    if (s == null) {
      s = StsTokens.open(iam4j.key(), token);
      if (s == null) {
        return new Lookup.Refused<>(SigV4Error.InvalidClientTokenId, INVALID_TOKEN);
      }
      sessions.put(token, s);
    }
    if (!s.accessKeyId().equals(accessKeyId) || !s.issuer().equals(iam4j.settings().tokenIssuer())) {
      return new Lookup.Refused<>(SigV4Error.InvalidClientTokenId, INVALID_TOKEN);
    }
    if (!Instant.now().isBefore(s.expires())) {
      return new Lookup.Refused<>(SigV4Error.ExpiredToken, "The security token included in the request is expired");
    }
    StsSession session = s;
    Mapping m = iam4j.authorizer().mapSession(s.tokenId(), d -> StsSessions.identity(d, session, signIn.deletions()::deletedAt));
    if (m instanceof Mapping.Refused r) {
      return new Lookup.Refused<>(SigV4Error.AccessDenied, "The session " + s.accessKeyId() + " is no longer valid: " + r.reason());
    }
    Set<String> groups = s.kind() == StsSession.Kind.ROLE ? Set.of(ContainerRoles.of(s.principal(), s.tenant()))
        : m instanceof Mapping.Mapped mm && mm.identity() instanceof io.iam4j.directory.Identity.UserIdentity u
            ? ContainerRoles.of(u.user().groups(), s.tenant()) : Set.of();
    return new Lookup.Found<>(s.secretAccessKey(), new AwsCaller(s.callerName(), groups, s, new SessionMapping(s.callerName(), m, s), null));
  }
}
