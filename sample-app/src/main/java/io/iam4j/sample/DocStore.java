package io.iam4j.sample;

import io.iam4j.IamException;
import io.iam4j.directory.ResourcePolicyProvider;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The document store: buckets of objects per tenant, in memory, and each bucket's policy (a
 * resource-based policy that iam4j reads through {@link ResourcePolicyProvider}). Thread-safe.
 */
@ApplicationScoped
public class DocStore implements ResourcePolicyProvider {
  static final String PARTITION = "iam4j";
  private static final PolicyParser PARSER = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));

  /** One bucket: objects by key, and its policy (text as given, parsed form for iam4j). */
  static final class Bucket {
    final NavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    volatile String policyText;
    volatile Policy policy;
  }

  private final Map<String, Map<String, Bucket>> tenants = new ConcurrentHashMap<>();

  @PostConstruct
  void seed() {
    for (String t : List.of("acme", "globex")) {
      for (String b : List.of("projects", "reports", "audit-logs", "workspace")) {
        createBucket(t, b);
      }
      put(t, "projects", "plan.txt", "The plan for " + t + ".\n");
      put(t, "reports", "2026/q3.txt", "Q3 report of " + t + ".\n");
      put(t, "audit-logs", "2026-11-01.log", "audit entries\n");
      put(t, "workspace", "home/alice/notes.txt", "alice's notes\n");
      put(t, "workspace", "home/bob/notes.txt", "bob's notes\n");
    }
  }

  public static String bucketArn(String tenant, String bucket) {
    return "arn:" + PARTITION + ":docs::" + tenant + ":bucket/" + bucket;
  }

  public Map<String, Bucket> buckets(String tenant) {
    return tenants.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
  }

  public Optional<Bucket> bucket(String tenant, String bucket) {
    return Optional.ofNullable(buckets(tenant).get(bucket));
  }

  public boolean createBucket(String tenant, String bucket) {
    return buckets(tenant).putIfAbsent(bucket, new Bucket()) == null;
  }

  public boolean deleteBucket(String tenant, String bucket) {
    return buckets(tenant).remove(bucket) != null;
  }

  public void put(String tenant, String bucket, String key, String text) {
    bucket(tenant, bucket).orElseThrow().objects.put(key, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sets a bucket's policy after validating it as a resource-based policy.
   *
   * @throws io.iam4j.policy.PolicyException with every problem when IAM would refuse it
   */
  public void putPolicy(String tenant, String bucket, String text) {
    Bucket b = bucket(tenant, bucket).orElseThrow(() -> new IamException("No bucket " + bucket));
    Policy p = PARSER.parse(text, PolicyType.RESOURCE, bucketArn(tenant, bucket) + "#policy");
    b.policyText = text;
    b.policy = p;
  }

  /** The policy of the bucket a resource ARN ({@code bucket/B} or {@code bucket/B/KEY}) belongs to. */
  @Override
  public Optional<Policy> policyFor(String tenant, String resourceArn) {
    String prefix = "arn:" + PARTITION + ":docs::" + tenant + ":bucket/";
    if (!resourceArn.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = resourceArn.substring(prefix.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    return bucket(tenant, bucket).map(b -> b.policy);
  }
}
