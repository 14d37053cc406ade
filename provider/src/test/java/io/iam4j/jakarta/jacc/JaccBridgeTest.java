package io.iam4j.jakarta.jacc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void providerOnTheClassPath_butNotThePolicy_isReportedAsNotInForce() {
    // A loader that has a class of the provider's name, as Payara's does with iam4j-jacc in addlibs.
    ClassLoader server = new ClassLoader(null) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!name.equals(JaccBridge.SERVER_POLICY)) {
          throw new ClassNotFoundException(name);
        }
        try {
          byte[] b = emptyClass(name);
          return defineClass(name, b, 0, b.length);
        } catch (java.io.IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
    };
    String why = JaccBridge.installedButNotInForce(server).orElseThrow();
    assertTrue(why.startsWith("iam4j's JACC 2.1 provider (io.iam4j.jacc.Iam4jPolicy) is on the server's class path, but the server's policy is "), why);
    assertTrue(why.endsWith("on Jakarta EE 11 use iam4j.authorization=policy (iam4j-authorization in the war) and remove iam4j-jacc from the server"), why);
    assertTrue(JaccBridge.installedButNotInForce(new ClassLoader(null) {}).isEmpty(), "not installed: annotation mode, nothing to report");
  }

  /** The bytes of {@code public class NAME {}} (Java 17 class file), written by hand to need no compiler. */
  private static byte[] emptyClass(String name) throws java.io.IOException {
    String internal = name.replace('.', '/');
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeInt(0xCAFEBABE);
    out.writeShort(0);
    out.writeShort(61);
    out.writeShort(5);                 // constant pool: 4 entries
    out.writeByte(1); out.writeUTF(internal);           // #1 Utf8 name
    out.writeByte(7); out.writeShort(1);                // #2 Class #1
    out.writeByte(1); out.writeUTF("java/lang/Object"); // #3 Utf8
    out.writeByte(7); out.writeShort(3);                // #4 Class #3
    out.writeShort(0x0021);            // public super
    out.writeShort(2);
    out.writeShort(4);
    out.writeShort(0);                 // interfaces
    out.writeShort(0);                 // fields
    out.writeShort(0);                 // methods
    out.writeShort(0);                 // attributes
    return bytes.toByteArray();
  }
}
