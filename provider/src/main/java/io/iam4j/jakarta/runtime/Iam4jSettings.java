package io.iam4j.jakarta.runtime;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamPublic;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * iam4j's settings, read through MicroProfile Config (system properties, environment,
 * {@code microprofile-config.properties}).
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>iam4j.config.dir</td><td>config</td><td>configuration root (holding tenants/)</td></tr>
 *   <tr><td>iam4j.partition</td><td>iam4j</td><td>ARN partition</td></tr>
 *   <tr><td>iam4j.cache.maximum-size</td><td>100000</td><td>decisions kept in the cache</td></tr>
 *   <tr><td>iam4j.key.file</td><td>${iam4j.config.dir}/server.key</td><td>the server key (created when missing)</td></tr>
 *   <tr><td>iam4j.watch</td><td>true</td><td>reload tenants when their files change</td></tr>
 *   <tr><td>iam4j.enforcement.default</td><td>allow</td><td>deny: endpoints without @IamAction are refused unless @IamPublic</td></tr>
 *   <tr><td>iam4j.token.issuer</td><td>iam4j</td><td>the issuer role-session tokens carry; others are refused</td></tr>
 *   <tr><td>iam4j.unknown-caller</td><td>deny</td><td>deny or anonymous, for callers not in the directory</td></tr>
 *   <tr><td>iam4j.sign-in</td><td>auto</td><td>auto, iam4j or container: who signs callers in ({@link SignInMode})</td></tr>
 *   <tr><td>iam4j.sign-in.programs</td><td>auto</td><td>auto or off: iam4j's program credentials (role-session bearer
 *       tokens) beside the application's own mechanism, chosen per request on Jakarta Security 4.0 ({@link ProgramsMode})</td></tr>
 *   <tr><td>iam4j.tenant.resolver</td><td>caller-name</td><td>where a caller's tenant comes from ({@link MappingSettings})</td></tr>
 *   <tr><td>iam4j.group-mapping</td><td>(none)</td><td>container groups that add IAM groups ({@link MappingSettings})</td></tr>
 *   <tr><td>iam4j.signin.max-failures.user</td><td>5</td><td>failed sign-ins of one user name before it is locked</td></tr>
 *   <tr><td>iam4j.signin.max-failures.address</td><td>20</td><td>failed sign-ins from one source address before it is locked</td></tr>
 *   <tr><td>iam4j.signin.lock.initial</td><td>PT5S</td><td>the first lock (ISO-8601 duration); each further failure doubles it</td></tr>
 *   <tr><td>iam4j.signin.lock.max</td><td>PT15M</td><td>the longest lock</td></tr>
 *   <tr><td>iam4j.signin.failure-window</td><td>PT15M</td><td>a failure is forgotten this long after the last one</td></tr>
 *   <tr><td>iam4j.signin.tracked-keys</td><td>100000</td><td>user names and addresses with failure counters kept (each)</td></tr>
 *   <tr><td>iam4j.password.algorithm</td><td>PBKDF2WithHmacSHA256</td><td>algorithm of the dummy hash unknown users are
 *       checked against: the directory's hashes' algorithm</td></tr>
 *   <tr><td>iam4j.password.iterations</td><td>210000</td><td>iterations of that dummy hash: the directory's hashes'
 *       (TenantLoader.MIN_PBKDF2_ITERATIONS to MAX_PBKDF2_ITERATIONS)</td></tr>
 *   <tr><td>iam4j.session.absolute-timeout</td><td>PT8H</td><td>a browser session ends this long after its sign-in</td></tr>
 *   <tr><td>iam4j.session.idle-timeout</td><td>PT30M</td><td>a browser session ends after this long without a request</td></tr>
 *   <tr><td>iam4j.session.same-site</td><td>Lax</td><td>the session cookie's SameSite attribute (Lax or Strict)</td></tr>
 *   <tr><td>iam4j.session.trusted-origins</td><td>(none)</td><td>comma-separated origins, besides the request's own, whose
 *       unsafe requests a session cookie may authenticate</td></tr>
 *   <tr><td>iam4j.console.enabled</td><td>false</td><td>serve the administration console ({@link ConsoleServlet})</td></tr>
 *   <tr><td>iam4j.console.path</td><td>/iam4j/console</td><td>where: each tenant's console at PATH/{tenant}/, its files at
 *       PATH/assets/</td></tr>
 *   <tr><td>iam4j.console.idle-timeout</td><td>PT15M</td><td>a console session ends after this long without a request (on top
 *       of iam4j.session.idle-timeout: the shorter one wins)</td></tr>
 * </table>
 */
public record Iam4jSettings(Path configDir, String partition, long cacheMaximumSize, Path keyFile, boolean watch,
    String unknownCaller, String tokenIssuer) {

  public static Iam4jSettings fromConfig() {
    Config c = ConfigProvider.getConfig();
    Path dir = Path.of(c.getOptionalValue("iam4j.config.dir", String.class).orElse("config"));
    return new Iam4jSettings(
        dir,
        c.getOptionalValue("iam4j.partition", String.class).orElse("iam4j"),
        c.getOptionalValue("iam4j.cache.maximum-size", Long.class).orElse(100_000L),
        c.getOptionalValue("iam4j.key.file", String.class).map(Path::of).orElse(dir.resolve("server.key")),
        c.getOptionalValue("iam4j.watch", Boolean.class).orElse(true),
        c.getOptionalValue("iam4j.unknown-caller", String.class).orElse("deny"),
        c.getOptionalValue("iam4j.token.issuer", String.class).orElse(io.iam4j.crypto.SessionTokens.DEFAULT_ISSUER));
  }

  /** The algorithm of the dummy password hash ({@code iam4j.password.algorithm}). */
  public static String passwordAlgorithm() {
    String a = value("iam4j.password.algorithm").orElse(io.iam4j.signin.PasswordCheck.DEFAULT_ALGORITHM);
    if (!io.iam4j.config.TenantLoader.PBKDF2_ALGORITHMS.contains(a)) {
      throw new IllegalArgumentException("iam4j.password.algorithm is one of " + io.iam4j.config.TenantLoader.PBKDF2_ALGORITHMS + ", not " + a);
    }
    return a;
  }

  /** The iterations of the dummy password hash ({@code iam4j.password.iterations}). */
  public static int passwordIterations() {
    int i = value("iam4j.password.iterations").map(Integer::parseInt).orElse(io.iam4j.signin.PasswordCheck.DEFAULT_ITERATIONS);
    if (i < io.iam4j.config.TenantLoader.MIN_PBKDF2_ITERATIONS || i > io.iam4j.config.TenantLoader.MAX_PBKDF2_ITERATIONS) {
      throw new IllegalArgumentException("iam4j.password.iterations is " + io.iam4j.config.TenantLoader.MIN_PBKDF2_ITERATIONS
          + " to " + io.iam4j.config.TenantLoader.MAX_PBKDF2_ITERATIONS + ", not " + i);
    }
    return i;
  }

  /** Throttling of failed sign-ins ({@code iam4j.signin.*}). */
  public static io.iam4j.signin.ThrottleSettings throttle() {
    io.iam4j.signin.ThrottleSettings d = io.iam4j.signin.ThrottleSettings.defaults();
    return new io.iam4j.signin.ThrottleSettings(
        value("iam4j.signin.max-failures.user").map(Integer::parseInt).orElse(d.maxFailuresPerUser()),
        value("iam4j.signin.max-failures.address").map(Integer::parseInt).orElse(d.maxFailuresPerAddress()),
        value("iam4j.signin.lock.initial").map(java.time.Duration::parse).orElse(d.initialLock()),
        value("iam4j.signin.lock.max").map(java.time.Duration::parse).orElse(d.maxLock()),
        value("iam4j.signin.failure-window").map(java.time.Duration::parse).orElse(d.failureWindow()),
        value("iam4j.signin.tracked-keys").map(Long::parseLong).orElse(d.maxTrackedKeys()));
  }

  /** Browser sessions ({@code iam4j.session.*}). */
  public static io.iam4j.signin.SessionSettings sessions() {
    io.iam4j.signin.SessionSettings d = io.iam4j.signin.SessionSettings.defaults();
    return new io.iam4j.signin.SessionSettings(
        value("iam4j.session.absolute-timeout").map(java.time.Duration::parse).orElse(d.absoluteTimeout()),
        value("iam4j.session.idle-timeout").map(java.time.Duration::parse).orElse(d.idleTimeout()),
        value("iam4j.session.same-site").orElse(d.sameSite()),
        value("iam4j.session.trusted-origins").map(v -> java.util.List.of(v.split(","))).orElse(d.trustedOrigins()));
  }

  /**
   * {@code iam4j.enforcement.default}: {@code allow} (the default: an endpoint without {@link
   * IamAction} gets no IAM check) or {@code deny} (it is refused unless marked {@link IamPublic}).
   */
  public static boolean denyByDefault() {
    String v = value("iam4j.enforcement.default").orElse("allow");
    if (!v.equals("allow") && !v.equals("deny")) {
      throw new io.iam4j.IamException("iam4j.enforcement.default is \"allow\" (the default) or \"deny\"; found \"" + v + "\"");
    }
    return v.equals("deny");
  }

  static Optional<String> value(String key) {
    return ConfigProvider.getConfig().getOptionalValue(key, String.class);
  }
}
