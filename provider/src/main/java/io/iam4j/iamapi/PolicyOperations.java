package io.iam4j.iamapi;

import io.iam4j.config.FileChange;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Tenant;
import io.iam4j.policy.PolicyPrinter;
import io.iam4j.policy.PolicyType;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Managed policies and their versions: {@code CreatePolicy}, {@code GetPolicy}, {@code
 * ListPolicies}, {@code DeletePolicy}, {@code CreatePolicyVersion}, {@code GetPolicyVersion},
 * {@code ListPolicyVersions}, {@code DeletePolicyVersion}, {@code SetDefaultPolicyVersion}. A policy
 * made here is {@code policies/NAME/policy.json} (path, description, default version) with {@code
 * v1.json} ... {@code v5.json}; a hand-written single-file {@code policies/NAME.json} becomes that
 * layout at its first new version. Policies shipped with iam4j (Scope {@code AWS}) are read-only.
 */
public final class PolicyOperations implements IamOperations {
  @Override
  public Set<String> actions() {
    return Set.of("CreatePolicy", "GetPolicy", "ListPolicies", "DeletePolicy", "CreatePolicyVersion", "GetPolicyVersion",
        "ListPolicyVersions", "DeletePolicyVersion", "SetDefaultPolicyVersion");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "CreatePolicy" -> create(q, call, xml);
      case "GetPolicy" -> get(q, call, xml);
      case "ListPolicies" -> list(q, call, xml);
      case "DeletePolicy" -> {
        delete(q, call);
        return false;
      }
      case "CreatePolicyVersion" -> createVersion(q, call, xml);
      case "GetPolicyVersion" -> getVersion(q, call, xml);
      case "ListPolicyVersions" -> listVersions(q, call, xml);
      case "DeletePolicyVersion" -> {
        deleteVersion(q, call);
        return false;
      }
      case "SetDefaultPolicyVersion" -> {
        setDefault(q, call);
        return false;
      }
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  /** How many identities of the tenant attach a policy, and how many use it as boundary. */
  record Usage(int attachments, int boundaries) {
    static Usage of(Tenant t, String arn) {
      int a = (int) (t.users().values().stream().filter(u -> u.managedPolicies().contains(arn)).count()
          + t.groups().values().stream().filter(g -> g.managedPolicies().contains(arn)).count()
          + t.roles().values().stream().filter(r -> r.managedPolicies().contains(arn)).count());
      int b = (int) (t.users().values().stream().filter(u -> arn.equals(u.permissionsBoundary())).count()
          + t.roles().values().stream().filter(r -> arn.equals(r.permissionsBoundary())).count());
      return new Usage(a, b);
    }
  }

  static String policyId(ManagedPolicy p) {
    return ApiSupport.uniqueId("ANPA", p.arn());
  }

  private static void policy(QueryXml xml, Tenant t, ManagedPolicy p, boolean withDescription) {
    Usage u = Usage.of(t, p.arn());
    xml.text("PolicyName", p.name()).text("PolicyId", policyId(p)).text("Arn", p.arn()).text("Path", p.path())
        .text("DefaultVersionId", p.defaultVersionId()).text("AttachmentCount", u.attachments())
        .text("PermissionsBoundaryUsageCount", u.boundaries()).text("IsAttachable", true);
    if (withDescription && !p.description().isEmpty()) {
      xml.text("Description", p.description());
    }
  }

  private void create(QueryRequest q, IamCall call, QueryXml xml) {
    String name = ApiSupport.name(q, "PolicyName", ApiSupport.LONG_NAME, 128);
    String path = ApiSupport.path(q);
    String description = ApiSupport.description(q, "description");
    ApiSupport.document(q, "PolicyDocument", PolicyType.IDENTITY);
    String text = q.required("PolicyDocument");
    Tenant t = call.tenant();
    String arn = call.directory().arns().policy(t.id(), path, name);
    call.authorize("CreatePolicy", arn);
    // IAM names are unique in an account whatever their case (and path).
    if (t.policies().values().stream().anyMatch(p -> p.name().equalsIgnoreCase(name))
        || ApiSupport.readFile(call, "policies/" + name + ".json") != null
        || ApiSupport.readFile(call, "policies/" + name + "/policy.json") != null) {
      throw IamErrors.alreadyExists("A policy called " + name + " already exists. Duplicate names are not allowed.");
    }
    StringBuilder meta = new StringBuilder("{\n  \"path\": ");
    PolicyPrinter.str(meta, path);
    meta.append(",\n  \"description\": ");
    PolicyPrinter.str(meta, description == null ? "" : description);
    meta.append(",\n  \"defaultVersion\": \"v1\"\n}\n");
    Tenant after = call.store().writer().write(t.id(), t.version(), List.of(
        FileChange.put("policies/" + name + "/v1.json", text),
        FileChange.put("policies/" + name + "/policy.json", meta.toString())), call.actor() + ": CreatePolicy " + arn);
    xml.open("Policy");
    policy(xml, after, after.policies().get(arn), true);
    xml.close("Policy");
  }

  private void get(QueryRequest q, IamCall call, QueryXml xml) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    call.authorize("GetPolicy", arn);
    ManagedPolicy p = ApiSupport.policy(call, arn);
    xml.open("Policy");
    policy(xml, call.tenant(), p, true);
    xml.close("Policy");
  }

  private void list(QueryRequest q, IamCall call, QueryXml xml) {
    String scope = q.get("Scope").orElse("All");
    if (!List.of("All", "AWS", "Local").contains(scope)) {
      throw AwsError.constraint("scope", scope, "Member must satisfy enum value set: [All, AWS, Local]");
    }
    String usage = q.get("PolicyUsageFilter").orElse(null);
    if (usage != null && !List.of("PermissionsPolicy", "PermissionsBoundary").contains(usage)) {
      throw AwsError.constraint("policyUsageFilter", usage, "Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]");
    }
    boolean onlyAttached = Boolean.parseBoolean(q.get("OnlyAttached").orElse("false"));
    String prefix = ApiSupport.pathPrefix(q);
    call.authorize("ListPolicies", "*");
    Tenant t = call.tenant();
    Stream<ManagedPolicy> s = Stream.empty();
    if (!scope.equals("AWS")) {
      s = Stream.concat(s, t.policies().values().stream());
    }
    if (!scope.equals("Local")) {
      s = Stream.concat(s, call.directory().providerPolicies().values().stream());
    }
    List<ManagedPolicy> all = s.filter(p -> p.path().startsWith(prefix)).filter(p -> {
      Usage u = Usage.of(t, p.arn());
      int used = usage == null ? u.attachments() + u.boundaries()
          : usage.equals("PermissionsPolicy") ? u.attachments() : u.boundaries();
      return !onlyAttached || used > 0;
    }).sorted(Comparator.comparing(ManagedPolicy::arn)).toList();
    ApiSupport.Page<ManagedPolicy> page = ApiSupport.page(q, all, ManagedPolicy::arn);
    xml.open("Policies");
    for (ManagedPolicy p : page.items()) {
      xml.open("member");
      policy(xml, t, p, false);
      xml.close("member");
    }
    xml.close("Policies");
    page.truncation(xml);
  }

  private void delete(QueryRequest q, IamCall call) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    call.authorize("DeletePolicy", arn);
    ManagedPolicy p = ApiSupport.ownPolicy(call, arn);
    Usage u = Usage.of(call.tenant(), arn);
    if (u.attachments() > 0) {
      throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
    }
    if (u.boundaries() > 0) {
      throw IamErrors.deleteConflict("Cannot delete a policy used as a permissions boundary by " + u.boundaries() + " entities.");
    }
    if (p.versions().size() > 1) {
      throw IamErrors.deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the "
          + "policy's versions. The default version is deleted with the policy.");
    }
    List<FileChange> changes = new ArrayList<>();
    if (ApiSupport.readFile(call, "policies/" + p.name() + ".json") != null) {
      changes.add(FileChange.delete("policies/" + p.name() + ".json"));
    } else {
      changes.add(FileChange.delete("policies/" + p.name() + "/policy.json"));
      changes.add(FileChange.delete("policies/" + p.name() + "/" + p.defaultVersionId() + ".json"));
    }
    Tenant t = call.tenant();
    try {
      call.store().writer().write(t.id(), t.version(), changes, call.actor() + ": DeletePolicy " + arn);
    } catch (io.iam4j.config.ConfigException e) {
      throw IamErrors.deleteConflict("Cannot delete the policy, it is still referenced: " + e.getMessage());
    }
  }

  private static ManagedPolicy.Version version(ManagedPolicy p, String versionId) {
    return p.versions().stream().filter(v -> v.id().equals(versionId)).findFirst()
        .orElseThrow(() -> IamErrors.noSuchEntity("Policy " + p.arn() + " version " + versionId + " does not exist or is not attachable."));
  }

  private static String versionId(QueryRequest q) {
    String v = q.required("VersionId");
    if (!ApiSupport.VERSION_ID.matcher(v).matches()) {
      throw AwsError.constraint("versionId", v, "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
    }
    return v;
  }

  private void createVersion(QueryRequest q, IamCall call, QueryXml xml) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    ApiSupport.document(q, "PolicyDocument", PolicyType.IDENTITY);
    String text = q.required("PolicyDocument");
    boolean makeDefault = Boolean.parseBoolean(q.get("SetAsDefault").orElse("false"));
    call.authorize("CreatePolicyVersion", arn);
    ManagedPolicy p = ApiSupport.ownPolicy(call, arn);
    if (p.versions().size() >= ManagedPolicy.MAX_VERSIONS) {
      throw IamErrors.limitExceeded("A managed policy can have up to " + ManagedPolicy.MAX_VERSIONS + " versions. Before you create a "
          + "new version, you must delete an existing version.");
    }
    Set<String> before = new java.util.HashSet<>();
    p.versions().forEach(v -> before.add(v.id()));
    Tenant after = call.store().writer().putPolicyVersion(call.tenant().id(), p.name(), text, makeDefault,
        call.actor() + ": CreatePolicyVersion " + arn);
    ManagedPolicy now = after.policies().get(arn);
    ManagedPolicy.Version created = now.versions().stream().filter(v -> !before.contains(v.id())).findFirst().orElseThrow();
    xml.open("PolicyVersion").text("VersionId", created.id()).text("IsDefaultVersion", created.id().equals(now.defaultVersionId()))
        .close("PolicyVersion");
  }

  /** A version's document as written (the file), or as printed for a policy shipped with iam4j. */
  private static String versionText(IamCall call, ManagedPolicy p, ManagedPolicy.Version v) {
    if (!p.providerManaged()) {
      String text = ApiSupport.readFile(call, "policies/" + p.name() + "/" + v.id() + ".json");
      if (text == null && v.id().equals("v1")) {
        text = ApiSupport.readFile(call, "policies/" + p.name() + ".json");
      }
      if (text != null) {
        return text;
      }
    }
    return PolicyPrinter.print(v.document());
  }

  private void getVersion(QueryRequest q, IamCall call, QueryXml xml) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    String versionId = versionId(q);
    call.authorize("GetPolicyVersion", arn);
    ManagedPolicy p = ApiSupport.policy(call, arn);
    ManagedPolicy.Version v = version(p, versionId);
    xml.open("PolicyVersion").text("Document", ApiSupport.urlEncoded(versionText(call, p, v))).text("VersionId", v.id())
        .text("IsDefaultVersion", v.id().equals(p.defaultVersionId())).close("PolicyVersion");
  }

  private void listVersions(QueryRequest q, IamCall call, QueryXml xml) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    call.authorize("ListPolicyVersions", arn);
    ManagedPolicy p = ApiSupport.policy(call, arn);
    // Newest first, as IAM lists them.
    List<ManagedPolicy.Version> all = p.versions().stream()
        .sorted(Comparator.comparingInt((ManagedPolicy.Version v) -> Integer.parseInt(v.id().substring(1))).reversed()).toList();
    ApiSupport.Page<ManagedPolicy.Version> page = ApiSupport.page(q, all, v -> String.format("%05d", all.indexOf(v)));
    xml.open("Versions");
    for (ManagedPolicy.Version v : page.items()) {
      xml.open("member").text("VersionId", v.id()).text("IsDefaultVersion", v.id().equals(p.defaultVersionId())).close("member");
    }
    xml.close("Versions");
    page.truncation(xml);
  }

  private void deleteVersion(QueryRequest q, IamCall call) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    String versionId = versionId(q);
    call.authorize("DeletePolicyVersion", arn);
    ManagedPolicy p = ApiSupport.ownPolicy(call, arn);
    version(p, versionId);
    if (versionId.equals(p.defaultVersionId())) {
      throw IamErrors.deleteConflict("Cannot delete the default version of a policy.");
    }
    if (versionId.equals(p.shadowVersionId())) {
      throw IamErrors.deleteConflict("Cannot delete the version in shadow of a policy: stop its shadow first (StopPolicyVersionShadow).");
    }
    Tenant t = call.tenant();
    call.store().writer().write(t.id(), t.version(), List.of(FileChange.delete("policies/" + p.name() + "/" + versionId + ".json")),
        call.actor() + ": DeletePolicyVersion " + arn + " " + versionId);
  }

  private void setDefault(QueryRequest q, IamCall call) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    String versionId = versionId(q);
    call.authorize("SetDefaultPolicyVersion", arn);
    ManagedPolicy p = ApiSupport.ownPolicy(call, arn);
    version(p, versionId);
    if (versionId.equals(p.defaultVersionId())) {
      return;
    }
    call.store().writer().setDefaultPolicyVersion(call.tenant().id(), p.name(), versionId,
        call.actor() + ": SetDefaultPolicyVersion " + arn + " " + versionId);
  }
}
