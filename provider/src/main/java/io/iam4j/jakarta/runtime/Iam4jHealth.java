package io.iam4j.jakarta.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * iam4j's MicroProfile Health checks (Payara: {@code /health/ready}, {@code /health/live}).
 */
final class Iam4jHealth {
  private Iam4jHealth() {}

  /**
   * {@code iam4j-configuration}, readiness: DOWN only while no tenant's configuration is loaded. A
   * tenant whose last edit was refused keeps serving its previous version, so the server is ready;
   * that is reported to authorized callers ({@link Iam4jStatusServlet}) and as the metric {@code
   * iam4j.config.refused}. Health endpoints answer anyone: they say UP or DOWN and nothing else (no
   * tenant names, files or paths).
   *
   * <p>With the PostgreSQL store: a node started while its database was down loads nothing and is
   * DOWN until the database answers. A database lost later does not make it DOWN: the last good
   * configuration keeps deciding, and a readiness DOWN on every node at once (they share the
   * database) would take the whole application out of its load balancer. The outage is the metric
   * {@code iam4j.config.store.available} (0), a SEVERE log line and the status page's {@code storage}.
   */
  @Readiness
  @ApplicationScoped
  static class Configuration implements HealthCheck {
    @Inject Iam4j iam4j;

    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.named("iam4j-configuration").status(!iam4j.store().directory().tenants().isEmpty()).build();
    }
  }

  /**
   * {@code iam4j-cluster}, readiness: in cluster mode, DOWN until this server has installed every
   * tenant version the cluster holds (a server that starts or rejoins catches up first) and while
   * it refuses one (its last good version serves meanwhile); UP otherwise, a server cut off from the
   * others included: it keeps serving its last good configuration, and the data says so ({@code
   * state}: CONNECTED, DEGRADED, PARTITIONED; members seen; the last message from another member).
   * Outside cluster mode: UP, {@code mode=single}. No tenant names.
   */
  @Readiness
  @ApplicationScoped
  static class Cluster implements HealthCheck {
    @Inject Iam4jCluster cluster;

    @Override
    public HealthCheckResponse call() {
      java.util.Optional<io.iam4j.cluster.ClusterSync> sync = cluster.sync();
      if (sync.isEmpty()) {
        return HealthCheckResponse.named("iam4j-cluster").up().withData("mode", "single").build();
      }
      io.iam4j.cluster.ClusterSync.Status s = sync.get().status();
      return HealthCheckResponse.named("iam4j-cluster").status(s.ready()).withData("mode", "cluster")
          .withData("state", s.state().name()).withData("members", s.members()).withData("expectedMembers", s.expectedMembers())
          .withData("maxMembersSeen", s.maxMembersSeen()).withData("tenantsBehind", s.behind().size())
          .withData("tenantsRefused", s.refused().size())
          .withData("lastMessageAt", s.lastMessageAt() == null ? "none" : s.lastMessageAt().toString()).build();
    }
  }

  /**
   * {@code iam4j-audit}, liveness: DOWN when the audit trail's writer thread is not running (its
   * queue, drops and last error are metrics; its file is in the log). An application that replaced
   * the {@code AuditSink} watches its own sink: the check is then UP.
   */
  @Liveness
  @ApplicationScoped
  static class AuditWriter implements HealthCheck {
    @Inject Iam4j iam4j;

    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.named("iam4j-audit").status(iam4j.trail().map(io.iam4j.audit.AuditLog::running).orElse(true)).build();
    }
  }
}
