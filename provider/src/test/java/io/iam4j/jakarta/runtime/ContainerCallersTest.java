package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.mapping.Wildcard;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.security.Principal;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Token claims as the mapper sees them, whatever form the container hands them in (JSON-P values
 * from MicroProfile JWT, Java values from OpenID Connect), and the bounds on them.
 */
class ContainerCallersTest {
  static final JsonObject TOKEN = Json.createReader(new java.io.StringReader("""
      {"sub": "u-1", "aud": ["docs-app", "api"], "exp": 1767225600, "email_verified": true,
       "amr": ["pwd", "mfa"], "address": {"country": "CH"}, "nothing": null}""")).readObject();

  @Test
  void values_jsonP_stringsNumbersBooleansArrays_objectsLeftOut() {
    assertEquals(List.of("u-1"), ContainerCallers.values(TOKEN.get("sub")));
    assertEquals(List.of("docs-app", "api"), ContainerCallers.values(TOKEN.get("aud")));
    assertEquals(List.of("1767225600"), ContainerCallers.values(TOKEN.get("exp")));
    assertEquals(List.of("true"), ContainerCallers.values(TOKEN.get("email_verified")));
    assertEquals(List.of(), ContainerCallers.values(TOKEN.get("address")));
    assertEquals(List.of(), ContainerCallers.values(TOKEN.get("nothing")));
  }

  @Test
  void values_javaTypes_datesAsEpochSeconds_setsAsElements() {
    assertEquals(List.of("1767225600"), ContainerCallers.values(new Date(1767225600_000L)));
    assertEquals(List.of("42"), ContainerCallers.values(42L));
    assertEquals(List.of("a"), ContainerCallers.values(Set.of("a")));
    assertEquals(List.of(), ContainerCallers.values(Map.of("nested", "x")));
    assertEquals(List.of("x"), ContainerCallers.values(List.of("x", List.of("nested"))), "arrays in arrays are left out");
  }

  @Test
  void put_neverKeepsTheRawToken_boundsValuesAndClaims() {
    Map<String, List<String>> claims = new LinkedHashMap<>();
    ContainerCallers.put(claims, "raw_token", "eyJhbGciOi...");
    ContainerCallers.put(claims, "long", "x".repeat(Wildcard.MAX_TEXT + 1));
    ContainerCallers.put(claims, "many", java.util.stream.IntStream.range(0, 500).mapToObj(Integer::toString).toList());
    assertFalse(claims.containsKey("raw_token"));
    assertFalse(claims.containsKey("long"), "a value no rule could match is left out");
    assertEquals(ContainerCallers.MAX_VALUES, claims.get("many").size());
    for (int i = 0; i < 200; i++) {
      ContainerCallers.put(claims, "c" + i, "v");
    }
    assertEquals(ContainerCallers.MAX_CLAIMS, claims.size());
  }

  @Test
  void isGroup_serverGroupPrincipals_notTheCaller() {
    class Group implements Principal {
      public String getName() {
        return "staff";
      }
    }
    assertTrue(ContainerCallers.isGroup(new Group()));
    assertFalse(ContainerCallers.isGroup(new jakarta.security.enterprise.CallerPrincipal("Group")));
  }
}
