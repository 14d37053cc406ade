package io.iam4j.jakarta.jacc;

import java.util.Map;
import java.util.function.Function;

/**
 * Where the server-wide policy of the {@code iam4j-jacc} jar ({@value #SERVER_POLICY}) finds each
 * application's {@link JaccDecider}, by context path. The policy lives in the server's class loader
 * and the decider in the application's, so they meet through a JDK-owned map holding only JDK types:
 * the system properties, under {@value #KEY} (the same contract as {@code io.iam4j.jacc.Deciders}).
 */
public final class JaccBridge {
  static final String KEY = "io.iam4j.jacc.deciders";
  /** The policy class of iam4j's provider; an application registers only when the server runs it. */
  public static final String SERVER_POLICY = "io.iam4j.jacc.Iam4jPolicy";

  private JaccBridge() {}

  @SuppressWarnings("unchecked")
  private static Map<String, Function<Object[], Boolean>> deciders() {
    synchronized (System.getProperties()) {
      Object m = System.getProperties().get(KEY);
      if (m == null) {
        m = new java.util.concurrent.ConcurrentHashMap<String, Function<Object[], Boolean>>();
        System.getProperties().put(KEY, m);
      }
      return (Map<String, Function<Object[], Boolean>>) m;
    }
  }

  /** Registers an application's decider: {@code {domain, permission, request, containerAnswer}} to TRUE, FALSE or null (the container's answer). */
  public static void register(String contextPath, Function<Object[], Boolean> decider) {
    deciders().put(contextPath, decider);
  }

  /** Removes this decider only: a newer deployment at the same path may have registered its own. */
  public static void unregister(String contextPath, Function<Object[], Boolean> decider) {
    deciders().remove(contextPath, decider);
  }

  /** Whether the server's installed policy is iam4j's. */
  public static boolean serverRunsIam4j() {
    return java.security.Policy.getPolicy().getClass().getName().equals(SERVER_POLICY);
  }

  /**
   * Why iam4j's JACC 2.1 provider is on the server's class path ({@code loader} is the
   * application's) yet not the server's policy, or empty when it is in force or not installed. Such
   * a server decides nothing through iam4j: on JDK 24 and newer the JDK installs no {@code
   * java.security.Policy} any more (Payara Micro 6 then keeps its own), and Jakarta EE 11 servers
   * use per-application policies instead. An application that finds itself there refuses to start
   * rather than run without the provider its operators installed.
   */
  public static java.util.Optional<String> installedButNotInForce(ClassLoader loader) {
    try {
      Class.forName(SERVER_POLICY, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return java.util.Optional.empty();
    }
    if (serverRunsIam4j()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("iam4j's JACC 2.1 provider (" + SERVER_POLICY + ") is on the server's class path, but the server's"
        + " policy is " + java.security.Policy.getPolicy().getClass().getName() + " on Java " + Runtime.version().feature()
        + ": the provider is not in force. It needs a Jakarta EE 10 server on Java 17 (Payara Micro 6); on Jakarta EE 11"
        + " use iam4j.authorization=policy (iam4j-authorization in the war) and remove iam4j-jacc from the server");
  }
}
