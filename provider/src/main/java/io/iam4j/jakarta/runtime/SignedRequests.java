package io.iam4j.jakarta.runtime;

import io.iam4j.sigv4.SignedRequest;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.StsService;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP side of signed requests: the request as the verifier sees it (raw path and query, every
 * header, the body's bytes), the body kept for the application once authentication has read it, and
 * which service a request's credential scope must name. Stateless.
 */
final class SignedRequests {
  /** Request attribute: the body bytes authentication read (the container's stream is then empty). */
  static final String BODY = "io.iam4j.sigv4.body";
  static final String IAM_VERSION = "2010-05-08";

  /** The body is larger than allowed. */
  static final class TooLarge extends IOException {
    TooLarge(int max) {
      super("The request body is larger than " + max + " bytes");
    }
  }

  private SignedRequests() {}

  /** The body, at most {@code max} bytes, or an empty array when there is none. */
  static byte[] readBody(HttpServletRequest r, int max) throws IOException {
    long declared = r.getContentLengthLong();
    if (declared > max) {
      throw new TooLarge(max);
    }
    if (declared == 0 || (declared < 0 && r.getHeader("Transfer-Encoding") == null)) {
      return new byte[0];
    }
    try (InputStream in = r.getInputStream()) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new TooLarge(max);
      }
      return b;
    }
  }

  static SignedRequest of(HttpServletRequest r, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Enumeration<String> names = r.getHeaderNames(); names != null && names.hasMoreElements(); ) {
      String name = names.nextElement();
      headers.put(name, Collections.list(r.getHeaders(name)));
    }
    return new SignedRequest(r.getMethod(), r.getRequestURI(), r.getQueryString(), headers, body);
  }

  /** The path inside the application, raw: {@code /sts}, {@code /}. */
  static String localPath(HttpServletRequest r) {
    String uri = r.getRequestURI();
    String ctx = r.getContextPath();
    String p = ctx != null && !ctx.isEmpty() && uri.startsWith(ctx) ? uri.substring(ctx.length()) : uri;
    return p.isEmpty() ? "/" : p;
  }

  /**
   * Which AWS Query API a request is for, or null when it is for the application: {@code sts} or
   * {@code iam} for a form POST to their paths, or to {@code /} with their {@code Version}.
   */
  static String queryApi(HttpServletRequest r, byte[] body, AwsSettings s) {
    if (!s.stsEnabled() || !"POST".equals(r.getMethod())) {
      return null;
    }
    String path = localPath(r);
    if (path.equals(s.stsPath())) {
      return "sts";
    }
    if (path.equals(s.iamPath())) {
      return "iam";
    }
    String type = r.getContentType();
    if (!path.equals("/") || type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return null;
    }
    try {
      String version = QueryRequest.parse(body, r.getQueryString()).version().orElse("");
      return version.equals(StsService.VERSION) ? "sts" : version.equals(IAM_VERSION) ? "iam" : null;
    } catch (RuntimeException e) {
      return null; // not a Query request: the application's own
    }
  }

  /** The services a request's credential scope may name. */
  static Set<String> services(String api, AwsSettings s) {
    return api == null ? s.services() : Set.of(api);
  }

  /** The request with its body readable again, once authentication has consumed it. */
  static HttpServletRequest replaying(HttpServletRequest r, byte[] body) {
    return new HttpServletRequestWrapper(r) {
      private Map<String, String[]> form;

      @Override
      public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
          @Override
          public int read() {
            return in.read();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
          }

          @Override
          public boolean isFinished() {
            return in.available() == 0;
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setReadListener(ReadListener l) {
            try {
              l.onDataAvailable();
              l.onAllDataRead();
            } catch (IOException e) {
              l.onError(e);
            }
          }
        };
      }

      @Override
      public BufferedReader getReader() {
        String enc = getCharacterEncoding();
        Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
        return new BufferedReader(new InputStreamReader(getInputStream(), cs));
      }

      @Override
      public int getContentLength() {
        return body.length;
      }

      @Override
      public long getContentLengthLong() {
        return body.length;
      }

      // A form body was read by authentication: its parameters come from the kept bytes.
      private Map<String, String[]> form() {
        if (form == null) {
          Map<String, List<String>> all = new LinkedHashMap<>();
          super.getParameterMap().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(List.of(v)));
          String type = getContentType();
          if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
              if (pair.isEmpty()) {
                continue;
              }
              int eq = pair.indexOf('=');
              try {
                String k = QueryDecoding.decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : QueryDecoding.decode(pair.substring(eq + 1));
                all.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
              } catch (RuntimeException e) {
                // an undecodable pair is no parameter
              }
            }
          }
          Map<String, String[]> out = new LinkedHashMap<>();
          all.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
          form = Collections.unmodifiableMap(out);
        }
        return form;
      }

      @Override
      public String getParameter(String name) {
        String[] v = form().get(name);
        return v == null || v.length == 0 ? null : v[0];
      }

      @Override
      public Map<String, String[]> getParameterMap() {
        return form();
      }

      @Override
      public Enumeration<String> getParameterNames() {
        return Collections.enumeration(form().keySet());
      }

      @Override
      public String[] getParameterValues(String name) {
        return form().get(name);
      }
    };
  }

  /** Form decoding (UTF-8, {@code +} a space). */
  static final class QueryDecoding {
    private QueryDecoding() {}

    static String decode(String s) {
      return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
  }
}
