package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** iam4j.sign-in: who signs callers in, from the setting and what the application declares. */
class SignInModeTest {
  static final List<String> NONE = List.of();
  static final List<String> BASIC = List.of("com.example.Security (@BasicAuthenticationMechanismDefinition)");

  @Test
  void of_eachValue_andDefault() {
    assertEquals(SignInMode.AUTO, SignInMode.of(null));
    assertEquals(SignInMode.AUTO, SignInMode.of("auto"));
    assertEquals(SignInMode.IAM4J, SignInMode.of(" iam4j "));
    assertEquals(SignInMode.CONTAINER, SignInMode.of("container"));
  }

  @Test
  void of_unknownValue_namesSettingAndChoices() {
    IamException e = assertThrows(IamException.class, () -> SignInMode.of("Container"));
    assertEquals("iam4j.sign-in is \"auto\" (the default), \"iam4j\" or \"container\"; found \"Container\"", e.getMessage());
  }

  @Test
  void auto_installsIam4jOnlyWithoutApplicationMechanism() {
    assertTrue(SignInMode.AUTO.installsIam4j(NONE));
    assertFalse(SignInMode.AUTO.installsIam4j(BASIC));
  }

  @Test
  void container_neverInstallsIam4j() {
    assertFalse(SignInMode.CONTAINER.installsIam4j(NONE));
    assertFalse(SignInMode.CONTAINER.installsIam4j(BASIC));
  }

  @Test
  void iam4j_installsIam4j_andRefusesASecondMechanism() {
    assertTrue(SignInMode.IAM4J.installsIam4j(NONE));
    IamException e = assertThrows(IamException.class, () -> SignInMode.IAM4J.installsIam4j(BASIC));
    assertTrue(e.getMessage().contains("com.example.Security (@BasicAuthenticationMechanismDefinition)"), e.getMessage());
    assertTrue(e.getMessage().contains("set iam4j.sign-in to \"auto\" or \"container\""), e.getMessage());
  }
}
