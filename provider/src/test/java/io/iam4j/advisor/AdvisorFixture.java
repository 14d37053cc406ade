package io.iam4j.advisor;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.catalog.AccessLevel;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.ServiceReference;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.PrincipalMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tenant tree served by a real ConfigStore and Authorizer with an advisor observing it: {@code dev}
 * (group Developers: managed policy Readers allows docs:ListObjects and docs:GetObject; its own
 * inline policy allows docs:PutObject), {@code ops} (no group; Readers attached directly), role
 * {@code Job} (docs:ListBuckets), and a catalog of five docs actions.
 */
final class AdvisorFixture implements AutoCloseable {
  static final String READERS = "arn:iam4j:iam::acme:policy/Readers";
  static final String DEV = "arn:iam4j:iam::acme:user/dev";
  static final String OPS = "arn:iam4j:iam::acme:user/ops";
  static final String JOB = "arn:iam4j:iam::acme:role/Job";
  static final String DEVELOPERS = "arn:iam4j:iam::acme:group/Developers";
  static final ActionCatalog CATALOG = ActionCatalog.of(List.of(new ServiceReference("docs", List.of(
      action("ListBuckets", AccessLevel.LIST), action("ListObjects", AccessLevel.LIST), action("GetObject", AccessLevel.READ),
      action("PutObject", AccessLevel.WRITE), action("DeleteObject", AccessLevel.WRITE)), List.of(), List.of())));

  final Path root;
  final ServerKey key = ServerKey.random();
  final AtomicLong now = new AtomicLong(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli());
  final ConfigStore store;
  final Authorizer authorizer;
  final AccessAdvisor advisor;

  static ActionEntry action(String name, AccessLevel level) {
    return new ActionEntry(name, level, List.of(), List.of(), List.of("test"));
  }

  AdvisorFixture(Path root) throws IOException {
    this.root = root;
    put("policies/Readers.json", "{'Version': '2012-10-17', 'Statement': [{'Sid': 'Read', 'Effect': 'Allow',"
        + " 'Action': ['docs:ListObjects', 'docs:GetObject'], 'Resource': '*'}]}");
    put("groups/Developers.json", "{'managedPolicies': ['" + READERS + "']}");
    put("users/dev.json", "{'groups': ['Developers'], 'inlinePolicies': {'Write': 'inline/write.json'}}");
    put("inline/write.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:PutObject',"
        + " 'Resource': 'arn:iam4j:docs::acme:bucket/dev/*'}]}");
    put("users/ops.json", "{'managedPolicies': ['" + READERS + "']}");
    put("roles/Job.json", "{'trustPolicy': 'trust/job.json', 'inlinePolicies': {'List': 'inline/list.json'}}");
    put("trust/job.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': '" + OPS + "'},"
        + " 'Action': 'sts:AssumeRole'}]}");
    put("inline/list.json", "{'Version': '2012-10-17', 'Statement': [{'Sid': 'List', 'Effect': 'Allow', 'Action': 'docs:ListBuckets',"
        + " 'Resource': '*'}]}");
    store = ConfigStore.open(ConfigStore.Settings.of(root).withServerKey(key));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> Optional.empty(), new DecisionCache(1_000));
    advisor = AccessAdvisor.open(AccessAdvisor.defaultFile(root), now::get, null);
    authorizer.addObserver(advisor);
  }

  void put(String path, String content) throws IOException {
    Path p = root.resolve("tenants/acme").resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  Directory directory() {
    return store.directory();
  }

  Tenant tenant() {
    return directory().tenant("acme").orElseThrow();
  }

  Identity user(String name) {
    return directory().user(tenant(), tenant().users().get(name));
  }

  Identity session(String role, String session) {
    return directory().roleSession(tenant(), tenant().roles().get(role), session, null);
  }

  /** A request by {@code who} for {@code action} on an object of bucket dev; returns whether it was allowed. */
  boolean request(Identity who, String action) {
    return authorizer.authorize(who, action, "arn:iam4j:docs::acme:bucket/dev/a.txt", null, RequestContext.empty()).decision().allowed();
  }

  /** The same, as a request of a password sign-in (which reports aws:MultiFactorAuthPresent). */
  boolean signedInRequest(Identity who, String action) {
    return authorizer.authorize(who, action, "arn:iam4j:docs::acme:bucket/dev/a.txt", null,
        RequestContext.builder().put("aws:MultiFactorAuthPresent", false).build()).decision().allowed();
  }

  void advanceDays(long days) {
    now.addAndGet(days * 86_400_000L);
  }

  Instant instant() {
    return Instant.ofEpochMilli(now.get());
  }

  @Override
  public void close() {
    advisor.close();
    store.close();
  }
}
