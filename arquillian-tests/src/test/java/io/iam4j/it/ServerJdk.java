package io.iam4j.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Refuses to start a server on a JDK its line does not run on, before Arquillian starts it: the
 * connector launches Payara Micro with this test JVM's own {@code java}, so a wrong JDK would show
 * only as a server that never starts (Payara Micro 7 on Java 17) or, worse, as role checks that
 * are false for everyone (Payara Micro 6 on JDK 25).
 */
final class ServerJdk implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    String line = System.getProperty("it.line", "ee11");
    int feature = Runtime.version().feature();
    if (line.equals("ee11") && feature < 21) {
      throw new IllegalStateException("The EE 11 line (Payara Micro 7) needs Java 21 or newer; this is Java " + feature
          + ". Run Maven on one (JAVA_HOME) or name one with -Dee11.java.home=JDK");
    }
    if (line.equals("ee10") && feature > 21) {
      throw new IllegalStateException("The EE 10 line (Payara Micro 6) is tested on Java 17 (on JDK 25 its role checks are"
          + " false for everyone); this is Java " + feature + ". Name one with -Dee10.java.home=JDK, or leave the line out"
          + " with -Dee10.skip=true");
    }
  }
}
