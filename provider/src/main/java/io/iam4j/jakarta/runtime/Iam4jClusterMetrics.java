package io.iam4j.jakarta.runtime;

import io.iam4j.cluster.ClusterSync;
import io.iam4j.config.ConfigEvent;
import io.iam4j.directory.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The configuration version each tenant is decided with, and this server's place in its cluster, as
 * MicroProfile Metrics (application registry; Prometheus names in brackets):
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>iam4j.config.version (iam4j_config_version)</td><td>gauge</td><td>tenant: the version serving
 *       requests here; equal on every node of a cluster in step</td></tr>
 *   <tr><td>iam4j.cluster.members</td><td>gauge</td><td>members this server sees, itself included (cluster mode)</td></tr>
 *   <tr><td>iam4j.cluster.partitioned</td><td>gauge</td><td>1 while this server sees no majority of
 *       {@code iam4j.cluster.members} (it serves its last good configuration and refuses writes), else 0</td></tr>
 *   <tr><td>iam4j.cluster.degraded</td><td>gauge</td><td>1 while it sees fewer members than expected (or than it saw), else 0</td></tr>
 *   <tr><td>iam4j.cluster.ready</td><td>gauge</td><td>1 when every cluster version is installed here</td></tr>
 *   <tr><td>iam4j.cluster.tenants.behind</td><td>gauge</td><td>tenants whose cluster version is not installed here</td></tr>
 *   <tr><td>iam4j.cluster.tenants.refused</td><td>gauge</td><td>tenants whose cluster version this server refused</td></tr>
 *   <tr><td>iam4j.cluster.last.message.age</td><td>gauge</td><td>seconds since the last change from another member (-1: none yet)</td></tr>
 * </table>
 */
@ApplicationScoped
class Iam4jClusterMetrics {
  @Inject Iam4j iam4j;
  @Inject Iam4jCluster cluster;
  @Inject MetricRegistry registry;

  private final Set<String> versionGauges = ConcurrentHashMap.newKeySet();

  void start(@Observes @Initialized(ApplicationScoped.class) Object init) {
    iam4j.store().directory().tenants().keySet().forEach(this::versionGauge);
    iam4j.store().addListener(e -> {
      if (e.kind() == ConfigEvent.Kind.ADDED) {
        versionGauge(e.tenant());
      } else if (e.kind() == ConfigEvent.Kind.REMOVED && versionGauges.remove(e.tenant())) {
        registry.remove(new MetricID("iam4j.config.version", new Tag("tenant", e.tenant())));
      }
    });
    cluster.sync().ifPresent(sync -> {
      gauge("iam4j.cluster.members", "Cluster members this server sees, itself included", () -> sync.status().members());
      gauge("iam4j.cluster.partitioned", "1 while this server sees no majority of the cluster: it serves its last good configuration",
          () -> sync.status().state() == ClusterSync.State.PARTITIONED ? 1 : 0);
      gauge("iam4j.cluster.degraded", "1 while this server sees fewer members than expected",
          () -> sync.status().state() == ClusterSync.State.DEGRADED ? 1 : 0);
      gauge("iam4j.cluster.ready", "1 when every cluster configuration version is installed here", () -> sync.status().ready() ? 1 : 0);
      gauge("iam4j.cluster.tenants.behind", "Tenants whose cluster version is not installed here", () -> sync.status().behind().size());
      gauge("iam4j.cluster.tenants.refused", "Tenants whose cluster version this server refused (the last good one serves)",
          () -> sync.status().refused().size());
      gauge("iam4j.cluster.last.message.age", "Seconds since the last configuration change from another member (-1: none yet)", () -> {
        Instant last = sync.status().lastMessageAt();
        return last == null ? -1 : Duration.between(last, Instant.now()).toSeconds();
      });
    });
  }

  private void versionGauge(String tenant) {
    if (versionGauges.add(tenant)) {
      Metadata m = Metadata.builder().withName("iam4j.config.version")
          .withDescription("The configuration version this server decides the tenant's requests with").build();
      registry.gauge(m, () -> (Number) iam4j.store().directory().tenant(tenant).map(Tenant::version).orElse(0L),
          (Function<Supplier<Number>, Number>) Supplier::get, new Tag("tenant", tenant));
    }
  }

  private void gauge(String name, String description, Supplier<Number> value) {
    Metadata m = Metadata.builder().withName(name).withDescription(description).build();
    registry.gauge(m, value, (Function<Supplier<Number>, Number>) Supplier::get);
  }
}
