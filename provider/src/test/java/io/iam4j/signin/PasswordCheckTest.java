package io.iam4j.signin;

import static io.iam4j.signin.SigninFixtures.HASH;
import static io.iam4j.signin.SigninFixtures.directory;
import static io.iam4j.signin.SigninFixtures.tenant;
import static io.iam4j.signin.SigninFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.directory.Directory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unknown users pay the same hashing cost as known ones: the verifier runs exactly once per attempt,
 * against the dummy hash when there is no user's hash to check. (No timing is measured: the code
 * path is what is asserted.)
 */
class PasswordCheckTest {
  static final String DUMMY = "PBKDF2WithHmacSHA256:210000:ZHVtbXk=:ZHVtbXk=";
  final List<String> verified = new ArrayList<>();
  final PasswordCheck check = new PasswordCheck((password, hash) -> {
    verified.add(hash);
    return hash.equals(HASH) && new String(password).equals("right");
  }, DUMMY);
  final Directory dir = directory(tenant("acme", 1, List.of(user("bob", HASH, "Developers"), user("nopass", null)), List.of()));

  @Test
  void check_knownUserRightPassword_userAndOneVerification() {
    assertEquals("bob", check.check(dir, "bob@acme", "right".toCharArray()).orElseThrow().name());
    assertEquals(List.of(HASH), verified);
  }

  @Test
  void check_knownUserWrongPassword_emptyAfterVerifyingItsHash() {
    assertTrue(check.check(dir, "bob@acme", "wrong".toCharArray()).isEmpty());
    assertEquals(List.of(HASH), verified);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nobody@acme", "bob@nowhere", "bob", "@acme", "nopass@acme", "root@acme", "ROOT@acme"})
  void check_noUsableUser_verifiesTheDummyHashOnce(String caller) {
    assertTrue(check.check(dir, caller, "right".toCharArray()).isEmpty());
    assertEquals(List.of(DUMMY), verified, "the same PBKDF2 work as a known user's attempt");
  }

  @Test
  void dummyHash_hasTheConfiguredParameters_andIsAcceptedByTheLoader() throws Exception {
    String h = PasswordCheck.dummyHash("PBKDF2WithHmacSHA256", 100_000);
    String[] f = h.split(":");
    assertEquals("PBKDF2WithHmacSHA256", f[0]);
    assertEquals("100000", f[1], "the iterations a real hash has, not the container's default 2048");
    assertEquals(32, java.util.Base64.getDecoder().decode(f[2]).length);
    assertEquals(32, java.util.Base64.getDecoder().decode(f[3]).length);
    java.lang.reflect.Method problem = io.iam4j.config.TenantLoader.class.getDeclaredMethod("passwordHashProblem", String.class);
    problem.setAccessible(true);
    assertEquals(null, problem.invoke(null, h), "a well-formed hash by the loader's own rules");
    assertTrue(!h.equals(PasswordCheck.dummyHash("PBKDF2WithHmacSHA256", 100_000)), "random salt and password each time");
  }

  @Test
  void defaults_matchTheSamplesHashes() {
    assertEquals("PBKDF2WithHmacSHA256", PasswordCheck.DEFAULT_ALGORITHM);
    assertEquals(210_000, PasswordCheck.DEFAULT_ITERATIONS);
  }
}
