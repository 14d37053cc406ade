package io.iam4j.iamapi;

import static io.iam4j.iamapi.IamFixture.field;
import static io.iam4j.iamapi.IamFixture.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.config.AccessKeys;
import io.iam4j.crypto.AccessKeySecrets;
import io.iam4j.directory.OwnedAccessKey;
import io.iam4j.directory.User;
import io.iam4j.sts.AwsError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, groups and tags as the IAM API Reference describes them, each call authorized by IAM. */
class UserOperationsTest {
  @TempDir Path root;
  IamFixture f;

  @BeforeEach
  void setUp() throws IOException {
    f = new IamFixture(root);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void createUserWithPathAndTagsIsActiveWhenAnswered() throws IOException {
    String xml = f.as("admin", "CreateUser", "UserName", "carol", "Path", "/eng/", "Tags.member.1.Key", "team",
        "Tags.member.1.Value", "blue");
    assertEquals("arn:iam4j:iam::acme:user/eng/carol", field(xml, "Arn"));
    assertEquals("/eng/", field(xml, "Path"));
    assertEquals("2026-12-07T10:00:00Z", field(xml, "CreateDate"));
    assertTrue(field(xml, "UserId").startsWith("AIDA"));
    assertEquals(List.of("team"), fields(xml, "Key"));
    User carol = f.tenant().users().get("carol");
    assertEquals("/eng/", carol.path());
    assertEquals(Map.of("team", "blue"), carol.tags().values());
    String get = f.as("admin", "GetUser", "UserName", "carol");
    assertEquals("blue", field(get, "Value"));
    assertEquals("2026-12-07T10:00:00Z", field(get, "CreateDate"));
  }

  @Test
  void namesAreUniqueRegardlessOfCase() {
    f.as("admin", "CreateUser", "UserName", "carol");
    AwsError e = f.refused("admin", "CreateUser", "UserName", "Carol");
    assertEquals("EntityAlreadyExists", e.code());
    assertEquals(409, e.status());
  }

  @Test
  void getUserWithoutANameIsTheCaller() {
    assertEquals("dev", field(f.as("dev", "GetUser"), "UserName"));
    AwsError e = f.refused("admin", "GetUser", "UserName", "nobody");
    assertEquals("NoSuchEntity", e.code());
    assertEquals(404, e.status());
  }

  @Test
  void listUsersFiltersByPathAndPages() {
    for (String n : List.of("u1", "u2", "u3")) {
      f.as("admin", "CreateUser", "UserName", n, "Path", "/team/");
    }
    String page1 = f.as("admin", "ListUsers", "PathPrefix", "/team/", "MaxItems", "2");
    assertEquals(List.of("u1", "u2"), fields(page1, "UserName"));
    assertEquals("true", field(page1, "IsTruncated"));
    String page2 = f.as("admin", "ListUsers", "PathPrefix", "/team/", "MaxItems", "2", "Marker", field(page1, "Marker"));
    assertEquals(List.of("u3"), fields(page2, "UserName"));
    assertEquals("false", field(page2, "IsTruncated"));
    assertEquals(List.of("admin", "delegate", "dev", "u1", "u2", "u3"), fields(f.as("admin", "ListUsers"), "UserName"));
    assertEquals("ValidationError", f.refused("admin", "ListUsers", "MaxItems", "0").code());
  }

  @Test
  void updateUserRenamesAndResealsTheSecrets() throws IOException {
    f.as("admin", "CreateUser", "UserName", "carol");
    AccessKeys.Created k = new AccessKeys(f.store, f.key, f.clock).create("acme", "carol", "test");
    f.as("admin", "AddUserToGroup", "UserName", "carol", "GroupName", "Developers");
    f.as("admin", "UpdateUser", "UserName", "carol", "NewUserName", "caroline", "NewPath", "/ops/");
    assertNull(f.tenant().users().get("carol"));
    assertNull(f.file("users/carol.json"));
    User u = f.tenant().users().get("caroline");
    assertEquals("/ops/", u.path());
    assertEquals(List.of("Developers"), u.groups());
    OwnedAccessKey owned = f.store.directory().accessKey(k.accessKeyId()).orElseThrow();
    assertEquals("caroline", owned.user().name());
    // The secret opens for its new owner: a request signed with the key still verifies.
    assertEquals(k.secretAccessKey(), AccessKeySecrets.open(f.key, "acme", "caroline", k.accessKeyId(), owned.key().sealedSecret()));
    assertEquals("EntityAlreadyExists", f.refused("admin", "UpdateUser", "UserName", "caroline", "NewUserName", "DEV").code());
  }

  @Test
  void deleteUserIsRefusedWhileItHasAttachmentsThenSucceeds() throws IOException {
    f.as("admin", "CreateUser", "UserName", "carol");
    f.as("admin", "CreateLoginProfile", "UserName", "carol", "Password", "Str0ng-Passw0rd!");
    AccessKeys.Created k = new AccessKeys(f.store, f.key, f.clock).create("acme", "carol", "test");
    f.as("admin", "AddUserToGroup", "UserName", "carol", "GroupName", "Developers");
    AwsError e = f.refused("admin", "DeleteUser", "UserName", "carol");
    assertEquals("DeleteConflict", e.code());
    assertEquals(409, e.status());
    assertTrue(e.getMessage().contains("login profile"), e.getMessage());
    f.as("admin", "DeleteLoginProfile", "UserName", "carol");
    assertTrue(f.refused("admin", "DeleteUser", "UserName", "carol").getMessage().contains("access keys"));
    f.as("admin", "DeleteAccessKey", "UserName", "carol", "AccessKeyId", k.accessKeyId());
    assertTrue(f.refused("admin", "DeleteUser", "UserName", "carol").getMessage().contains("groups"));
    f.as("admin", "RemoveUserFromGroup", "UserName", "carol", "GroupName", "Developers");
    f.as("admin", "DeleteUser", "UserName", "carol");
    assertNull(f.tenant().users().get("carol"));
    assertNull(f.file("users/carol.json"));
    assertEquals("NoSuchEntity", f.refused("admin", "DeleteUser", "UserName", "carol").code());
  }

  @Test
  void tagsAreMergedRemovedListedAndLimited() {
    f.as("admin", "CreateUser", "UserName", "carol", "Tags.member.1.Key", "team", "Tags.member.1.Value", "blue");
    f.as("admin", "TagUser", "UserName", "carol", "Tags.member.1.Key", "Team", "Tags.member.1.Value", "red",
        "Tags.member.2.Key", "cost", "Tags.member.2.Value", "42");
    assertEquals(Map.of("Team", "red", "cost", "42"), f.tenant().users().get("carol").tags().values());
    String listed = f.as("admin", "ListUserTags", "UserName", "carol");
    assertEquals(List.of("Team", "cost"), fields(listed, "Key"));
    f.as("admin", "UntagUser", "UserName", "carol", "TagKeys.member.1", "team");
    assertEquals(Map.of("cost", "42"), f.tenant().users().get("carol").tags().values());
    List<String> many = new ArrayList<>(List.of("UserName", "carol"));
    for (int i = 1; i <= 50; i++) {
      many.addAll(List.of("Tags.member." + i + ".Key", "k" + i, "Tags.member." + i + ".Value", "v"));
    }
    AwsError e = f.refused("admin", "TagUser", many.toArray(String[]::new));
    assertEquals("LimitExceeded", e.code());
    assertEquals(Map.of("cost", "42"), f.tenant().users().get("carol").tags().values());
    assertEquals("InvalidInput", f.refused("admin", "TagUser", "UserName", "carol", "Tags.member.1.Key", "aws:x",
        "Tags.member.1.Value", "v").code());
  }

  @Test
  void aDelegatedAdministratorCreatesUsersOnlyUnderTheBoundary() throws IOException {
    Map<String, String> before = f.files();
    AwsError none = f.refused("delegate", "CreateUser", "UserName", "eve");
    assertEquals("AccessDenied", none.code());
    assertTrue(none.getMessage().contains("iam:CreateUser"), none.getMessage());
    assertTrue(none.getMessage().contains("Encoded authorization failure message"), none.getMessage());
    assertEquals("AccessDenied", f.refused("delegate", "CreateUser", "UserName", "eve", "PermissionsBoundary",
        "arn:iam4j:iam::acme:policy/DelegatedUserAdmin").code());
    assertEquals(before, f.files(), "a refused change writes nothing");
    String xml = f.as("delegate", "CreateUser", "UserName", "eve", "PermissionsBoundary", IamFixture.BOUNDARY,
        "Tags.member.1.Key", "team", "Tags.member.1.Value", "docs");
    assertEquals(IamFixture.BOUNDARY, field(xml, "PermissionsBoundaryArn"));
    assertEquals(IamFixture.BOUNDARY, f.tenant().users().get("eve").permissionsBoundary());
    // Actions on an existing user see its boundary as iam:PermissionsBoundary.
    f.as("delegate", "CreateLoginProfile", "UserName", "eve", "Password", "Str0ng-Passw0rd!");
    f.as("admin", "CreateUser", "UserName", "free");
    assertEquals("AccessDenied", f.refused("delegate", "CreateLoginProfile", "UserName", "free", "Password", "Str0ng-Passw0rd!").code());
  }

  @Test
  void aBoundaryThatIsNoPolicyIsRefusedAndLeavesNothing() throws IOException {
    Map<String, String> before = f.files();
    AwsError e = f.refused("admin", "CreateUser", "UserName", "eve", "PermissionsBoundary", "arn:iam4j:iam::acme:policy/Nope");
    assertEquals("NoSuchEntity", e.code());
    assertEquals(before, f.files());
  }

  @Test
  void groupsLifeCycleAndMembership() throws IOException {
    String created = f.as("admin", "CreateGroup", "GroupName", "Ops", "Path", "/infra/");
    assertEquals("arn:iam4j:iam::acme:group/infra/Ops", field(created, "Arn"));
    assertTrue(field(created, "GroupId").startsWith("AGPA"));
    assertEquals("EntityAlreadyExists", f.refused("admin", "CreateGroup", "GroupName", "ops").code());
    f.as("admin", "AddUserToGroup", "GroupName", "Ops", "UserName", "dev");
    f.as("admin", "AddUserToGroup", "GroupName", "Ops", "UserName", "dev");
    String got = f.as("admin", "GetGroup", "GroupName", "Ops");
    assertEquals(List.of("dev"), fields(got, "UserName"));
    assertEquals(List.of("Developers", "Ops"), fields(f.as("admin", "ListGroups"), "GroupName"));
    assertEquals(List.of("Ops"), fields(f.as("admin", "ListGroups", "PathPrefix", "/infra/"), "GroupName"));
    assertEquals(List.of("Ops"), fields(f.as("admin", "ListGroupsForUser", "UserName", "dev"), "GroupName"));
    assertEquals("DeleteConflict", f.refused("admin", "DeleteGroup", "GroupName", "Ops").code());
    f.as("admin", "UpdateGroup", "GroupName", "Ops", "NewGroupName", "Operations");
    assertEquals(List.of("Operations"), f.tenant().users().get("dev").groups());
    assertNull(f.file("groups/Ops.json"));
    f.as("admin", "RemoveUserFromGroup", "GroupName", "Operations", "UserName", "dev");
    assertEquals("NoSuchEntity", f.refused("admin", "RemoveUserFromGroup", "GroupName", "Operations", "UserName", "dev").code());
    f.as("admin", "DeleteGroup", "GroupName", "Operations");
    assertFalse(f.tenant().groups().containsKey("Operations"));
    assertEquals("NoSuchEntity", f.refused("admin", "GetGroup", "GroupName", "Operations").code());
  }

  @Test
  void aUserBelongsToAtMostTenGroups() {
    for (int i = 1; i <= 10; i++) {
      f.as("admin", "CreateGroup", "GroupName", "g" + i);
      f.as("admin", "AddUserToGroup", "GroupName", "g" + i, "UserName", "dev");
    }
    f.as("admin", "CreateGroup", "GroupName", "g11");
    AwsError e = f.refused("admin", "AddUserToGroup", "GroupName", "g11", "UserName", "dev");
    assertEquals("LimitExceeded", e.code());
    assertEquals(409, e.status());
  }

  @Test
  void everyActionIsAuthorizedInTheCallersTenant() {
    AwsError e = f.refused("dev", "CreateGroup", "GroupName", "Mine");
    assertEquals("AccessDenied", e.code());
    assertTrue(e.getMessage().contains("arn:iam4j:iam::acme:group/Mine"), e.getMessage());
    assertEquals("AccessDenied", f.refused("dev", "ListUsers").code());
    assertEquals("AccessDenied", f.refused("dev", "DeleteUser", "UserName", "admin").code());
    assertNotNull(f.tenant().users().get("admin"));
  }

  @Test
  void aHandEditNotYetReloadedIsAConflictNotALostUpdate() throws IOException {
    f.put("users/hand.json", "{'tags': {'by': 'hand'}}");
    AwsError e = f.refused("admin", "CreateUser", "UserName", "carol");
    assertEquals("ConcurrentModification", e.code());
    assertEquals(409, e.status());
    assertNull(f.file("users/carol.json"));
    f.store.reload();
    f.as("admin", "CreateUser", "UserName", "carol");
    assertNotNull(f.tenant().users().get("hand"));
    assertNotNull(f.tenant().users().get("carol"));
  }

  @Test
  void validationFollowsTheApiReference() {
    assertEquals("ValidationError", f.refused("admin", "CreateUser", "UserName", "bad name").code());
    assertEquals("ValidationError", f.refused("admin", "CreateUser", "UserName", "x", "Path", "nopath").code());
    assertEquals("MissingParameter", f.refused("admin", "CreateGroup").code());
    assertEquals("InvalidInput", f.refused("admin", "CreateUser", "UserName", "root").code());
  }
}
