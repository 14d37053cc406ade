package io.iam4j.jakarta.authorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizationModeTest {
  @Test
  void setting_absentIsAnnotations_policyIsPolicy() {
    assertEquals(AuthorizationMode.ANNOTATIONS, AuthorizationMode.of(Optional.empty()));
    assertEquals(AuthorizationMode.ANNOTATIONS, AuthorizationMode.of(Optional.of("annotations")));
    assertEquals(AuthorizationMode.POLICY, AuthorizationMode.of(Optional.of(" Policy ")));
  }

  @Test
  void setting_anythingElse_failsNamingThePropertyAndTheChoices() {
    IamException e = assertThrows(IamException.class, () -> AuthorizationMode.of(Optional.of("jacc")));
    assertEquals("iam4j.authorization is \"annotations\" (the default) or \"policy\" (Jakarta Authorization 3.0); found \"jacc\"", e.getMessage());
  }

  @Test
  void authorization3_isDetectedByItsPolicyFactory_withoutLoadingIt() {
    assertTrue(PolicyInstaller.authorization3(getClass().getClassLoader()));
    // A loader that sees only the JDK: an EE 10 server's, as far as Authorization 3.0 goes.
    assertFalse(PolicyInstaller.authorization3(new ClassLoader(null) {}));
  }
}
