package io.iam4j.iamapi;

import io.iam4j.directory.Arns;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Group;
import io.iam4j.directory.InlinePolicy;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tags;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyPrinter;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code GetAccountAuthorizationDetails}: every user, group, role and managed policy of the
 * caller's tenant with their policy documents, as the directory serving now holds them (one
 * snapshot, so a page never mixes two configurations). Documents are URL-encoded JSON as IAM
 * returns them, printed from the validated policies. Provider-managed policies (IAM's AWS managed
 * policies) are listed when something in the tenant uses them. Nothing of another tenant is ever
 * read: the tenant is the caller's own.
 */
public final class AuthorizationDetailsOperations implements IamOperations {
  static final Set<String> FILTERS = Set.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy");
  static final int DEFAULT_MAX_ITEMS = 100;

  @Override
  public Set<String> actions() {
    return Set.of("GetAccountAuthorizationDetails");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    Set<String> filter = new LinkedHashSet<>(q.members("Filter"));
    for (String f : filter) {
      if (!FILTERS.contains(f)) {
        throw AwsError.constraint("filter", f, "Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]");
      }
    }
    if (filter.isEmpty()) {
      filter = FILTERS;
    }
    Integer max = q.integer("MaxItems");
    if (max != null && (max < 1 || max > 1000)) {
      throw AwsError.constraint("maxItems", max.toString(), "Member must have value greater than or equal to 1 and less than or equal to 1000");
    }
    String marker = q.get("Marker").orElse(null);
    if (marker != null && !marker.matches("[0-9]{1,9}")) {
      throw new AwsError("InvalidInput", 400, "Invalid Marker");
    }
    call.authorize("GetAccountAuthorizationDetails", "*");

    Directory d = call.directory();
    Tenant t = call.tenant();
    Arns arns = d.arns();
    // One entry per entity, in IAM's order of lists: users, groups, roles, policies.
    List<Entry> entries = new ArrayList<>();
    if (filter.contains("User")) {
      t.users().values().forEach(u -> entries.add(new Entry("UserDetailList", x -> user(x, arns, t, d, u))));
    }
    if (filter.contains("Group")) {
      t.groups().values().forEach(g -> entries.add(new Entry("GroupDetailList", x -> group(x, arns, t, d, g))));
    }
    if (filter.contains("Role")) {
      t.roles().values().forEach(r -> entries.add(new Entry("RoleDetailList", x -> role(x, arns, t, d, r))));
    }
    Map<String, int[]> usage = usage(t);
    if (filter.contains("LocalManagedPolicy")) {
      t.policies().values().forEach(p -> entries.add(new Entry("Policies", x -> policy(x, p, usage))));
    }
    if (filter.contains("AWSManagedPolicy")) {
      new TreeMap<>(d.providerPolicies()).values().stream().filter(p -> usage.containsKey(p.arn()))
          .forEach(p -> entries.add(new Entry("Policies", x -> policy(x, p, usage))));
    }
    int from = marker == null ? 0 : Integer.parseInt(marker);
    if (from > entries.size()) {
      throw new AwsError("InvalidInput", 400, "Invalid Marker");
    }
    int to = Math.min(entries.size(), from + (max == null ? DEFAULT_MAX_ITEMS : max));
    List<Entry> page = entries.subList(from, to);
    for (String list : List.of("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")) {
      xml.open(list);
      page.stream().filter(e -> e.list().equals(list)).forEach(e -> {
        xml.open("member");
        e.writer().accept(xml);
        xml.close("member");
      });
      xml.close(list);
    }
    xml.text("IsTruncated", to < entries.size());
    if (to < entries.size()) {
      xml.text("Marker", Integer.toString(to));
    }
    return true;
  }

  private record Entry(String list, Consumer<QueryXml> writer) {}

  /** The JSON of a document, percent-encoded as IAM returns policy documents (RFC 3986: a space is {@code %20}). */
  static String encoded(Policy p) {
    return URLEncoder.encode(PolicyPrinter.print(p), StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void user(QueryXml x, Arns arns, Tenant t, Directory d, User u) {
    x.text("Path", u.path()).text("UserName", u.name()).text("UserId", u.id()).text("Arn", arns.user(t.id(), u.path(), u.name()));
    inline(x, "UserPolicyList", u.inlinePolicies());
    x.open("GroupList");
    u.groups().forEach(g -> x.text("member", g));
    x.close("GroupList");
    attached(x, t, d, u.managedPolicies());
    boundary(x, u.permissionsBoundary());
    tags(x, u.tags());
  }

  private static void group(QueryXml x, Arns arns, Tenant t, Directory d, Group g) {
    x.text("Path", g.path()).text("GroupName", g.name()).text("Arn", arns.group(t.id(), g.path(), g.name()));
    inline(x, "GroupPolicyList", g.inlinePolicies());
    attached(x, t, d, g.managedPolicies());
  }

  private static void role(QueryXml x, Arns arns, Tenant t, Directory d, Role r) {
    x.text("Path", r.path()).text("RoleName", r.name()).text("RoleId", r.id()).text("Arn", arns.role(t.id(), r.path(), r.name()));
    if (r.trustPolicy() != null) {
      x.text("AssumeRolePolicyDocument", encoded(r.trustPolicy()));
    }
    // iam4j has no instance profiles; the list is there, empty, as for a role without one.
    x.open("InstanceProfileList").close("InstanceProfileList");
    inline(x, "RolePolicyList", r.inlinePolicies());
    attached(x, t, d, r.managedPolicies());
    boundary(x, r.permissionsBoundary());
    tags(x, r.tags());
    x.open("RoleLastUsed").close("RoleLastUsed");
  }

  private static void inline(QueryXml x, String list, List<InlinePolicy> policies) {
    x.open(list);
    for (InlinePolicy p : policies) {
      x.open("member").text("PolicyName", p.name()).text("PolicyDocument", encoded(p.policy())).close("member");
    }
    x.close(list);
  }

  private static void attached(QueryXml x, Tenant t, Directory d, List<String> arns) {
    x.open("AttachedManagedPolicies");
    for (String arn : arns) {
      String name = d.managedPolicy(t, arn).map(ManagedPolicy::name).orElse(arn.substring(arn.lastIndexOf('/') + 1));
      x.open("member").text("PolicyName", name).text("PolicyArn", arn).close("member");
    }
    x.close("AttachedManagedPolicies");
  }

  private static void boundary(QueryXml x, String arn) {
    if (arn != null) {
      x.open("PermissionsBoundary").text("PermissionsBoundaryType", "Policy").text("PermissionsBoundaryArn", arn)
          .close("PermissionsBoundary");
    }
  }

  private static void tags(QueryXml x, Tags tags) {
    x.open("Tags");
    tags.values().forEach((k, v) -> x.open("member").text("Key", k).text("Value", v).close("member"));
    x.close("Tags");
  }

  /** Per policy ARN: how many users, groups and roles attach it, and how many use it as their boundary. */
  private static Map<String, int[]> usage(Tenant t) {
    Map<String, int[]> out = new TreeMap<>();
    Consumer<List<String>> attach = arns -> arns.forEach(a -> out.computeIfAbsent(a, k -> new int[2])[0]++);
    Consumer<String> bound = a -> {
      if (a != null) {
        out.computeIfAbsent(a, k -> new int[2])[1]++;
      }
    };
    t.users().values().forEach(u -> {
      attach.accept(u.managedPolicies());
      bound.accept(u.permissionsBoundary());
    });
    t.groups().values().forEach(g -> attach.accept(g.managedPolicies()));
    t.roles().values().forEach(r -> {
      attach.accept(r.managedPolicies());
      bound.accept(r.permissionsBoundary());
    });
    return out;
  }

  private static void policy(QueryXml x, ManagedPolicy p, Map<String, int[]> usage) {
    int[] u = usage.getOrDefault(p.arn(), new int[2]);
    x.text("PolicyName", p.name()).text("Arn", p.arn()).text("Path", p.path()).text("DefaultVersionId", p.defaultVersionId())
        .text("AttachmentCount", u[0]).text("PermissionsBoundaryUsageCount", u[1]).text("IsAttachable", true);
    if (p.description() != null && !p.description().isEmpty()) {
      x.text("Description", p.description());
    }
    x.open("PolicyVersionList");
    for (ManagedPolicy.Version v : p.versions()) {
      x.open("member").text("Document", encoded(v.document())).text("VersionId", v.id())
          .text("IsDefaultVersion", v.id().equals(p.defaultVersionId())).close("member");
    }
    x.close("PolicyVersionList");
  }
}
