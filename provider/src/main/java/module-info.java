/**
 * iam4j's Jakarta EE integration: the tenant directory and configuration store, sign-in,
 * enforcement, audit, metrics and health. Decisions come from {@code io.iam4j.engine}.
 *
 * <p>Applications use the annotations of {@code io.iam4j.jakarta}, inject the {@code Authorizer}
 * and {@code ConfigStore}, and replace the parts of {@code io.iam4j.mapping} (principal mapper,
 * tenant resolver), {@code io.iam4j.directory} (resource policies) and {@code io.iam4j.audit}
 * (audit sink) with CDI alternatives. The Jakarta EE and MicroProfile APIs are provided by the
 * server.
 */
module io.iam4j.provider {
  requires transitive io.iam4j.engine;
  requires java.logging;
  requires java.net.http;
  // The PostgreSQL configuration store: JDBC, and a DataSource found by its JNDI name. The driver itself
  // comes from the application (its war) or the server; the provider does not depend on it.
  requires java.sql;
  requires java.naming;

  requires static jakarta.servlet;
  requires static jakarta.ws.rs;
  requires static jakarta.cdi;
  requires static jakarta.inject;
  requires static jakarta.interceptor;
  requires static jakarta.annotation;
  requires static jakarta.security;
  requires static jakarta.security.jacc;
  // MicroProfile 6.1's APIs carry no module name of their own: these are their jar names.
  requires static microprofile.config.api;
  requires static microprofile.metrics.api;
  requires static microprofile.health.api;
  requires static microprofile.jwt.auth.api;
  // Cluster mode: the Hazelcast Payara Micro runs (provided by the server, looked up in JNDI).
  requires static com.hazelcast.core;

  // The API: what an application annotates, injects, replaces or reads.
  exports io.iam4j.jakarta;
  exports io.iam4j.mapping;
  exports io.iam4j.directory;
  exports io.iam4j.audit;
  exports io.iam4j.authz;
  exports io.iam4j.config;
  exports io.iam4j.config.postgres;
  exports io.iam4j.crypto;
  // Cluster mode: the container-free synchronization and the transport a distributed engine implements.
  exports io.iam4j.cluster;
  // Web identity tokens (JWS verification, providers' JWK sets): the STS endpoint's and the
  // identity-mapping file's types.
  exports io.iam4j.jwt;
  // The container-free SigV4 verifier (the STS endpoint and the authentication mechanism call it).
  exports io.iam4j.sigv4;
  // STS and the IAM API on the AWS Query protocol, container-free (the servlet side is io.iam4j.jakarta.runtime).
  exports io.iam4j.sts;
  exports io.iam4j.iamapi;
  // The application's action catalog: its declarations (annotations, route file) and iam4j's own services.
  exports io.iam4j.jakarta.catalog;
  // Shadow evaluation of draft policy versions (its counts, the API and the metrics read it).
  exports io.iam4j.shadow;
  // The credential report (CSV, lifecycle), shared by the IAM API and bin/iam.
  exports io.iam4j.report;
  // The access advisor (last accessed index, reports) and unused access findings.
  exports io.iam4j.advisor;
  // The no-new-access check over whole tenants, and reachability from outside a tenant.
  exports io.iam4j.access;
  // The Jakarta Authorization 3.0 policy (iam4j-authorization) decides through the same runtime and
  // decider as the JACC 2.1 adapter: to it only.
  exports io.iam4j.jakarta.runtime to io.iam4j.authorization;
  exports io.iam4j.jakarta.jacc to io.iam4j.authorization;
  // Otherwise not exported: io.iam4j.jakarta.runtime (the filters, interceptor, sign-in and CDI wiring the
  // container instantiates), io.iam4j.jakarta.jacc (the application half of the Jakarta
  // Authorization provider), io.iam4j.enforce (canonical paths, targets) and io.iam4j.signin.
}
