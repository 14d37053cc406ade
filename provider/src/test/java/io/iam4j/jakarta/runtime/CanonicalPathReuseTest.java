package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.enforce.CanonicalPath;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The canonical path checked by the filter is reused for that very request object only (the decision
 * does not check it twice); any other request object, as a forward's, is checked again.
 */
class CanonicalPathReuseTest {
  HttpServletRequest http(String uri, String servletPath, Map<String, Object> attributes) {
    return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (p, m, a) -> switch (m.getName()) {
          case "getContextPath" -> "";
          case "getRequestURI" -> uri;
          case "getServletPath" -> servletPath;
          case "getPathInfo" -> null;
          case "getAttribute" -> attributes.get((String) a[0]);
          case "setAttribute" -> attributes.put((String) a[0], a[1]);
          case "getMethod" -> "GET";
          case "hashCode" -> System.identityHashCode(p);
          case "equals" -> p == a[0];
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }

  @Test
  void filter_passesItsRequestAndPathOn_reusedForThatObjectOnly() throws Exception {
    Map<String, Object> attributes = new HashMap<>();
    HttpServletRequest req = http("/api/tenants/acme", "/api/tenants/acme", attributes);
    ServletRequest[] passed = new ServletRequest[1];
    FilterChain chain = (r, s) -> passed[0] = r;
    new CanonicalPathFilter().doFilter(req, null, chain);
    assertSame(req, passed[0]);
    assertSame(req, attributes.get(CanonicalPathFilter.REQUEST));
    CanonicalPath checked = ((CanonicalPathFilter.Checked) attributes.get(CanonicalPathFilter.CHECKED)).path();
    assertSame(checked, CanonicalPathFilter.canonical(req));
    // Another request object sharing the attributes (a forward to another path) is checked on its own.
    HttpServletRequest forward = http("/api/tenants/other", "/api/tenants/other", attributes);
    assertEquals("/api/tenants/other", CanonicalPathFilter.canonical(forward).decoded());
    HttpServletRequest disagreeing = http("/api/tenants/other", "/api/tenants/acme", attributes);
    assertThrows(CanonicalPath.BadPath.class, () -> CanonicalPathFilter.canonical(disagreeing));
  }

  @Test
  void filter_nonCanonicalPath_passesTheWrapperOn_withItsPath() throws Exception {
    Map<String, Object> attributes = new HashMap<>();
    HttpServletRequest req = http("/api//tenants/./acme", "/api/tenants/acme", attributes);
    ServletRequest[] passed = new ServletRequest[1];
    new CanonicalPathFilter().doFilter(req, null, (r, s) -> passed[0] = r);
    HttpServletRequest wrapper = (HttpServletRequest) passed[0];
    assertEquals("/api/tenants/acme", wrapper.getRequestURI());
    assertSame(wrapper, attributes.get(CanonicalPathFilter.REQUEST));
    assertEquals("/api/tenants/acme", CanonicalPathFilter.canonical(wrapper).decoded());
  }

  @Test
  void requestIds_randomVersion4Uuids() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = Iam4jAudit.newId();
      UUID u = UUID.fromString(id);
      assertEquals(4, u.version());
      assertEquals(2, u.variant());
      assertTrue(ids.add(id), id);
    }
    assertNotEquals(Iam4jAudit.newId(), Iam4jAudit.newId());
  }
}
