/**
 * The server half of iam4j's Jakarta Authorization provider: the {@code Policy} and {@code
 * PolicyConfigurationFactory} a server names in its settings, and {@code Deciders}, where each
 * application's iam4j registers its decider. Nothing else is API.
 */
module io.iam4j.jacc {
  requires java.logging;
  requires static jakarta.security.jacc;
  requires static jakarta.servlet;

  exports io.iam4j.jacc;
}
