package io.iam4j.jakarta.jacc;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A servlet request as the container hands it to the Jakarta Authorization policy: just the parts a decision reads. */
final class FakeRequest {
  final String method;
  final String contextPath;
  final String uri;
  final String path;
  final Map<String, String> headers = new HashMap<>();
  final Map<String, String[]> parameters = new LinkedHashMap<>();
  final Map<String, Object> attributes = new HashMap<>();
  String query;

  FakeRequest(String method, String contextPath, String pathInContext) {
    this.method = method;
    this.contextPath = contextPath;
    this.uri = contextPath + pathInContext;
    // What the container matched: the decoded path (a real container also normalizes it).
    this.path = java.net.URI.create(pathInContext).getPath();
  }

  /** A request whose raw URI differs from the decoded, normalized path the container matched. */
  FakeRequest(String method, String contextPath, String decodedPath, String rawUri) {
    this.method = method;
    this.contextPath = contextPath;
    this.uri = rawUri;
    this.path = decodedPath;
  }

  FakeRequest header(String name, String value) {
    headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return this;
  }

  FakeRequest param(String name, String value) {
    parameters.put(name, new String[] {value});
    query = (query == null ? "" : query + "&") + name + "=" + value;
    return this;
  }

  HttpServletRequest proxy() {
    return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (p, m, args) -> switch (m.getName()) {
          case "getMethod" -> method;
          case "getContextPath" -> contextPath;
          case "getRequestURI" -> uri;
          case "getServletPath" -> path;
          case "getPathInfo" -> null;
          case "getHeader" -> headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
          case "getQueryString" -> query;
          case "getParameterMap" -> parameters;
          case "getAttribute" -> attributes.get((String) args[0]);
          case "setAttribute" -> attributes.put((String) args[0], args[1]);
          case "getRemoteAddr" -> "127.0.0.1";
          case "getServerName" -> "localhost";
          case "isSecure" -> false;
          case "getSession" -> null;
          case "hashCode" -> System.identityHashCode(p);
          case "equals" -> p == args[0];
          case "toString" -> method + " " + uri;
          default -> null;
        });
  }
}
