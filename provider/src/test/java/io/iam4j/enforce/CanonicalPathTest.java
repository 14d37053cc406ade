package io.iam4j.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One canonical form of a request path (RFC 3986 §5.2.4 dot-segment removal, decoded once), or a 400. */
class CanonicalPathTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/api/tenants/acme/x            | /api/tenants/acme/x",
      "/api/tenants/acme/x/           | /api/tenants/acme/x/",
      "/api/tenants;x=y/acme/x        | /api/tenants/acme/x",
      "/api/tenants/acme/x;jsessionid=1 | /api/tenants/acme/x",
      "/objects/home/alice/../bob/n   | /objects/home/bob/n",
      "/objects/home/alice/..;/bob/n  | /objects/home/bob/n",
      "/objects/home/alice/%2e%2E/bob | /objects/home/bob",
      "/a/./b/.                       | /a/b/",
      "/a//b///c                      | /a/b/c",
      "/a/%73tatus                    | /a/status",
      "/a/b%20c                       | /a/b c",
      "/a/b+c                         | /a/b+c",
      "/a/caf%C3%A9                   | /a/café",
      "/                              | /",
      "''                             | /",
      "/a/..                          | /",
  })
  void canonicalForms(String raw, String decoded) {
    assertEquals(decoded, CanonicalPath.of(raw).decoded());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a/b%2Fc", "/a/b%2fc", "/a/b%5Cc", "/a/b%00c", "/a/b%0ac", "/a/b%zzc", "/a/b%4", "/a/b%",
      "/a/%C3%28", "/a/%FF", "/..", "/a/../..", "/a/%2e%2e/%2E%2E", "/a\\b", "a/b", "/a/\u0001"})
  void ambiguousOrMalformed_refused(String raw) {
    assertThrows(CanonicalPath.BadPath.class, () -> CanonicalPath.of(raw));
  }

  @ParameterizedTest
  @ValueSource(ints = {CanonicalPath.MAX_LENGTH + 1})
  void tooLong_refusedNamingTheLimit(int length) {
    String m = assertThrows(CanonicalPath.BadPath.class, () -> CanonicalPath.of("/" + "a".repeat(length - 1))).getMessage();
    assertTrue(m.contains("8192") && m.contains("iam4j path length"), m);
    assertThrows(CanonicalPath.BadPath.class, () -> CanonicalPath.of("/a".repeat(CanonicalPath.MAX_SEGMENTS + 1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/tenants/acme", "/a/b/", "/a/%73"})
  void sameAs_onlyForWhatIsAlreadyCanonical(String raw) {
    assertTrue(CanonicalPath.of(raw).sameAs(raw));
    assertFalse(CanonicalPath.of(raw + "/./").sameAs(raw + "/./"));
  }

  /**
   * The decided path equals the dispatched one: the canonical encoded form, decoded the way a
   * dispatcher decodes a path (java.net.URI, once), is the decoded form; and canonicalizing is
   * idempotent, so no second layer can find another path in it.
   */
  @Property(tries = 2000)
  void decidedEqualsDispatched(@ForAll("paths") String raw) {
    CanonicalPath p;
    try {
      p = CanonicalPath.of(raw);
    } catch (CanonicalPath.BadPath e) {
      return;
    }
    assertEquals(p.decoded(), URI.create(p.encoded()).getPath(), raw);
    CanonicalPath again = CanonicalPath.of(p.encoded());
    assertEquals(p, again, raw);
    assertTrue(again.sameAs(p.encoded()));
    for (String s : p.segments()) {
      assertFalse(s.isEmpty() || s.equals(".") || s.equals("..") || s.contains("/"), raw);
    }
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment = Arbitraries.of(List.of("a", "b", "..", ".", "", "%2e", "%2E%2e", "x;y=1", "..;", "%41", "%20", "c%2Fd",
        "%", "caf%C3%A9", "%C3", "+", "~", "%25", "%252e")).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
    return segment.list().ofMinSize(0).ofMaxSize(8).map(l -> "/" + String.join("/", l));
  }
}
