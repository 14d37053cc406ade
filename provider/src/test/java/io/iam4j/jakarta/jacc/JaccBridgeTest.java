package io.iam4j.jakarta.jacc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The application side of the JDK-typed contract with the server's policy ({@code io.iam4j.jacc.Deciders}). */
class JaccBridgeTest {
  /** What the server's policy sees: the map in the system properties. */
  static Object registered(String contextPath) {
    return ((Map<?, ?>) System.getProperties().get("io.iam4j.jacc.deciders")).get(contextPath);
  }

  @AfterEach
  void tearDown() {
    System.getProperties().remove(JaccBridge.KEY);
  }

  @Test
  void register_putsAJdkMapInTheSystemProperties_underTheAgreedKey() {
    Function<Object[], Boolean> d = args -> true;
    JaccBridge.register("/docs", d);
    Map<?, ?> m = assertInstanceOf(Map.class, System.getProperties().get("io.iam4j.jacc.deciders"));
    assertSame(d, m.get("/docs"));
    assertSame(d, registered("/docs"));
  }

  @Test
  void unregister_removesOnlyItsOwnDecider() {
    Function<Object[], Boolean> old = args -> true;
    Function<Object[], Boolean> redeployed = args -> false;
    JaccBridge.register("/docs", old);
    JaccBridge.register("/docs", redeployed);
    JaccBridge.unregister("/docs", old); // the old deployment shuts down after the new one started
    assertSame(redeployed, registered("/docs"));
    JaccBridge.unregister("/docs", redeployed);
    assertNull(registered("/docs"));
  }

  @Test
  void withoutIam4jsPolicyInstalled_applicationsDoNotRegister() {
    assertFalse(JaccBridge.serverRunsIam4j());
  }
}
