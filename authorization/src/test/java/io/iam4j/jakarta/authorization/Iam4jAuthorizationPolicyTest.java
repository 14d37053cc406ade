package io.iam4j.jakarta.authorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.jacc.EJBMethodPermission;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import jakarta.security.jacc.WebUserDataPermission;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;

class Iam4jAuthorizationPolicyTest {
  private static final HttpServletRequest REQUEST = (HttpServletRequest) Proxy.newProxyInstance(
      Iam4jAuthorizationPolicyTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
        throw new UnsupportedOperationException(m.getName());
      });
  private static final Map<String, Set<String>> DIRECTORY = Map.of(
      "carol@acme", Set.of("SysAdmins@acme", "Developers@acme"),
      "alice@acme", Set.of("Developers@acme"));

  /** What the decider was asked: caller, permission and the container's answer. */
  record Asked(String caller, Permission permission, boolean container) {}

  private final List<Asked> asked = new ArrayList<>();
  private DeclaredConstraints declared = new DeclaredConstraints()
      .grant("SysAdmins@acme", new WebResourcePermission("/admin/*", (String) null))
      .grant("**", new WebResourcePermission("/members/*", (String) null))
      .exclude(new WebResourcePermission("/secret/*", (String) null))
      .uncheck(new WebResourcePermission("/public/*", (String) null))
      .uncheck(new WebUserDataPermission("/*", null));
  private HttpServletRequest current = REQUEST;

  private Iam4jAuthorizationPolicy policy(Iam4jAuthorizationPolicy.Decider decider) {
    return new Iam4jAuthorizationPolicy("docs/docs_war", () -> declared,
        new DirectoryPrincipalMapper(name -> DIRECTORY.getOrDefault(name, Set.of()), () -> null), decider, () -> current);
  }

  /** A decider that records what it was asked and answers {@code answer}. */
  private Iam4jAuthorizationPolicy.Decider answering(Boolean answer) {
    return (caller, permission, request, container) -> {
      asked.add(new Asked(caller, permission, container));
      return answer;
    };
  }

  private static Subject caller(String name, String... groups) {
    Subject s = new Subject();
    s.getPrincipals().add(new CallerPrincipal(name));
    for (String g : groups) {
      s.getPrincipals().add(new Principals.Group(g));
    }
    return s;
  }

  private static WebResourcePermission get(String path) {
    return new WebResourcePermission(path, "GET");
  }

  @Test
  void declaredRole_comesFromTheDirectory_notFromTheSubjectsGroups() {
    Iam4jAuthorizationPolicy p = policy(answering(null));
    assertTrue(p.implies(get("/admin/status"), caller("carol@acme")));
    // alice's sign-in said SysAdmins@acme; the directory (now) does not.
    assertFalse(p.implies(get("/admin/status"), caller("alice@acme", "SysAdmins@acme")));
    assertFalse(p.implies(get("/admin/status"), new Subject()));
  }

  @Test
  void excludedAndUnchecked_keepTheirDeclaredMeaning() {
    Iam4jAuthorizationPolicy p = policy(answering(null));
    assertFalse(p.implies(get("/secret/x"), caller("carol@acme")), "excluded beats every role");
    assertTrue(p.implies(get("/public/x"), new Subject()), "unchecked needs no caller");
    assertTrue(p.isExcluded(get("/secret/x")));
    assertTrue(p.isUnchecked(get("/public/x")));
  }

  @Test
  void anyAuthenticatedRole_isEveryAuthenticatedCallers_evenOneTheDirectoryDoesNotKnow() {
    Iam4jAuthorizationPolicy p = policy(answering(null));
    assertTrue(p.implies(get("/members/x"), caller("mallory@acme")));
    assertFalse(p.implies(get("/members/x"), new Subject()));
  }

  @Test
  void webResource_goesToTheDecider_withTheCallerAndTheContainersAnswer() {
    Iam4jAuthorizationPolicy p = policy(answering(false));
    assertFalse(p.implies(get("/admin/status"), caller("carol@acme", "SysAdmins@acme")), "IAM narrows a container grant");
    assertEquals(List.of(new Asked("carol@acme", get("/admin/status"), true)), asked);
    asked.clear();
    assertFalse(p.implies(get("/admin/status"), new Subject()));
    assertEquals(List.of(new Asked(null, get("/admin/status"), false)), asked, "anonymous: no caller");
  }

  @Test
  void deciderWithoutAnAnswer_leavesTheContainers() {
    Iam4jAuthorizationPolicy p = policy(answering(null));
    assertTrue(p.implies(get("/public/x"), new Subject()));
    assertFalse(p.implies(get("/admin/x"), caller("alice@acme")));
    assertEquals(2, asked.size());
  }

  @Test
  void roleReference_isTheDecidersAnswer() {
    Iam4jAuthorizationPolicy p = policy(answering(true));
    assertTrue(p.implies(new WebRoleRefPermission("", "Developers@acme"), caller("alice@acme")));
    assertEquals("alice@acme", asked.get(0).caller());
    // isCallerInRole needs no request being dispatched: the decider answers from the directory.
    current = null;
    assertTrue(p.implies(new WebRoleRefPermission("", "Developers@acme"), caller("alice@acme")));
    assertEquals(2, asked.size());
  }

  @Test
  void webResourceOutsideARequest_isTheContainers() {
    current = null;
    Iam4jAuthorizationPolicy p = policy(answering(false));
    assertTrue(p.implies(get("/admin/status"), caller("carol@acme")));
    assertTrue(asked.isEmpty(), "no request: no route values to decide with");
  }

  @Test
  void otherPermissions_neverReachTheDecider() {
    Iam4jAuthorizationPolicy p = policy(answering(false));
    assertTrue(p.implies(new WebUserDataPermission("/admin/status", new String[] {"GET"}, null), new Subject()));
    assertFalse(p.implies(new EJBMethodPermission("ReportService", "summary,Local,"), caller("carol@acme")));
    assertTrue(asked.isEmpty());
  }

  @Test
  void failureWhileDeciding_isADeny() {
    Iam4jAuthorizationPolicy p = policy((caller, permission, request, container) -> {
      throw new IllegalStateException("directory unavailable");
    });
    assertFalse(p.implies(get("/public/x"), new Subject()));
    declared = null;
    assertFalse(policy(answering(true)).implies(new WebUserDataPermission("/x", null), new Subject()),
        "no configuration for the context: deny, even where the decider would not be asked");
  }

  @Test
  void permissionCollection_grantsNothingUpFront() {
    assertFalse(policy(answering(true)).getPermissionCollection(caller("carol@acme")).elements().hasMoreElements());
  }

  @Test
  void principalsOnly_checkIsTheSame_asTheSubjectCheck() {
    // The servers' EJB path asks with a principal set: the interface turns it into a subject.
    Iam4jAuthorizationPolicy p = policy(answering(null));
    assertTrue(p.implies(get("/admin/x"), caller("carol@acme").getPrincipals()));
    assertFalse(p.implies(get("/admin/x"), Set.of()));
  }
}
