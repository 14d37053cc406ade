package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A temporary tenant tree served by a real ConfigStore and Authorizer, and the IAM API over it:
 * {@code admin} may do any iam action, {@code delegate} has the sample's delegated user
 * administration (create users only under the boundary), {@code dev} only its own credentials.
 */
final class IamFixture implements AutoCloseable {
  static final String BOUNDARY = "arn:iam4j:iam::acme:policy/DelegatedAdminBoundary";

  /** A clock tests move. */
  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-12-07T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  final Path root;
  final ServerKey key = ServerKey.random();
  final MovableClock clock = new MovableClock();
  final ConfigStore store;
  final Authorizer authorizer;
  final IamService iam = new IamService(List.of(new AccessKeyOperations(() -> null), new UserOperations(), new CredentialOperations()));

  IamFixture(Path root) throws IOException {
    this.root = root;
    put("users/admin.json", "{'inlinePolicies': {'All': 'inline/all.json'}}");
    put("inline/all.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'iam:*', 'Resource': '*'}]}");
    put("users/delegate.json", "{'managedPolicies': ['arn:iam4j:iam::acme:policy/DelegatedUserAdmin']}");
    put("policies/DelegatedUserAdmin.json", "{'Version': '2012-10-17', 'Statement': ["
        + "{'Sid': 'CreateUsersOnlyWithThisBoundary', 'Effect': 'Allow', 'Action': ['iam:CreateUser', 'iam:TagUser', 'iam:CreateLoginProfile'],"
        + " 'Resource': 'arn:iam4j:iam::acme:user/*', 'Condition': {'StringEquals': {'iam:PermissionsBoundary': '" + BOUNDARY + "'}}},"
        + "{'Sid': 'ReadIdentities', 'Effect': 'Allow', 'Action': ['iam:Get*', 'iam:List*'], 'Resource': '*'}]}");
    put("policies/DelegatedAdminBoundary.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:*', 'Resource': '*'}]}");
    put("users/dev.json", "{'inlinePolicies': {'Own': 'inline/own.json'}}");
    put("inline/own.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['iam:ChangePassword', 'iam:GetLoginProfile',"
        + " 'iam:*MFADevice', 'iam:ListMFADevices', 'iam:GetUser'], 'Resource': ['arn:iam4j:iam::acme:user/${aws:username}', 'arn:iam4j:iam::acme:mfa/${aws:username}']}]}");
    put("groups/Developers.json", "{}");
    store = ConfigStore.open(ConfigStore.Settings.of(root).withServerKey(key));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> Optional.empty(), new DecisionCache(1_000));
  }

  void put(String path, String content) throws IOException {
    Path p = root.resolve("tenants/acme").resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  String file(String path) throws IOException {
    Path p = root.resolve("tenants/acme").resolve(path);
    return Files.exists(p) ? Files.readString(p) : null;
  }

  /** Every file of the tenant, path to content: what a refused change must leave as it was. */
  java.util.Map<String, String> files() throws IOException {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    Path dir = root.resolve("tenants/acme");
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        out.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return out;
  }

  Tenant tenant() {
    return store.directory().tenant("acme").orElseThrow();
  }

  /** A call by {@code user} of tenant acme, mapped against the configuration serving now (as each request is). */
  IamCall call(String user) {
    Mapping m = authorizer.map(CallerInfo.of(user + "@acme", Set.of()));
    return new IamCall(assertInstanceOf(Mapping.Mapped.class, m).identity(), RequestContext.empty(), authorizer, store, key, clock);
  }

  /** The XML reply of an action by {@code user}; pairs are parameter names and values. */
  String as(String user, String action, String... pairs) {
    return iam.handle(q(action, pairs), call(user), "r");
  }

  AwsError refused(String user, String action, String... pairs) {
    return assertThrows(AwsError.class, () -> as(user, action, pairs));
  }

  static QueryRequest q(String action, String... pairs) {
    StringBuilder b = new StringBuilder("Action=" + action + "&Version=2010-05-08");
    for (int i = 0; i < pairs.length; i += 2) {
      b.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return QueryRequest.parse(b.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  static String field(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    assertTrue(m.find(), () -> name + " in " + xml);
    return m.group(1);
  }

  static List<String> fields(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Override
  public void close() {
    store.close();
  }
}
