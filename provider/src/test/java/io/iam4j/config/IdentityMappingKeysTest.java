package io.iam4j.config;

import static io.iam4j.config.TenantLoaderTest.assertProblem;
import static io.iam4j.config.TenantLoaderTest.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iam4j.directory.Arns;
import io.iam4j.directory.IdentityMapping.OidcProvider;
import io.iam4j.jwt.TestSigner;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code jwksUri} and {@code jwks} of an OpenID Connect provider in {@code identity-mapping.json}:
 * read into the provider, and every mistake a located problem.
 */
class IdentityMappingKeysTest {
  static final String FILE = "tenants/acme/identity-mapping.json";
  static final TestSigner.Key RSA = TestSigner.rsa("rsa-1", "RS256");
  static final TestSigner.Key EC = TestSigner.ec("ec-1", "ES384");

  final TenantLoader loader = new TenantLoader(Arns.DEFAULT, TenantLoaderTest.PROVIDER,
      new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true)));
  final Map<String, String> files = TenantLoaderTest.completeTenant();

  static String provider(String extra) {
    return "{'openIdConnectProviders': [{'url': 'https://idp.acme.example', 'clientIds': ['app']" + (extra.isEmpty() ? "" : ", " + extra) + "}]}";
  }

  OidcProvider load(String mapping) {
    files.put("identity-mapping.json", j(mapping));
    return loader.load("acme", files, "tenants/acme/").identityMapping().providers().get(0);
  }

  List<ConfigProblem> problems(String mapping) {
    files.put("identity-mapping.json", mapping.replace('\'', '"'));
    return assertThrows(ConfigException.class, () -> loader.load("acme", files, "tenants/acme/")).problems();
  }

  @Test
  void neither_discovery() {
    OidcProvider p = load(provider(""));
    assertNull(p.jwksUri());
    assertNull(p.jwks());
  }

  @Test
  void jwksUri_read_httpsOrLoopback() {
    assertEquals(URI.create("https://keys.acme.example/jwks?v=2"), load(provider("'jwksUri': 'https://keys.acme.example/jwks?v=2'")).jwksUri());
    assertEquals(URI.create("http://127.0.0.1:8180/jwks"), load(provider("'jwksUri': 'http://127.0.0.1:8180/jwks'")).jwksUri());
    assertProblem(problems(provider("'jwksUri': 'http://keys.acme.example/jwks'")), FILE, "/openIdConnectProviders/0/jwksUri", "https://");
    assertProblem(problems(provider("'jwksUri': 'https://u:p@keys.acme.example/jwks'")), FILE, "/openIdConnectProviders/0/jwksUri",
        "without user info");
    assertProblem(problems(provider("'jwksUri': 'not a url'")), FILE, "/openIdConnectProviders/0/jwksUri", "Not a URL");
    assertProblem(problems(provider("'jwksUri': 42")), FILE, "/openIdConnectProviders/0/jwksUri", "found number");
  }

  @Test
  void jwks_readIntoKeys() {
    OidcProvider p = load(provider("'jwks': " + TestSigner.jwks(RSA, EC).replace('"', '\'')));
    assertEquals(2, p.jwks().keys().size());
    assertEquals("ec-1", p.jwks().keys().get(1).kid());
    assertEquals("P-384", p.jwks().keys().get(1).curve());
  }

  @Test
  void jwks_badKeys_locatedAtTheKey() {
    String priv = RSA.jwk().replace("}", ",\"d\":\"AQAB\"}");
    assertProblem(problems(provider("'jwks': {'keys': [" + EC.jwk() + ", " + priv + "]}")), FILE,
        "/openIdConnectProviders/0/jwks/keys/1/d", "private");
    assertProblem(problems(provider("'jwks': {'keys': [{'kty': 'oct', 'kid': 'h', 'alg': 'HS256'}]}")), FILE,
        "/openIdConnectProviders/0/jwks/keys/0/alg", "HS256");
    assertProblem(problems(provider("'jwks': {'keys': [{'kty': 'oct', 'kid': 'h'}]}")), FILE,
        "/openIdConnectProviders/0/jwks/keys/0/kty", "not accepted");
    assertProblem(problems(provider("'jwks': {'keys': []}")), FILE, "/openIdConnectProviders/0/jwks", "no key");
    assertProblem(problems(provider("'jwks': [" + EC.jwk() + "]")), FILE, "/openIdConnectProviders/0/jwks", "{\"keys\"");
    assertProblem(problems(provider("'jwks': {'keys': [" + EC.jwk() + ", " + EC.jwk() + "]}")), FILE,
        "/openIdConnectProviders/0/jwks/keys/1", "Two EC keys");
  }

  @Test
  void bothJwksUriAndJwks_refused() {
    assertProblem(problems(provider("'jwksUri': 'https://keys.acme.example/jwks', 'jwks': " + TestSigner.jwks(EC))), FILE,
        "/openIdConnectProviders/0/jwks", "not both");
  }

  @Test
  void badKeys_noSecondProblemForTheRulesOfTheProvider() {
    List<ConfigProblem> ps = problems("{'openIdConnectProviders': [{'url': 'https://idp.acme.example', 'clientIds': ['app'], "
        + "'jwksUri': 'http://keys.acme.example'}], 'rules': [{'sid': 'R', 'match': {'issuer': 'https://idp.acme.example'}, "
        + "'role': 'Auditor'}]}");
    assertEquals(1, ps.size(), ps.toString());
  }
}
