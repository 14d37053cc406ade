/**
 * iam4j as the Jakarta Authorization 3.0 policy of the application that carries this module (Jakarta
 * EE 11): {@code iam4j.authorization=policy} installs it for the application's own policy context at
 * deployment. Only the servlet container initializer is API, and only to the server.
 */
module io.iam4j.authorization {
  requires io.iam4j.provider;
  requires java.logging;
  requires java.naming;

  requires static jakarta.security.jacc;
  requires static jakarta.servlet;
  requires static jakarta.ws.rs;
  requires static jakarta.cdi;
  requires static jakarta.security;
  requires static microprofile.config.api;

  exports io.iam4j.jakarta.authorization;

  provides jakarta.servlet.ServletContainerInitializer with io.iam4j.jakarta.authorization.PolicyInstaller;
}
