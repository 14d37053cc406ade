package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.iam4j.mapping.CallerInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the mapper and tenant resolver learn about a caller: request facts, never its credentials. */
class EnforcerCallerInfoTest {
  final Map<String, String> headers = new LinkedHashMap<>();

  HttpServletRequest http(String contextPath, String uri, String servletPath) {
    return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (p, m, a) -> switch (m.getName()) {
          case "getHeaderNames" -> Collections.enumeration(headers.keySet());
          case "getHeader" -> headers.get((String) a[0]);
          case "getServerName" -> "acme.invoices.example";
          case "getContextPath" -> contextPath;
          case "getRequestURI" -> uri;
          case "getServletPath" -> servletPath;
          case "getPathInfo", "getUserPrincipal", "getSession", "getAttribute" -> null;
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }

  @Test
  void callerInfo_request_headersPathAndHost_withoutCredentials() {
    headers.put("X-Tenant", "acme");
    headers.put("Authorization", "Basic YWxpY2U6c2VjcmV0");
    headers.put("Proxy-Authorization", "Basic c2VjcmV0");
    headers.put("Cookie", "JSESSIONID=abc");
    CallerInfo c = Enforcer.callerInfo("alice", http("/app", "/app/api/orgs/acme", "/api/orgs/acme"));
    assertEquals("alice", c.name());
    assertEquals(Optional.of("acme"), c.header("x-tenant"));
    assertEquals(Optional.empty(), c.header("Authorization"));
    assertEquals(Optional.empty(), c.header("Proxy-Authorization"));
    assertEquals(Optional.empty(), c.header("Cookie"));
    assertFalse(c.toString().contains("YWxpY2U6c2VjcmV0"), c.toString());
    assertEquals("/api/orgs/acme", c.path());
    assertEquals("acme.invoices.example", c.host());
    assertEquals(Set.of(), c.groups());
  }

  @Test
  void callerInfo_noRequest_nameOnly() {
    CallerInfo c = Enforcer.callerInfo("alice", null);
    assertEquals(new CallerInfo("alice", Set.of(), Map.of(), "", ""), c);
  }
}
