package io.iam4j.iamapi;

import static io.iam4j.iamapi.ApiSupport.role;
import static io.iam4j.iamapi.ApiSupport.roleArn;

import io.iam4j.config.FileChange;
import io.iam4j.config.TenantLoader;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.RequestContext;
import io.iam4j.json.JsonNode;
import io.iam4j.json.Location;
import io.iam4j.policy.PolicyType;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Roles: {@code CreateRole}, {@code GetRole}, {@code ListRoles}, {@code UpdateRole}, {@code
 * UpdateAssumeRolePolicy}, {@code DeleteRole}, {@code TagRole}, {@code UntagRole}, {@code
 * ListRoleTags}. A role is {@code roles/NAME.json} with its trust policy in {@code
 * trust/role-NAME.json}. CreateRole stores a fresh random role id: a role deleted and created again
 * is another role, and the old one's sessions (whose tokens name the old id) end.
 */
public final class RoleOperations implements IamOperations {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  @Override
  public Set<String> actions() {
    return Set.of("CreateRole", "GetRole", "ListRoles", "UpdateRole", "UpdateAssumeRolePolicy", "DeleteRole", "TagRole",
        "UntagRole", "ListRoleTags", "UpdateRoleDescription");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "CreateRole" -> create(q, call, xml);
      case "GetRole" -> get(q, call, xml);
      case "ListRoles" -> list(q, call, xml);
      case "UpdateRole" -> {
        update(q, call);
        return true;
      }
      case "UpdateRoleDescription" -> updateDescription(q, call, xml);
      case "UpdateAssumeRolePolicy" -> {
        updateTrust(q, call);
        return false;
      }
      case "DeleteRole" -> {
        delete(q, call);
        return false;
      }
      case "TagRole" -> {
        tag(q, call);
        return false;
      }
      case "UntagRole" -> {
        untag(q, call);
        return false;
      }
      case "ListRoleTags" -> listTags(q, call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  static String roleName(QueryRequest q) {
    return ApiSupport.name(q, "RoleName", ApiSupport.NAME, 64);
  }

  private static Integer maxSession(QueryRequest q) {
    Integer m = q.integer("MaxSessionDuration");
    if (m != null && (m < TenantLoader.MIN_SESSION_SECONDS || m > TenantLoader.MAX_SESSION_SECONDS)) {
      throw AwsError.constraint("maxSessionDuration", m.toString(), "Member must have value between "
          + TenantLoader.MIN_SESSION_SECONDS + " and " + TenantLoader.MAX_SESSION_SECONDS);
    }
    return m;
  }

  /** A new role id: AROA and 17 random characters, never one the tenant has. */
  private static String newRoleId(Tenant t) {
    while (true) {
      StringBuilder sb = new StringBuilder("AROA");
      for (int i = 0; i < 17; i++) {
        sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
      }
      String id = sb.toString();
      if (t.roles().values().stream().noneMatch(r -> r.id().equals(id))) {
        return id;
      }
    }
  }

  private void create(QueryRequest q, IamCall call, QueryXml xml) {
    String name = roleName(q);
    String path = ApiSupport.path(q);
    String description = ApiSupport.description(q, "description");
    Integer max = maxSession(q);
    String boundary = q.get("PermissionsBoundary").isPresent() ? ApiSupport.arn(q, "PermissionsBoundary") : null;
    Map<String, String> tags = ApiSupport.tags(q);
    ApiSupport.document(q, "AssumeRolePolicyDocument", PolicyType.RESOURCE);
    String trustText = q.required("AssumeRolePolicyDocument");
    String arn = call.directory().arns().role(call.tenant().id(), path, name);
    RequestContext.Builder ctx = ApiSupport.tagContext(tags).toBuilder();
    if (boundary != null) {
      ctx.put("iam:PermissionsBoundary", boundary);
    }
    call.authorize("CreateRole", arn, ctx.build());
    if (!tags.isEmpty()) {
      // IAM: creating a role with tags also needs permission to tag it.
      call.authorize("TagRole", arn, ApiSupport.tagContext(tags));
    }
    Tenant t = call.tenant();
    if (t.roles().keySet().stream().anyMatch(r -> r.equalsIgnoreCase(name))) {
      throw IamErrors.alreadyExists("Role with name " + name + " already exists.");
    }
    if (boundary != null) {
      ApiSupport.policy(call, boundary);
    }
    String trustFile = "trust/role-" + ApiSupport.segment(name) + ".json";
    List<JsonNode.Member> m = new ArrayList<>();
    m.add(member("path", ApiSupport.str(path)));
    if (description != null && !description.isEmpty()) {
      m.add(member("description", ApiSupport.str(description)));
    }
    m.add(member("id", ApiSupport.str(newRoleId(t))));
    m.add(member("trustPolicy", ApiSupport.str(trustFile)));
    if (max != null) {
      m.add(member("maxSessionDuration", ApiSupport.num(max)));
    }
    if (boundary != null) {
      m.add(member("permissionsBoundary", ApiSupport.str(boundary)));
    }
    if (!tags.isEmpty()) {
      m.add(member("tags", ApiSupport.stringMap(tags)));
    }
    List<FileChange> changes = new ArrayList<>();
    if (ApiSupport.readFile(call, trustFile) != null && ApiSupport.sharedElsewhere(ApiSupport.identityFiles(call), trustFile, "")) {
      throw IamErrors.invalidInput("The file " + trustFile + " is in use by another identity");
    }
    changes.add(FileChange.put(trustFile, trustText));
    changes.add(FileChange.put("roles/" + name + ".json", ApiSupport.print(new JsonNode.ObjectNode("", Location.UNKNOWN, m))));
    Tenant after = call.store().writer().write(t.id(), t.version(), changes, call.actor() + ": CreateRole " + name);
    xml.open("Role");
    roleXml(xml, call, after.roles().get(name), trustText);
    xml.close("Role");
  }

  private static JsonNode.Member member(String name, JsonNode value) {
    return new JsonNode.Member(name, Location.UNKNOWN, value);
  }

  /** The Role structure of IAM's replies. */
  private static void roleXml(QueryXml xml, IamCall call, Role r, String trustText) {
    xml.text("Path", r.path()).text("RoleName", r.name()).text("RoleId", r.id())
        .text("Arn", call.directory().arns().role(call.tenant().id(), r.path(), r.name()));
    if (trustText != null) {
      xml.text("AssumeRolePolicyDocument", ApiSupport.urlEncoded(trustText));
    }
    if (!r.description().isEmpty()) {
      xml.text("Description", r.description());
    }
    xml.text("MaxSessionDuration", r.maxSessionDurationSeconds());
    if (r.permissionsBoundary() != null) {
      xml.open("PermissionsBoundary").text("PermissionsBoundaryType", "Policy").text("PermissionsBoundaryArn", r.permissionsBoundary())
          .close("PermissionsBoundary");
    }
    if (!r.tags().values().isEmpty()) {
      tagList(xml, "Tags", r.tags().values());
    }
  }

  private static void tagList(QueryXml xml, String element, Map<String, String> tags) {
    xml.open(element);
    tags.forEach((k, v) -> xml.open("member").text("Key", k).text("Value", v).close("member"));
    xml.close(element);
  }

  /** The text of a role's trust policy as stored (the file its role file names). */
  private static String trustText(IamCall call, Role r) {
    JsonNode.ObjectNode o = ApiSupport.object(call, "roles/" + r.name() + ".json");
    if (o.get("trustPolicy") instanceof JsonNode.StringNode s) {
      String text = ApiSupport.readFile(call, s.value());
      if (text != null) {
        return text;
      }
    }
    return io.iam4j.policy.PolicyPrinter.print(r.trustPolicy());
  }

  private void get(QueryRequest q, IamCall call, QueryXml xml) {
    String name = roleName(q);
    call.authorize("GetRole", roleArn(call, name));
    Role r = role(call.tenant(), name);
    xml.open("Role");
    roleXml(xml, call, r, trustText(call, r));
    xml.close("Role");
  }

  private void list(QueryRequest q, IamCall call, QueryXml xml) {
    String prefix = ApiSupport.pathPrefix(q);
    call.authorize("ListRoles", "*");
    List<Role> all = call.tenant().roles().values().stream().filter(r -> r.path().startsWith(prefix))
        .sorted(Comparator.comparing(Role::name)).toList();
    ApiSupport.Page<Role> page = ApiSupport.page(q, all, Role::name);
    xml.open("Roles");
    for (Role r : page.items()) {
      xml.open("member");
      // ListRoles leaves out tags and the boundary, as IAM does; GetRole has them.
      xml.text("Path", r.path()).text("RoleName", r.name()).text("RoleId", r.id())
          .text("Arn", call.directory().arns().role(call.tenant().id(), r.path(), r.name()))
          .text("AssumeRolePolicyDocument", ApiSupport.urlEncoded(trustText(call, r)));
      if (!r.description().isEmpty()) {
        xml.text("Description", r.description());
      }
      xml.text("MaxSessionDuration", r.maxSessionDurationSeconds());
      xml.close("member");
    }
    xml.close("Roles");
    page.truncation(xml);
  }

  private void update(QueryRequest q, IamCall call) {
    String name = roleName(q);
    String description = ApiSupport.description(q, "description");
    Integer max = maxSession(q);
    call.authorize("UpdateRole", roleArn(call, name));
    Role r = role(call.tenant(), name);
    JsonNode.ObjectNode o = ApiSupport.object(call, "roles/" + name + ".json");
    if (description != null) {
      o = ApiSupport.with(o, "description", description.isEmpty() ? null : ApiSupport.str(description));
    }
    if (max != null) {
      o = ApiSupport.with(o, "maxSessionDuration", ApiSupport.num(max));
    }
    writeRole(call, r, o, "UpdateRole");
  }

  private void updateDescription(QueryRequest q, IamCall call, QueryXml xml) {
    String name = roleName(q);
    String description = q.get("Description").isPresent() ? ApiSupport.description(q, "description") : null;
    if (description == null) {
      throw AwsError.missing("Description");
    }
    call.authorize("UpdateRoleDescription", roleArn(call, name));
    Role r = role(call.tenant(), name);
    JsonNode.ObjectNode o = ApiSupport.with(ApiSupport.object(call, "roles/" + name + ".json"), "description",
        description.isEmpty() ? null : ApiSupport.str(description));
    Tenant after = writeRole(call, r, o, "UpdateRoleDescription");
    Role now = after.roles().get(name);
    xml.open("Role");
    roleXml(xml, call, now, trustText(call, now));
    xml.close("Role");
  }

  private static Tenant writeRole(IamCall call, Role r, JsonNode.ObjectNode o, String what) {
    Tenant t = call.tenant();
    return call.store().writer().write(t.id(), t.version(), List.of(FileChange.put("roles/" + r.name() + ".json", ApiSupport.print(o))),
        call.actor() + ": " + what + " " + r.name());
  }

  private void updateTrust(QueryRequest q, IamCall call) {
    String name = roleName(q);
    ApiSupport.document(q, "PolicyDocument", PolicyType.RESOURCE);
    String text = q.required("PolicyDocument");
    call.authorize("UpdateAssumeRolePolicy", roleArn(call, name));
    Role r = role(call.tenant(), name);
    String roleFile = "roles/" + name + ".json";
    JsonNode.ObjectNode o = ApiSupport.object(call, roleFile);
    String current = o.get("trustPolicy") instanceof JsonNode.StringNode s ? s.value() : null;
    List<FileChange> changes = new ArrayList<>();
    // The role's own trust file is rewritten in place; one shared by hand with another role is left
    // alone, and this role gets its own.
    if (current != null && !ApiSupport.sharedElsewhere(ApiSupport.identityFiles(call), current, roleFile)) {
      changes.add(FileChange.put(current, text));
    } else {
      String own = "trust/role-" + ApiSupport.segment(name) + ".json";
      changes.add(FileChange.put(own, text));
      changes.add(FileChange.put(roleFile, ApiSupport.print(ApiSupport.with(o, "trustPolicy", ApiSupport.str(own)))));
    }
    Tenant t = call.tenant();
    call.store().writer().write(t.id(), t.version(), changes, call.actor() + ": UpdateAssumeRolePolicy " + r.name());
  }

  private void delete(QueryRequest q, IamCall call) {
    String name = roleName(q);
    call.authorize("DeleteRole", roleArn(call, name));
    Role r = role(call.tenant(), name);
    if (!r.managedPolicies().isEmpty()) {
      throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
    }
    if (!r.inlinePolicies().isEmpty()) {
      throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
    }
    String roleFile = "roles/" + name + ".json";
    JsonNode.ObjectNode o = ApiSupport.object(call, roleFile);
    Map<String, String> files = ApiSupport.identityFiles(call);
    List<FileChange> changes = new ArrayList<>();
    changes.add(FileChange.delete(roleFile));
    if (o.get("trustPolicy") instanceof JsonNode.StringNode s && !ApiSupport.sharedElsewhere(files, s.value(), roleFile)
        && ApiSupport.readFile(call, s.value()) != null) {
      changes.add(FileChange.delete(s.value()));
    }
    Tenant t = call.tenant();
    try {
      call.store().writer().write(t.id(), t.version(), changes, call.actor() + ": DeleteRole " + name);
    } catch (io.iam4j.config.ConfigException e) {
      // Something else still refers to the role (the identity mapping): IAM's conflict, nothing written.
      throw IamErrors.deleteConflict("Cannot delete entity, it is still referenced: " + e.getMessage());
    }
  }

  private void tag(QueryRequest q, IamCall call) {
    String name = roleName(q);
    Map<String, String> tags = ApiSupport.tags(q);
    if (tags.isEmpty()) {
      throw AwsError.missing("Tags");
    }
    call.authorize("TagRole", roleArn(call, name), ApiSupport.tagContext(tags));
    Role r = role(call.tenant(), name);
    Map<String, String> merged = new LinkedHashMap<>();
    r.tags().values().forEach((k, v) -> {
      // Tag keys are case-insensitive: a new spelling replaces the old one.
      if (tags.keySet().stream().noneMatch(n -> n.equalsIgnoreCase(k))) {
        merged.put(k, v);
      }
    });
    merged.putAll(tags);
    if (merged.size() > TenantLoader.MAX_TAGS) {
      throw IamErrors.limitExceeded("Cannot exceed quota for TagsPerRole: " + TenantLoader.MAX_TAGS + ".");
    }
    writeRole(call, r, ApiSupport.with(ApiSupport.object(call, "roles/" + name + ".json"), "tags", ApiSupport.stringMap(merged)), "TagRole");
  }

  private void untag(QueryRequest q, IamCall call) {
    String name = roleName(q);
    List<String> keys = q.members("TagKeys");
    if (keys.isEmpty()) {
      throw AwsError.missing("TagKeys");
    }
    call.authorize("UntagRole", roleArn(call, name), RequestContext.builder().putSet("aws:TagKeys", keys).build());
    Role r = role(call.tenant(), name);
    Set<String> lower = new java.util.HashSet<>();
    keys.forEach(k -> lower.add(k.toLowerCase(Locale.ROOT)));
    Map<String, String> kept = new LinkedHashMap<>();
    r.tags().values().forEach((k, v) -> {
      if (!lower.contains(k.toLowerCase(Locale.ROOT))) {
        kept.put(k, v);
      }
    });
    if (kept.size() == r.tags().values().size()) {
      return;
    }
    writeRole(call, r, ApiSupport.with(ApiSupport.object(call, "roles/" + name + ".json"), "tags", ApiSupport.stringMap(kept)), "UntagRole");
  }

  private void listTags(QueryRequest q, IamCall call, QueryXml xml) {
    String name = roleName(q);
    call.authorize("ListRoleTags", roleArn(call, name));
    Role r = role(call.tenant(), name);
    List<Map.Entry<String, String>> all = new ArrayList<>(r.tags().values().entrySet());
    ApiSupport.Page<Map.Entry<String, String>> page = ApiSupport.page(q, all, e -> String.format("%05d", all.indexOf(e)));
    Map<String, String> shown = new LinkedHashMap<>();
    page.items().forEach(e -> shown.put(e.getKey(), e.getValue()));
    tagList(xml, "Tags", shown);
    page.truncation(xml);
  }
}
