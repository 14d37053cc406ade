package io.iam4j.iamapi;

import io.iam4j.config.ConfigWriter;
import io.iam4j.config.FileChange;
import io.iam4j.config.TenantLoader;
import io.iam4j.crypto.AccessKeySecrets;
import io.iam4j.crypto.MfaSeeds;
import io.iam4j.directory.Group;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.RequestContext;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.Location;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Users, groups, membership and user tags, as the IAM API Reference describes them: {@code
 * CreateUser}, {@code GetUser}, {@code ListUsers}, {@code UpdateUser}, {@code DeleteUser}, {@code
 * TagUser}, {@code UntagUser}, {@code ListUserTags}, {@code CreateGroup}, {@code GetGroup}, {@code
 * ListGroups}, {@code UpdateGroup}, {@code DeleteGroup}, {@code AddUserToGroup}, {@code
 * RemoveUserFromGroup}, {@code ListGroupsForUser}.
 *
 * <p>A user is {@code users/NAME.json}, a group {@code groups/NAME.json}; membership is the user
 * file's {@code "groups"}; {@code "created"} keeps IAM's {@code CreateDate}. Each change is one
 * {@link ConfigWriter} write at the version read, so it is active when the call answers and a
 * refused change writes nothing. Names are unique regardless of case, as in IAM.
 */
public final class UserOperations implements IamOperations {
  @Override
  public Set<String> actions() {
    return Set.of("CreateUser", "GetUser", "ListUsers", "UpdateUser", "DeleteUser", "TagUser", "UntagUser", "ListUserTags",
        "CreateGroup", "GetGroup", "ListGroups", "UpdateGroup", "DeleteGroup", "AddUserToGroup", "RemoveUserFromGroup",
        "ListGroupsForUser");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "CreateUser" -> createUser(q, call, xml);
      case "GetUser" -> getUser(q, call, xml);
      case "ListUsers" -> listUsers(q, call, xml);
      case "UpdateUser" -> {
        updateUser(q, call);
        return false;
      }
      case "DeleteUser" -> {
        deleteUser(q, call);
        return false;
      }
      case "TagUser" -> {
        tagUser(q, call);
        return false;
      }
      case "UntagUser" -> {
        untagUser(q, call);
        return false;
      }
      case "ListUserTags" -> listUserTags(q, call, xml);
      case "CreateGroup" -> createGroup(q, call, xml);
      case "GetGroup" -> getGroup(q, call, xml);
      case "ListGroups" -> listGroups(q, call, xml);
      case "UpdateGroup" -> {
        updateGroup(q, call);
        return false;
      }
      case "DeleteGroup" -> {
        deleteGroup(q, call);
        return false;
      }
      case "AddUserToGroup" -> {
        membership(q, call, true);
        return false;
      }
      case "RemoveUserFromGroup" -> {
        membership(q, call, false);
        return false;
      }
      case "ListGroupsForUser" -> listGroupsForUser(q, call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  // ---- users

  private void createUser(QueryRequest q, IamCall call, QueryXml xml) {
    String name = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    String path = IamErrors.path(q, "Path");
    String boundary = q.get("PermissionsBoundary").filter(s -> !s.isEmpty()).orElse(null);
    Map<String, String> tags = tags(q);
    RequestContext.Builder ctx = RequestContext.builder();
    if (boundary != null) {
      ctx.put("iam:PermissionsBoundary", boundary);
    }
    requestTags(ctx, tags);
    String arn = call.directory().arns().user(call.tenant().id(), path, name);
    call.authorize("CreateUser", arn, ctx.build());
    if (!tags.isEmpty()) {
      // IAM: tagging at creation also needs iam:TagUser.
      call.authorize("TagUser", arn, ctx.build());
    }
    ConfigWriter.Snapshot s = snapshot(call);
    Tenant t = s.tenant();
    if (TenantLoader.RESERVED_USER_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
      throw IamErrors.invalidInput("\"" + name + "\" is a reserved user name: the tenant root");
    }
    if (findIgnoringCase(t.users().keySet(), name) != null) {
      throw IamErrors.alreadyExists("User with name " + name + " already exists.");
    }
    if (boundary != null && call.directory().managedPolicy(t, boundary).isEmpty()) {
      throw IamErrors.noSuchEntity("Policy " + QueryRequest.printable(boundary) + " does not exist or is not attachable.");
    }
    Instant now = call.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode o = JsonEdit.parse(null);
    if (!path.equals("/")) {
      o = JsonEdit.with(o, "path", JsonEdit.str(path));
    }
    o = JsonEdit.with(o, "created", JsonEdit.str(now.toString()));
    o = JsonEdit.with(o, "tags", tagsNode(tags));
    if (boundary != null) {
      o = JsonEdit.with(o, "permissionsBoundary", JsonEdit.str(boundary));
    }
    Tenant after = write(call, s, List.of(FileChange.put(userFile(name), JsonEdit.print(o))), "CreateUser " + name);
    xml.open("User");
    user(xml, call, after, after.users().get(name), now, true);
    xml.close("User");
  }

  private void getUser(QueryRequest q, IamCall call, QueryXml xml) {
    String name = AccessKeyOperations.userName(q, call.caller());
    call.authorize("GetUser", AccessKeyOperations.userArn(call, name), resourceTags(call.tenant().users().get(name)));
    ConfigWriter.Snapshot s = snapshot(call);
    User u = requireUser(s.tenant(), name);
    xml.open("User");
    user(xml, call, s.tenant(), u, created(call, s, userFile(name)), true);
    xml.close("User");
  }

  private void listUsers(QueryRequest q, IamCall call, QueryXml xml) {
    String prefix = pathPrefix(q);
    call.authorize("ListUsers", "*");
    ConfigWriter.Snapshot s = snapshot(call);
    List<User> all = s.tenant().users().values().stream().filter(u -> u.path().startsWith(prefix))
        .sorted(Comparator.comparing(User::name)).toList();
    Pages<User> page = Pages.of(q, all, User::name);
    xml.open("Users");
    for (User u : page.items()) {
      xml.open("member");
      user(xml, call, s.tenant(), u, created(call, s, userFile(u.name())), false);
      xml.close("member");
    }
    xml.close("Users");
    truncation(xml, page);
  }

  private void updateUser(QueryRequest q, IamCall call) {
    String name = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    String newName = q.get("NewUserName").isPresent() ? IamErrors.name(q, "NewUserName", IamErrors.USER_NAME, 64) : null;
    String newPath = q.get("NewPath").isPresent() ? IamErrors.path(q, "NewPath") : null;
    call.authorize("UpdateUser", AccessKeyOperations.userArn(call, name), resourceTags(call.tenant().users().get(name)));
    ConfigWriter.Snapshot s = snapshot(call);
    Tenant t = s.tenant();
    User u = requireUser(t, name);
    String targetName = newName == null ? name : newName;
    String targetPath = newPath == null ? u.path() : newPath;
    // IAM: renaming or moving a user needs the permission on the target as well as on the source.
    call.authorize("UpdateUser", call.directory().arns().user(t.id(), targetPath, targetName));
    String clash = findIgnoringCase(t.users().keySet(), targetName);
    if (clash != null && !clash.equals(name)) {
      throw IamErrors.alreadyExists("User with name " + targetName + " already exists.");
    }
    if (TenantLoader.RESERVED_USER_NAMES.contains(targetName.toLowerCase(Locale.ROOT))) {
      throw IamErrors.invalidInput("\"" + targetName + "\" is a reserved user name: the tenant root");
    }
    if (targetName.equals(name) && targetPath.equals(u.path())) {
      return;
    }
    ObjectNode o = JsonEdit.parse(s.files().get(userFile(name)));
    o = JsonEdit.with(o, "path", targetPath.equals("/") ? null : JsonEdit.str(targetPath));
    List<FileChange> changes = new ArrayList<>();
    if (!targetName.equals(name)) {
      o = resealFor(call, t.id(), name, targetName, o);
      changes.add(FileChange.delete(userFile(name)));
    }
    changes.add(FileChange.put(userFile(targetName), JsonEdit.print(o)));
    write(call, s, changes, "UpdateUser " + name + (targetName.equals(name) ? "" : " -> " + targetName));
  }

  /**
   * A renamed user's secrets: access key secrets and the MFA seed are sealed for their tenant and
   * user name, so a file copied to another name does not lend its secrets; renaming reseals them.
   */
  private static ObjectNode resealFor(IamCall call, String tenant, String from, String to, ObjectNode o) {
    if (o.get("accessKeys") instanceof JsonNode.ArrayNode keys) {
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode k : keys.elements()) {
        ObjectNode ko = (ObjectNode) k;
        String id = JsonEdit.string(ko, "id").orElseThrow();
        String secret = AccessKeySecrets.open(call.key(), tenant, from, id, JsonEdit.string(ko, "secret").orElseThrow());
        out.add(JsonEdit.with(ko, "secret", JsonEdit.str(AccessKeySecrets.seal(call.key(), tenant, to, id, secret))));
      }
      o = JsonEdit.with(o, "accessKeys", new JsonNode.ArrayNode("", Location.UNKNOWN, out));
    }
    String seed = JsonEdit.string(o, "mfaSeed").orElse(null);
    if (seed != null) {
      byte[] plain = MfaSeeds.decrypt(call.key(), tenant, from, seed);
      o = JsonEdit.with(o, "mfaSeed", JsonEdit.str(MfaSeeds.encrypt(call.key(), tenant, to, plain)));
      java.util.Arrays.fill(plain, (byte) 0);
    }
    return o;
  }

  private void deleteUser(QueryRequest q, IamCall call) {
    String name = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    call.authorize("DeleteUser", AccessKeyOperations.userArn(call, name), resourceTags(call.tenant().users().get(name)));
    ConfigWriter.Snapshot s = snapshot(call);
    User u = requireUser(s.tenant(), name);
    // IAM refuses to delete a user that still has any of these (DeleteConflict), in this order of advice.
    if (u.credentials() != null && u.credentials().passwordHash() != null) {
      throw IamErrors.deleteConflict("Cannot delete entity, must delete login profile first.");
    }
    if (!u.accessKeys().isEmpty()) {
      throw IamErrors.deleteConflict("Cannot delete entity, must delete access keys first.");
    }
    if (u.credentials() != null && u.credentials().hasMfaDevice()) {
      throw IamErrors.deleteConflict("Cannot delete entity, must delete MFA device first.");
    }
    if (!u.groups().isEmpty()) {
      throw IamErrors.deleteConflict("Cannot delete entity, must remove user from all groups first.");
    }
    if (!u.inlinePolicies().isEmpty()) {
      throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
    }
    if (!u.managedPolicies().isEmpty()) {
      throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
    }
    write(call, s, List.of(FileChange.delete(userFile(name))), "DeleteUser " + name);
  }

  private void tagUser(QueryRequest q, IamCall call) {
    String name = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    Map<String, String> tags = tags(q);
    if (tags.isEmpty()) {
      throw AwsError.missing("Tags");
    }
    RequestContext.Builder ctx = resourceTags(call.tenant().users().get(name)).toBuilder();
    requestTags(ctx, tags);
    call.authorize("TagUser", AccessKeyOperations.userArn(call, name), ctx.build());
    ConfigWriter.Snapshot s = snapshot(call);
    User u = requireUser(s.tenant(), name);
    Map<String, String> merged = new LinkedHashMap<>(u.tags().values());
    tags.forEach((k, v) -> {
      String existing = findIgnoringCase(merged.keySet(), k);
      if (existing != null) {
        merged.remove(existing);
      }
      merged.put(k, v);
    });
    if (merged.size() > TenantLoader.MAX_TAGS) {
      throw IamErrors.limitExceeded("Cannot exceed quota for TagsPerUser: " + TenantLoader.MAX_TAGS);
    }
    ObjectNode o = JsonEdit.with(JsonEdit.parse(s.files().get(userFile(name))), "tags", tagsNode(merged));
    write(call, s, List.of(FileChange.put(userFile(name), JsonEdit.print(o))), "TagUser " + name);
  }

  private void untagUser(QueryRequest q, IamCall call) {
    String name = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    List<String> keys = q.members("TagKeys");
    if (keys.isEmpty()) {
      throw AwsError.missing("TagKeys");
    }
    if (keys.size() > TenantLoader.MAX_TAGS) {
      throw AwsError.constraint("tagKeys", String.valueOf(keys), "Member must have length less than or equal to 50");
    }
    RequestContext.Builder ctx = resourceTags(call.tenant().users().get(name)).toBuilder();
    ctx.putSet("aws:TagKeys", keys);
    call.authorize("UntagUser", AccessKeyOperations.userArn(call, name), ctx.build());
    ConfigWriter.Snapshot s = snapshot(call);
    User u = requireUser(s.tenant(), name);
    Map<String, String> left = new LinkedHashMap<>(u.tags().values());
    for (String k : keys) {
      String existing = findIgnoringCase(left.keySet(), k);
      if (existing != null) {
        left.remove(existing);
      }
    }
    if (left.size() == u.tags().values().size()) {
      return;
    }
    ObjectNode o = JsonEdit.with(JsonEdit.parse(s.files().get(userFile(name))), "tags", tagsNode(left));
    write(call, s, List.of(FileChange.put(userFile(name), JsonEdit.print(o))), "UntagUser " + name);
  }

  private void listUserTags(QueryRequest q, IamCall call, QueryXml xml) {
    String name = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    call.authorize("ListUserTags", AccessKeyOperations.userArn(call, name), resourceTags(call.tenant().users().get(name)));
    User u = requireUser(snapshot(call).tenant(), name);
    List<Map.Entry<String, String>> sorted = u.tags().values().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    Pages<Map.Entry<String, String>> page = Pages.of(q, sorted, Map.Entry::getKey);
    xml.open("Tags");
    for (Map.Entry<String, String> e : page.items()) {
      xml.open("member").text("Key", e.getKey()).text("Value", e.getValue()).close("member");
    }
    xml.close("Tags");
    truncation(xml, page);
  }

  // ---- groups

  private void createGroup(QueryRequest q, IamCall call, QueryXml xml) {
    String name = IamErrors.name(q, "GroupName", IamErrors.GROUP_NAME, 128);
    String path = IamErrors.path(q, "Path");
    call.authorize("CreateGroup", call.directory().arns().group(call.tenant().id(), path, name));
    ConfigWriter.Snapshot s = snapshot(call);
    if (findIgnoringCase(s.tenant().groups().keySet(), name) != null) {
      throw IamErrors.alreadyExists("Group with name " + name + " already exists.");
    }
    Instant now = call.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode o = JsonEdit.parse(null);
    if (!path.equals("/")) {
      o = JsonEdit.with(o, "path", JsonEdit.str(path));
    }
    o = JsonEdit.with(o, "created", JsonEdit.str(now.toString()));
    Tenant after = write(call, s, List.of(FileChange.put(groupFile(name), JsonEdit.print(o))), "CreateGroup " + name);
    xml.open("Group");
    group(xml, call, after, after.groups().get(name), now);
    xml.close("Group");
  }

  private void getGroup(QueryRequest q, IamCall call, QueryXml xml) {
    String name = IamErrors.name(q, "GroupName", IamErrors.GROUP_NAME, 128);
    call.authorize("GetGroup", groupArn(call, name));
    ConfigWriter.Snapshot s = snapshot(call);
    Group g = requireGroup(s.tenant(), name);
    List<User> members = s.tenant().users().values().stream().filter(u -> u.groups().contains(name))
        .sorted(Comparator.comparing(User::name)).toList();
    Pages<User> page = Pages.of(q, members, User::name);
    xml.open("Group");
    group(xml, call, s.tenant(), g, created(call, s, groupFile(name)));
    xml.close("Group").open("Users");
    for (User u : page.items()) {
      xml.open("member");
      user(xml, call, s.tenant(), u, created(call, s, userFile(u.name())), false);
      xml.close("member");
    }
    xml.close("Users");
    truncation(xml, page);
  }

  private void listGroups(QueryRequest q, IamCall call, QueryXml xml) {
    String prefix = pathPrefix(q);
    call.authorize("ListGroups", "*");
    ConfigWriter.Snapshot s = snapshot(call);
    List<Group> all = s.tenant().groups().values().stream().filter(g -> g.path().startsWith(prefix))
        .sorted(Comparator.comparing(Group::name)).toList();
    groups(xml, call, s, Pages.of(q, all, Group::name));
  }

  private void listGroupsForUser(QueryRequest q, IamCall call, QueryXml xml) {
    String name = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    call.authorize("ListGroupsForUser", AccessKeyOperations.userArn(call, name), resourceTags(call.tenant().users().get(name)));
    ConfigWriter.Snapshot s = snapshot(call);
    User u = requireUser(s.tenant(), name);
    List<Group> all = u.groups().stream().map(s.tenant().groups()::get).sorted(Comparator.comparing(Group::name)).toList();
    groups(xml, call, s, Pages.of(q, all, Group::name));
  }

  private void groups(QueryXml xml, IamCall call, ConfigWriter.Snapshot s, Pages<Group> page) {
    xml.open("Groups");
    for (Group g : page.items()) {
      xml.open("member");
      group(xml, call, s.tenant(), g, created(call, s, groupFile(g.name())));
      xml.close("member");
    }
    xml.close("Groups");
    truncation(xml, page);
  }

  private void updateGroup(QueryRequest q, IamCall call) {
    String name = IamErrors.name(q, "GroupName", IamErrors.GROUP_NAME, 128);
    String newName = q.get("NewGroupName").isPresent() ? IamErrors.name(q, "NewGroupName", IamErrors.GROUP_NAME, 128) : null;
    String newPath = q.get("NewPath").isPresent() ? IamErrors.path(q, "NewPath") : null;
    call.authorize("UpdateGroup", groupArn(call, name));
    ConfigWriter.Snapshot s = snapshot(call);
    Tenant t = s.tenant();
    Group g = requireGroup(t, name);
    String targetName = newName == null ? name : newName;
    String targetPath = newPath == null ? g.path() : newPath;
    call.authorize("UpdateGroup", call.directory().arns().group(t.id(), targetPath, targetName));
    String clash = findIgnoringCase(t.groups().keySet(), targetName);
    if (clash != null && !clash.equals(name)) {
      throw IamErrors.alreadyExists("Group with name " + targetName + " already exists.");
    }
    if (targetName.equals(name) && targetPath.equals(g.path())) {
      return;
    }
    ObjectNode o = JsonEdit.parse(s.files().get(groupFile(name)));
    o = JsonEdit.with(o, "path", targetPath.equals("/") ? null : JsonEdit.str(targetPath));
    List<FileChange> changes = new ArrayList<>();
    if (!targetName.equals(name)) {
      changes.add(FileChange.delete(groupFile(name)));
      // Membership lives in the users' files: each member follows the new name.
      for (User u : t.users().values()) {
        if (u.groups().contains(name)) {
          List<String> gs = u.groups().stream().map(x -> x.equals(name) ? targetName : x).toList();
          ObjectNode uo = JsonEdit.with(JsonEdit.parse(s.files().get(userFile(u.name()))), "groups", JsonEdit.array(gs));
          changes.add(FileChange.put(userFile(u.name()), JsonEdit.print(uo)));
        }
      }
    }
    changes.add(FileChange.put(groupFile(targetName), JsonEdit.print(o)));
    write(call, s, changes, "UpdateGroup " + name + (targetName.equals(name) ? "" : " -> " + targetName));
  }

  private void deleteGroup(QueryRequest q, IamCall call) {
    String name = IamErrors.name(q, "GroupName", IamErrors.GROUP_NAME, 128);
    call.authorize("DeleteGroup", groupArn(call, name));
    ConfigWriter.Snapshot s = snapshot(call);
    Group g = requireGroup(s.tenant(), name);
    if (s.tenant().users().values().stream().anyMatch(u -> u.groups().contains(name))) {
      throw IamErrors.deleteConflict("Cannot delete entity, must remove users from group first.");
    }
    if (!g.inlinePolicies().isEmpty()) {
      throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
    }
    if (!g.managedPolicies().isEmpty()) {
      throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
    }
    write(call, s, List.of(FileChange.delete(groupFile(name))), "DeleteGroup " + name);
  }

  private void membership(QueryRequest q, IamCall call, boolean add) {
    String group = IamErrors.name(q, "GroupName", IamErrors.GROUP_NAME, 128);
    String name = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    call.authorize(add ? "AddUserToGroup" : "RemoveUserFromGroup", groupArn(call, group));
    ConfigWriter.Snapshot s = snapshot(call);
    requireGroup(s.tenant(), group);
    User u = requireUser(s.tenant(), name);
    List<String> groups = new ArrayList<>(u.groups());
    if (add) {
      if (groups.contains(group)) {
        return;
      }
      if (groups.size() >= TenantLoader.MAX_GROUPS_PER_USER) {
        throw IamErrors.limitExceeded("Cannot exceed quota for GroupsPerUser: " + TenantLoader.MAX_GROUPS_PER_USER);
      }
      groups.add(group);
    } else if (!groups.remove(group)) {
      throw IamErrors.noSuchEntity("The user with name " + name + " cannot be found in group " + group + ".");
    }
    ObjectNode o = JsonEdit.with(JsonEdit.parse(s.files().get(userFile(name))), "groups", JsonEdit.array(groups));
    write(call, s, List.of(FileChange.put(userFile(name), JsonEdit.print(o))),
        (add ? "AddUserToGroup " : "RemoveUserFromGroup ") + name + " " + group);
  }

  // ---- shared

  static ConfigWriter.Snapshot snapshot(IamCall call) {
    return call.store().writer().snapshot(call.tenant().id());
  }

  static Tenant write(IamCall call, ConfigWriter.Snapshot s, List<FileChange> changes, String what) {
    return call.store().writer().write(s.tenant().id(), s.tenant().version(), changes, call.actor() + ": " + what);
  }

  static String userFile(String name) {
    return "users/" + name + ".json";
  }

  static String groupFile(String name) {
    return "groups/" + name + ".json";
  }

  static User requireUser(Tenant t, String name) {
    User u = t.users().get(name);
    if (u == null) {
      throw IamErrors.noSuchUser(name);
    }
    return u;
  }

  private static Group requireGroup(Tenant t, String name) {
    Group g = t.groups().get(name);
    if (g == null) {
      throw IamErrors.noSuchGroup(name);
    }
    return g;
  }

  private static String groupArn(IamCall call, String name) {
    Group g = call.tenant().groups().get(name);
    return call.directory().arns().group(call.tenant().id(), g == null ? "/" : g.path(), name);
  }

  /** The existing name equal to {@code name} regardless of case, or null. */
  static String findIgnoringCase(java.util.Collection<String> names, String name) {
    for (String n : names) {
      if (n.equalsIgnoreCase(name)) {
        return n;
      }
    }
    return null;
  }

  /**
   * When an entity was created: the file's {@code "created"}, or for a hand-written file without it
   * the file's modification time (the closest fact there is; a database keeps its row's).
   */
  static Instant created(IamCall call, ConfigWriter.Snapshot s, String file) {
    String c = JsonEdit.string(JsonEdit.parse(s.files().get(file)), "created").orElse(null);
    if (c != null) {
      return Instant.parse(c);
    }
    return call.store().storage().lastModified(s.tenant().id(), file).map(t -> t.truncatedTo(ChronoUnit.SECONDS)).orElse(Instant.EPOCH);
  }

  private static String pathPrefix(QueryRequest q) {
    String p = q.get("PathPrefix").orElse("/");
    if (!IamErrors.PATH_PREFIX.matcher(p).matches()) {
      throw AwsError.constraint("pathPrefix", p, "Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*");
    }
    return p;
  }

  private static void truncation(QueryXml xml, Pages<?> page) {
    xml.text("IsTruncated", page.truncated());
    if (page.truncated()) {
      xml.text("Marker", page.marker());
    }
  }

  private static void user(QueryXml xml, IamCall call, Tenant t, User u, Instant created, boolean full) {
    xml.text("Path", u.path()).text("UserName", u.name()).text("UserId", u.id())
        .text("Arn", call.directory().arns().user(t.id(), u.path(), u.name())).text("CreateDate", created);
    if (full && u.permissionsBoundary() != null) {
      xml.open("PermissionsBoundary").text("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
          .text("PermissionsBoundaryArn", u.permissionsBoundary()).close("PermissionsBoundary");
    }
    if (full && !u.tags().values().isEmpty()) {
      xml.open("Tags");
      u.tags().values().forEach((k, v) -> xml.open("member").text("Key", k).text("Value", v).close("member"));
      xml.close("Tags");
    }
  }

  private static void group(QueryXml xml, IamCall call, Tenant t, Group g, Instant created) {
    xml.text("Path", g.path()).text("GroupName", g.name()).text("GroupId", TenantLoader.uniqueId("AGPA", t.id(), g.name()))
        .text("Arn", call.directory().arns().group(t.id(), g.path(), g.name())).text("CreateDate", created);
  }

  /** {@code Tags.member.N.Key/Value}, validated as IAM does; keys unique regardless of case. */
  static Map<String, String> tags(QueryRequest q) {
    List<Map<String, String>> list = q.structs("Tags", List.of("Key", "Value"));
    if (list.size() > TenantLoader.MAX_TAGS) {
      throw AwsError.constraint("tags", "[...]", "Member must have length less than or equal to " + TenantLoader.MAX_TAGS);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, String> m : list) {
      String k = m.get("Key");
      String v = m.getOrDefault("Value", "");
      if (k == null || !IamErrors.TAG_KEY.matcher(k).matches()) {
        throw AwsError.constraint("tags.member.key", k == null ? "" : k,
            "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+ and have length 1 to 128");
      }
      if (k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw IamErrors.invalidInput("Tag keys cannot start with the reserved prefix aws:");
      }
      if (!IamErrors.TAG_VALUE.matcher(v).matches()) {
        throw AwsError.constraint("tags.member.value", v,
            "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]* and have length 0 to 256");
      }
      if (findIgnoringCase(out.keySet(), k) != null) {
        throw IamErrors.invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
      }
      out.put(k, v);
    }
    return out;
  }

  private static JsonNode tagsNode(Map<String, String> tags) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    tags.forEach((k, v) -> m.put(k, JsonEdit.str(v)));
    return JsonEdit.object(m);
  }

  /** {@code aws:RequestTag/KEY} and {@code aws:TagKeys}, for actions that set tags. */
  static void requestTags(RequestContext.Builder ctx, Map<String, String> tags) {
    if (!tags.isEmpty()) {
      tags.forEach((k, v) -> ctx.put("aws:RequestTag/" + k, v));
      ctx.putSet("aws:TagKeys", List.copyOf(tags.keySet()));
    }
  }

  /**
   * The condition keys an existing user brings to an action on it: {@code aws:ResourceTag/KEY} of
   * its tags, and {@code iam:PermissionsBoundary} of its boundary (so that a delegated administrator
   * can be limited to users under a given boundary, as IAM's examples do); empty for none.
   */
  static RequestContext resourceTags(User u) {
    if (u == null) {
      return RequestContext.empty();
    }
    RequestContext.Builder b = RequestContext.builder();
    u.tags().values().forEach((k, v) -> b.put("aws:ResourceTag/" + k, v));
    if (u.permissionsBoundary() != null) {
      b.put("iam:PermissionsBoundary", u.permissionsBoundary());
    }
    return b.build();
  }
}
