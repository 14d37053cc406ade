package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Identity;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's delegation policies, as shipped in config/, do over the API what they say: acme's
 * erin ({@code DelegatedUserAdmin} under {@code DelegatedAdminBoundary}) and globex's mona ({@code
 * TeamLeadAdmin} under {@code TeamLeadBoundary}) manage only users that carry their boundary, put
 * only that boundary, never remove one, and cannot change the policies that confine them.
 */
class SampleDelegationTest {
  static final String ACME = "arn:iam4j:iam::acme:policy/";
  static final String GLOBEX_BOUNDARY = "arn:iam4j:iam::globex:policy/boundaries/TeamLeadBoundary";

  @TempDir Path root;
  ConfigStore store;
  Authorizer authorizer;
  IamService iam;

  @BeforeEach
  void copySampleConfig() throws IOException {
    Path sample = Path.of("..", "config", "tenants");
    for (String tenant : List.of("acme", "globex")) {
      Path from = sample.resolve(tenant);
      try (Stream<Path> s = Files.walk(from)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          Path to = root.resolve("tenants").resolve(tenant).resolve(from.relativize(p).toString());
          Files.createDirectories(to.getParent());
          Files.copy(p, to);
        }
      }
    }
    // A new hire erin manages (the delegation boundary, nothing else yet), and one of mona's team.
    Files.writeString(root.resolve("tenants/acme/users/hire.json"), "{\"permissionsBoundary\": \"" + ACME + "DelegatedAdminBoundary\"}");
    Files.writeString(root.resolve("tenants/globex/users/newdev.json"), "{\"tags\": {\"team\": \"data\"}}");
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (t, arn) -> Optional.empty(), new DecisionCache(1_000));
    iam = new IamService(List.of(new RoleOperations(), new PolicyOperations(), new InlinePolicyOperations(), new AttachmentOperations()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  String call(String caller, String... pairs) {
    Mapping m = authorizer.map(CallerInfo.of(caller, Set.of()));
    Identity id = assertInstanceOf(Mapping.Mapped.class, m, caller).identity();
    StringBuilder b = new StringBuilder("Version=" + IamService.VERSION);
    for (int i = 0; i < pairs.length; i += 2) {
      b.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return iam.handle(QueryRequest.parse(b.toString().getBytes(StandardCharsets.UTF_8), null),
        new IamCall(id, RequestContext.empty(), authorizer, store, ServerKey.random(), Clock.systemUTC()), "req");
  }

  void denied(String caller, String... pairs) {
    assertEquals("AccessDenied", assertThrows(AwsError.class, () -> call(caller, pairs)).code(), String.join(" ", pairs));
  }

  @Test
  void acmeErin() {
    call("erin@acme", "Action", "AttachUserPolicy", "UserName", "hire", "PolicyArn", ACME + "HomeFolderAccess");
    call("erin@acme", "Action", "AttachUserPolicy", "UserName", "hire", "PolicyArn", ACME + "ProjectDocsAccess");
    call("erin@acme", "Action", "DetachUserPolicy", "UserName", "hire", "PolicyArn", ACME + "ProjectDocsAccess");
    assertEquals(List.of(ACME + "HomeFolderAccess"), store.directory().tenant("acme").orElseThrow().users().get("hire").managedPolicies());
    denied("erin@acme", "Action", "AttachUserPolicy", "UserName", "hire", "PolicyArn", ACME + "TenantIdentityAdministrator");
    denied("erin@acme", "Action", "AttachUserPolicy", "UserName", "dave", "PolicyArn", ACME + "DocsReadOnly");
    denied("erin@acme", "Action", "AttachUserPolicy", "UserName", "erin", "PolicyArn", ACME + "DocsReadOnly");
    denied("erin@acme", "Action", "PutUserPermissionsBoundary", "UserName", "dave", "PermissionsBoundary", ACME + "DocsReadOnly");
    call("erin@acme", "Action", "PutUserPermissionsBoundary", "UserName", "dave", "PermissionsBoundary", ACME + "DelegatedAdminBoundary");
    call("erin@acme", "Action", "AttachUserPolicy", "UserName", "dave", "PolicyArn", ACME + "DocsReadOnly");
    denied("erin@acme", "Action", "DeleteUserPermissionsBoundary", "UserName", "dave");
    denied("erin@acme", "Action", "PutUserPolicy", "UserName", "hire", "PolicyName", "More", "PolicyDocument",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}");
    denied("erin@acme", "Action", "CreatePolicyVersion", "PolicyArn", ACME + "DelegatedAdminBoundary", "PolicyDocument",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}", "SetAsDefault", "true");
    denied("erin@acme", "Action", "DeletePolicy", "PolicyArn", ACME + "DelegatedUserAdmin");
    call("erin@acme", "Action", "ListAttachedUserPolicies", "UserName", "hire");
  }

  @Test
  void globexMona() {
    denied("mona@globex", "Action", "PutUserPermissionsBoundary", "UserName", "newdev", "PermissionsBoundary",
        "arn:iam4j:iam::globex:policy/DocsReadOnly");
    call("mona@globex", "Action", "PutUserPermissionsBoundary", "UserName", "newdev", "PermissionsBoundary", GLOBEX_BOUNDARY);
    assertEquals(GLOBEX_BOUNDARY, store.directory().tenant("globex").orElseThrow().users().get("newdev").permissionsBoundary());
    denied("mona@globex", "Action", "DeleteUserPermissionsBoundary", "UserName", "iris");
    denied("mona@globex", "Action", "CreatePolicyVersion", "PolicyArn", GLOBEX_BOUNDARY, "PolicyDocument",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}");
    denied("mona@globex", "Action", "SetDefaultPolicyVersion", "PolicyArn", GLOBEX_BOUNDARY, "VersionId", "v1");
    denied("mona@globex", "Action", "AttachUserPolicy", "UserName", "newdev", "PolicyArn", "arn:iam4j:iam::globex:policy/DocsAdministrator");
    // Her boundary allows reading, her own policy does not: a boundary grants nothing by itself.
    denied("mona@globex", "Action", "GetPolicy", "PolicyArn", GLOBEX_BOUNDARY);
  }
}
