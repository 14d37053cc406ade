package io.iam4j.iamapi;

import io.iam4j.config.FileChange;
import io.iam4j.config.TenantLoader;
import io.iam4j.directory.Group;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.RequestContext;
import io.iam4j.iamapi.Entity.Kind;
import io.iam4j.json.JsonNode;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Attaching managed policies and permissions boundaries: {@code Attach/Detach(User|Group|Role)Policy},
 * {@code ListAttached(User|Group|Role)Policies}, {@code ListEntitiesForPolicy}, {@code
 * Put/Delete(User|Role)PermissionsBoundary}.
 *
 * <p>The condition keys IAM gives these actions are in the request context, so that a delegated
 * administrator can be confined: {@code iam:PolicyARN} (the policy attached or detached) and {@code
 * iam:PermissionsBoundary} (on {@code Put*PermissionsBoundary} the boundary being set; on the other
 * user and role actions the boundary the entity has now, absent when it has none).
 */
public final class AttachmentOperations implements IamOperations {
  @Override
  public Set<String> actions() {
    return Set.of("AttachUserPolicy", "AttachGroupPolicy", "AttachRolePolicy", "DetachUserPolicy", "DetachGroupPolicy",
        "DetachRolePolicy", "ListAttachedUserPolicies", "ListAttachedGroupPolicies", "ListAttachedRolePolicies",
        "ListEntitiesForPolicy", "PutUserPermissionsBoundary", "PutRolePermissionsBoundary", "DeleteUserPermissionsBoundary",
        "DeleteRolePermissionsBoundary");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    Kind kind = action.contains("User") ? Kind.USER : action.contains("Group") ? Kind.GROUP : Kind.ROLE;
    if (action.equals("ListEntitiesForPolicy")) {
      entities(q, call, xml);
      return true;
    }
    if (action.startsWith("ListAttached")) {
      listAttached(kind, q, call, xml);
      return true;
    }
    if (action.startsWith("Attach")) {
      attach(kind, action, q, call, true);
    } else if (action.startsWith("Detach")) {
      attach(kind, action, q, call, false);
    } else if (action.startsWith("Put")) {
      putBoundary(kind, action, q, call);
    } else {
      deleteBoundary(kind, action, q, call);
    }
    return false;
  }

  /** {@code iam:PermissionsBoundary} as the entity has it now (absent when none). */
  static RequestContext.Builder boundaryContext(Entity e) {
    RequestContext.Builder b = RequestContext.builder();
    if (e.boundary() != null) {
      b.put("iam:PermissionsBoundary", e.boundary());
    }
    return b;
  }

  private void attach(Kind kind, String action, QueryRequest q, IamCall call, boolean attach) {
    Entity e = Entity.of(kind, q, call);
    String arn = ApiSupport.arn(q, "PolicyArn");
    RequestContext.Builder ctx = kind == Kind.GROUP ? RequestContext.builder() : boundaryContext(e);
    ctx.put("iam:PolicyARN", arn);
    call.authorize(action, e.arn(), ctx.build());
    e.existing();
    List<String> managed = new ArrayList<>(e.managedPolicies());
    if (attach) {
      ApiSupport.policy(call, arn);
      if (managed.contains(arn)) {
        return; // IAM: attaching an attached policy succeeds and changes nothing.
      }
      if (managed.size() >= TenantLoader.MAX_MANAGED_POLICIES) {
        throw IamErrors.limitExceeded("Cannot exceed quota for PoliciesPer" + kind.word + ": " + TenantLoader.MAX_MANAGED_POLICIES + ".");
      }
      managed.add(arn);
    } else {
      if (!managed.remove(arn)) {
        throw IamErrors.noSuchEntity("Policy " + arn + " was not found.");
      }
    }
    JsonNode.ObjectNode o = ApiSupport.with(ApiSupport.object(call, e.file()), "managedPolicies",
        managed.isEmpty() ? null : ApiSupport.strings(managed));
    Tenant t = call.tenant();
    call.store().writer().write(t.id(), t.version(), List.of(FileChange.put(e.file(), ApiSupport.print(o))),
        call.actor() + ": " + action + " " + e.name() + " " + arn);
  }

  private void listAttached(Kind kind, QueryRequest q, IamCall call, QueryXml xml) {
    Entity e = Entity.of(kind, q, call);
    String prefix = ApiSupport.pathPrefix(q);
    call.authorize("ListAttached" + kind.word + "Policies", e.arn());
    e.existing();
    List<ManagedPolicy> all = new ArrayList<>();
    for (String arn : e.managedPolicies()) {
      call.directory().managedPolicy(call.tenant(), arn).filter(p -> p.path().startsWith(prefix)).ifPresent(all::add);
    }
    ApiSupport.Page<ManagedPolicy> page = ApiSupport.page(q, all, p -> String.format("%05d", all.indexOf(p)));
    xml.open("AttachedPolicies");
    for (ManagedPolicy p : page.items()) {
      xml.open("member").text("PolicyName", p.name()).text("PolicyArn", p.arn()).close("member");
    }
    xml.close("AttachedPolicies");
    page.truncation(xml);
  }

  private void entities(QueryRequest q, IamCall call, QueryXml xml) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    String filter = q.get("EntityFilter").orElse(null);
    if (filter != null && !List.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy").contains(filter)) {
      throw AwsError.constraint("entityFilter", filter, "Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]");
    }
    String usage = q.get("PolicyUsageFilter").orElse(null);
    if (usage != null && !List.of("PermissionsPolicy", "PermissionsBoundary").contains(usage)) {
      throw AwsError.constraint("policyUsageFilter", usage, "Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]");
    }
    String prefix = ApiSupport.pathPrefix(q);
    call.authorize("ListEntitiesForPolicy", arn);
    ManagedPolicy p = ApiSupport.policy(call, arn);
    boolean asPolicy = usage == null || usage.equals("PermissionsPolicy");
    boolean asBoundary = usage == null || usage.equals("PermissionsBoundary");
    boolean kindFilter = filter != null && (filter.equals("LocalManagedPolicy") || filter.equals("AWSManagedPolicy"));
    if (kindFilter && (filter.equals("AWSManagedPolicy") != p.providerManaged())) {
      asPolicy = false;
      asBoundary = false;
    }
    Tenant t = call.tenant();
    // Users, groups and roles in one list, marked by kind, so that one marker pages through all three.
    List<String[]> all = new ArrayList<>();
    if (filter == null || kindFilter || filter.equals("Group")) {
      for (Group g : t.groups().values().stream().sorted(Comparator.comparing(Group::name)).toList()) {
        if (asPolicy && g.managedPolicies().contains(arn) && g.path().startsWith(prefix)) {
          all.add(new String[] {"1", g.name(), ApiSupport.uniqueId("AGPA", t.id() + "/" + g.name())});
        }
      }
    }
    if (filter == null || kindFilter || filter.equals("User")) {
      for (User u : t.users().values().stream().sorted(Comparator.comparing(User::name)).toList()) {
        if (u.path().startsWith(prefix) && ((asPolicy && u.managedPolicies().contains(arn)) || (asBoundary && arn.equals(u.permissionsBoundary())))) {
          all.add(new String[] {"2", u.name(), u.id()});
        }
      }
    }
    if (filter == null || kindFilter || filter.equals("Role")) {
      for (Role r : t.roles().values().stream().sorted(Comparator.comparing(Role::name)).toList()) {
        if (r.path().startsWith(prefix) && ((asPolicy && r.managedPolicies().contains(arn)) || (asBoundary && arn.equals(r.permissionsBoundary())))) {
          all.add(new String[] {"3", r.name(), r.id()});
        }
      }
    }
    ApiSupport.Page<String[]> page = ApiSupport.page(q, all, e -> e[0] + "/" + e[1]);
    for (String[] kindAndElement : new String[][] {{"1", "PolicyGroups", "GroupName", "GroupId"},
        {"2", "PolicyUsers", "UserName", "UserId"}, {"3", "PolicyRoles", "RoleName", "RoleId"}}) {
      xml.open(kindAndElement[1]);
      for (String[] e : page.items()) {
        if (e[0].equals(kindAndElement[0])) {
          xml.open("member").text(kindAndElement[2], e[1]).text(kindAndElement[3], e[2]).close("member");
        }
      }
      xml.close(kindAndElement[1]);
    }
    page.truncation(xml);
  }

  private void putBoundary(Kind kind, String action, QueryRequest q, IamCall call) {
    Entity e = Entity.of(kind, q, call);
    String boundary = ApiSupport.arn(q, "PermissionsBoundary");
    call.authorize(action, e.arn(), RequestContext.builder().put("iam:PermissionsBoundary", boundary).build());
    e.existing();
    ApiSupport.policy(call, boundary);
    if (boundary.equals(e.boundary())) {
      return;
    }
    writeBoundary(call, e, boundary, action);
  }

  private void deleteBoundary(Kind kind, String action, QueryRequest q, IamCall call) {
    Entity e = Entity.of(kind, q, call);
    call.authorize(action, e.arn(), boundaryContext(e).build());
    e.existing();
    if (e.boundary() == null) {
      return; // IAM answers success when there is none.
    }
    writeBoundary(call, e, null, action);
  }

  private static void writeBoundary(IamCall call, Entity e, String boundary, String action) {
    JsonNode.ObjectNode o = ApiSupport.with(ApiSupport.object(call, e.file()), "permissionsBoundary",
        boundary == null ? null : ApiSupport.str(boundary));
    Tenant t = call.tenant();
    call.store().writer().write(t.id(), t.version(), List.of(FileChange.put(e.file(), ApiSupport.print(o))),
        call.actor() + ": " + action + " " + e.name() + (boundary == null ? "" : " " + boundary));
  }
}
