package io.iam4j.jacc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import jakarta.security.jacc.WebUserDataPermission;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Permission;
import java.security.Policy;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PropertyPermission;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server-side policy: declared constraints answered by the server's provider, web checks of an
 * application running iam4j narrowed by that application's decider, everything else untouched, and
 * any failure a deny.
 */
class Iam4jPolicyTest {
  static final ProtectionDomain CALLER = new ProtectionDomain(null, null, null, null);

  /** The server's provider: answers from this map, or false. */
  final Map<Permission, Boolean> container = new ConcurrentHashMap<>();
  final List<Object[]> asked = new ArrayList<>();
  HttpServletRequest request = request("/docs");
  Policy policy;

  @BeforeEach
  void setUp() {
    System.getProperties().remove(Deciders.KEY);
    Policy server = new Policy() {
      @Override
      public boolean implies(ProtectionDomain domain, Permission permission) {
        return container.getOrDefault(permission, false);
      }
    };
    policy = new Iam4jPolicy(server, () -> request);
  }

  @AfterEach
  void tearDown() {
    System.getProperties().remove(Deciders.KEY);
  }

  static HttpServletRequest request(String contextPath) {
    return (HttpServletRequest) Proxy.newProxyInstance(Iam4jPolicyTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getContextPath" -> contextPath;
          case "toString" -> "request to " + contextPath;
          default -> null;
        });
  }

  /** Registers a decider for a context path the way an application does (JDK types in the system properties). */
  void register(String contextPath, Function<Object[], Boolean> decider) {
    @SuppressWarnings("unchecked")
    Map<String, Function<Object[], Boolean>> m = (Map<String, Function<Object[], Boolean>>) System.getProperties()
        .computeIfAbsent(Deciders.KEY, k -> new ConcurrentHashMap<String, Function<Object[], Boolean>>());
    m.put(contextPath, args -> {
      asked.add(args);
      return decider.apply(args);
    });
  }

  @Test
  void withoutADecider_theContainerDecidesAlone() {
    WebResourcePermission p = new WebResourcePermission("/admin/status", "GET");
    container.put(p, true);
    assertTrue(policy.implies(CALLER, p));
    container.put(p, false);
    assertFalse(policy.implies(CALLER, p));
  }

  @Test
  void webResource_goesToTheApplicationsDecider_withTheContainersAnswer() {
    WebResourcePermission p = new WebResourcePermission("/admin/status", "GET");
    container.put(p, true);
    register("/docs", args -> false);
    assertFalse(policy.implies(CALLER, p), "IAM's explicit deny beats the container's role grant");
    Object[] args = asked.get(0);
    assertSame(CALLER, args[0]);
    assertSame(p, args[1]);
    assertSame(request, args[2]);
    assertEquals(Boolean.TRUE, args[3]);
  }

  @Test
  void roleRef_goesToTheDecider() {
    WebRoleRefPermission p = new WebRoleRefPermission("", "Auditors");
    register("/docs", args -> true);
    assertTrue(policy.implies(CALLER, p), "the directory says the caller is in group Auditors");
    assertEquals(Boolean.FALSE, asked.get(0)[3], "the container alone would have said no");
  }

  @Test
  void aNullAnswer_meansTheContainers() {
    WebResourcePermission p = new WebResourcePermission("/index.html", "GET");
    container.put(p, true);
    register("/docs", args -> null);
    assertTrue(policy.implies(CALLER, p));
  }

  @Test
  void onlyTheApplicationOfTheRequest_isAsked() {
    WebResourcePermission p = new WebResourcePermission("/admin/status", "GET");
    container.put(p, true);
    register("/other", args -> false);
    assertTrue(policy.implies(CALLER, p), "the decider of /other does not speak for /docs");
    assertTrue(asked.isEmpty());
  }

  @Test
  void userDataAndNonWebPermissions_areTheContainersAlone() {
    register("/docs", args -> false);
    WebUserDataPermission data = new WebUserDataPermission("/admin/status", "GET");
    container.put(data, true);
    assertTrue(policy.implies(CALLER, data));
    PropertyPermission prop = new PropertyPermission("user.home", "read");
    container.put(prop, true);
    assertTrue(policy.implies(CALLER, prop));
    assertTrue(asked.isEmpty());
  }

  @Test
  void noRequestOnTheThread_theContainerDecides() {
    request = null;
    WebResourcePermission p = new WebResourcePermission("/admin/status", "GET");
    container.put(p, true);
    register("/docs", args -> false);
    assertTrue(policy.implies(CALLER, p));
  }

  @Test
  void aFailingDecider_isADeny() {
    WebResourcePermission p = new WebResourcePermission("/admin/status", "GET");
    container.put(p, true);
    register("/docs", args -> {
      throw new IllegalStateException("directory unavailable");
    });
    assertFalse(policy.implies(CALLER, p));
  }

  @Test
  void aFailingServerPolicy_isADeny() {
    Policy broken = new Policy() {
      @Override
      public boolean implies(ProtectionDomain domain, Permission permission) {
        throw new IllegalStateException("no policy configuration in service");
      }
    };
    assertFalse(new Iam4jPolicy(broken, () -> request).implies(CALLER, new WebResourcePermission("/", "GET")));
  }

  @Test
  void nothingIsGrantedUpFront_soEveryCheckReachesImplies() {
    assertFalse(policy.getPermissions(CALLER).elements().hasMoreElements());
    assertFalse(policy.getPermissions((java.security.CodeSource) null).elements().hasMoreElements());
  }

  @Test
  void deciders_readsOnlyWhatTheContractDescribes() {
    assertNull(Deciders.find("/docs"));
    System.getProperties().put(Deciders.KEY, "not a map");
    assertNull(Deciders.find("/docs"));
    System.getProperties().remove(Deciders.KEY);
    register("/docs", args -> true);
    assertTrue(Deciders.find("/docs").apply(new Object[0]));
  }

  /** A server's default policy, found by name (stands in for Payara's, which unit tests do not have). */
  public static class NamedServerPolicy extends Policy {
    @Override
    public boolean implies(ProtectionDomain domain, Permission permission) {
      return permission instanceof PropertyPermission;
    }
  }

  @Test
  void theServersDefaultPolicy_isFoundByName_andAMissingOneIsAClearError() {
    System.setProperty(Iam4jPolicy.DELEGATE_PROPERTY, NamedServerPolicy.class.getName());
    try {
      assertTrue(new Iam4jPolicy().implies(CALLER, new PropertyPermission("user.home", "read")));
      System.setProperty(Iam4jPolicy.DELEGATE_PROPERTY, "no.such.Policy");
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, Iam4jPolicy::new);
      assertTrue(e.getMessage().contains("no.such.Policy"), e.getMessage());
    } finally {
      System.clearProperty(Iam4jPolicy.DELEGATE_PROPERTY);
    }
  }
}
