package io.iam4j.jacc;

import java.util.Map;
import java.util.function.Function;

/**
 * Where the server-wide {@link Iam4jPolicy} finds each application's decider, by context path.
 *
 * <p>The policy lives in the server's class loader and each decider in its application's, with its
 * own copy of iam4j; they share no class but the JDK's. So the contract is JDK types only: the
 * system properties hold, under {@value #KEY}, a {@code Map<String, Function<Object[], Boolean>>}
 * from context path to decider. A decider takes {@code {ProtectionDomain, Permission,
 * HttpServletRequest, Boolean containerAnswer}} and returns TRUE, FALSE, or null for "the
 * container's answer". Applications register with {@code io.iam4j.jakarta.jacc.JaccBridge}.
 */
public final class Deciders {
  /** The system-properties entry both sides agree on. */
  public static final String KEY = "io.iam4j.jacc.deciders";

  private Deciders() {}

  @SuppressWarnings("unchecked")
  static Function<Object[], Boolean> find(String contextPath) {
    return System.getProperties().get(KEY) instanceof Map<?, ?> m ? (Function<Object[], Boolean>) m.get(contextPath) : null;
  }
}
