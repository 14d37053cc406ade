package io.iam4j.jakarta;

import io.iam4j.audit.AuditLog;
import io.iam4j.config.ConfigProblem;
import io.iam4j.config.TenantStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * iam4j's MicroProfile Health checks (Payara: {@code /health/ready}, {@code /health/live}).
 */
final class Iam4jHealth {
  private Iam4jHealth() {}

  /**
   * {@code iam4j-configuration}, readiness: DOWN while no tenant's configuration is loaded, or when
   * a tenant's last reload was refused (its old version keeps serving, but what is on disk is not
   * what decides). The data names each such tenant with its file, pointer and problem.
   */
  @Readiness
  @ApplicationScoped
  static class Configuration implements HealthCheck {
    @Inject Iam4j iam4j;

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("iam4j-configuration");
      Map<String, TenantStatus> status = iam4j.store().status();
      int serving = iam4j.store().directory().tenants().size();
      List<String> failed = new ArrayList<>();
      for (TenantStatus t : status.values()) {
        if (t.lastProblems().isEmpty()) {
          b.withData(t.tenant(), "version " + t.version());
          continue;
        }
        failed.add(t.tenant());
        ConfigProblem first = t.lastProblems().get(0);
        b.withData(t.tenant(), (t.serving() ? "version " + t.version() + " keeps serving" : "not served")
            + "; the last reload was refused: " + first
            + (t.lastProblems().size() > 1 ? " (and " + (t.lastProblems().size() - 1) + " more)" : ""));
        b.withData(t.tenant() + ".file", first.file());
      }
      b.withData("tenants", serving);
      if (!failed.isEmpty()) {
        b.withData("failed", String.join(",", failed));
      }
      if (serving == 0) {
        b.withData("reason", "no tenant configuration is loaded from " + iam4j.settings().configDir().toAbsolutePath().resolve("tenants"));
      }
      return b.status(serving > 0 && failed.isEmpty()).build();
    }
  }

  /** {@code iam4j-audit}, liveness: DOWN when the audit trail's writer thread is not running. */
  @Liveness
  @ApplicationScoped
  static class AuditWriter implements HealthCheck {
    @Inject Iam4j iam4j;

    @Override
    public HealthCheckResponse call() {
      AuditLog audit = iam4j.audit();
      HealthCheckResponseBuilder b = HealthCheckResponse.named("iam4j-audit")
          .withData("queueDepth", audit.queueDepth())
          .withData("dropped", audit.dropped())
          .withData("written", audit.written());
      if (audit.currentFile() != null) {
        b.withData("file", audit.currentFile().toAbsolutePath().toString());
      }
      if (audit.lastError() != null) {
        b.withData("lastError", audit.lastError());
      }
      return b.status(audit.running()).build();
    }
  }
}
