package io.iam4j.jakarta.authorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.jacc.PrincipalMapper;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;

class DirectoryPrincipalMapperTest {
  private final List<String> looked = new ArrayList<>();

  private DirectoryPrincipalMapper mapper(PrincipalMapper server) {
    return new DirectoryPrincipalMapper(name -> {
      looked.add(name);
      return name.equals("bob@acme") ? Set.of("Developers@acme", "Auditors@acme") : Set.of();
    }, () -> server);
  }

  private static Subject subject(Principal... principals) {
    Subject s = new Subject();
    s.getPrincipals().addAll(List.of(principals));
    return s;
  }

  @Test
  void callerPrincipal_isJakartaSecuritys_beforeTheServersAnswer() {
    PrincipalMapper server = new PrincipalMapper() {
      @Override public Principal getCallerPrincipal(Subject s) { return new Principals.ServerUser("someone-else"); }
      @Override public Set<String> getMappedRoles(Subject s) { return Set.of(); }
    };
    assertEquals("bob@acme", mapper(server).getCallerPrincipal(subject(new Principals.Group("Developers@acme"), new CallerPrincipal("bob@acme"))).getName());
    assertEquals("someone-else", mapper(server).getCallerPrincipal(subject(new Principals.ServerUser("x"))).getName());
  }

  @Test
  void withoutAServerMapper_theCallerIsTheFirstPrincipalThatIsNoGroup() {
    assertEquals("bob@acme", mapper(null).getCallerPrincipal(subject(new Principals.Group("Developers@acme"), new Principals.ServerUser("bob@acme"))).getName());
    assertNull(mapper(null).getCallerPrincipal(subject(new Principals.Group("Developers@acme"))), "groups alone are nobody");
    assertNull(mapper(null).getCallerPrincipal(new Subject()));
    assertNull(mapper(null).getCallerPrincipal((Subject) null));
  }

  @Test
  void mappedRoles_areTheDirectorys_forTheCallerOnly() {
    DirectoryPrincipalMapper m = mapper(null);
    assertEquals(Set.of("Developers@acme", "Auditors@acme"), m.getMappedRoles(subject(new CallerPrincipal("bob@acme"), new Principals.Group("SysAdmins@acme"))));
    assertEquals(List.of("bob@acme"), looked, "group principals are never looked up as callers");
    assertEquals(Set.of(), m.getMappedRoles(subject(new CallerPrincipal("mallory@acme"))), "unknown to the directory: no role");
    assertEquals(Set.of(), m.getMappedRoles(new Subject()));
    assertFalse(m.isAnyAuthenticatedUserRoleMapped());
  }
}
