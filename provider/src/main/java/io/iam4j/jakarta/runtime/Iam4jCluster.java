package io.iam4j.jakarta.runtime;

import io.iam4j.cluster.ClusterSync;
import io.iam4j.cluster.SharedCounters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Cluster mode ({@code iam4j.cluster.enabled=true}; off by default): keeps this server's
 * configuration equal to the other Payara Micro instances' over the Hazelcast Payara Micro already
 * runs, and shares the used TOTP steps and sign-in failure counters (see {@link ClusterSync}).
 *
 * <p>Settings: {@code iam4j.cluster.enabled}; {@code iam4j.cluster.jndi} (default {@code
 * payara/Hazelcast}); {@code iam4j.cluster.name} (the grid maps' prefix, default {@code iam4j}: two
 * applications clustered together need two names); {@code iam4j.cluster.members} (the members of the
 * whole cluster: a server that sees no majority of them refuses configuration writes, 0 = unknown);
 * {@code iam4j.cluster.reconcile-interval} (default {@code PT2S}); {@code iam4j.cluster.lock-timeout}
 * (default {@code PT10S}).
 *
 * <p>Enabled without a Hazelcast to join (Payara started with {@code --nohazelcast}, another server),
 * it says why in the log and runs alone.
 */
@ApplicationScoped
public class Iam4jCluster {
  private static final Logger LOG = Logger.getLogger(Iam4jCluster.class.getName());

  @Inject Iam4j iam4j;

  private volatile ClusterSync sync;
  private volatile HazelcastTransport transport;
  /** Why this server runs alone, when it does. */
  private volatile String alone = "cluster mode is off (iam4j.cluster.enabled)";

  @PostConstruct
  void start() {
    if (!Iam4jSettings.value("iam4j.cluster.enabled").map(Boolean::parseBoolean).orElse(false)) {
      return;
    }
    String jndi = Iam4jSettings.value("iam4j.cluster.jndi").orElse("payara/Hazelcast");
    Object instance;
    try {
      instance = new javax.naming.InitialContext().lookup(jndi);
    } catch (javax.naming.NamingException | RuntimeException e) {
      alone = "iam4j.cluster.enabled=true but no Hazelcast instance at JNDI " + jndi
          + " (Payara Micro started with --nohazelcast?): " + e;
      LOG.warning(() -> alone + "; this server runs alone");
      return;
    }
    ClusterSync.Settings defaults = ClusterSync.Settings.defaults();
    ClusterSync.Settings settings = new ClusterSync.Settings(
        Iam4jSettings.value("iam4j.cluster.members").map(Integer::parseInt).orElse(defaults.expectedMembers()),
        Iam4jSettings.value("iam4j.cluster.reconcile-interval").map(Duration::parse).orElse(defaults.reconcileEvery()),
        Iam4jSettings.value("iam4j.cluster.lock-timeout").map(Duration::parse).orElse(defaults.lockTimeout()));
    try {
      transport = new HazelcastTransport(instance, Iam4jSettings.value("iam4j.cluster.name").orElse("iam4j"), settings.lockTimeout());
    } catch (LinkageError | RuntimeException e) {
      alone = "iam4j.cluster.enabled=true but JNDI " + jndi + " holds no usable Hazelcast instance: " + e;
      LOG.warning(() -> alone + "; this server runs alone");
      return;
    }
    ClusterSync s = new ClusterSync(iam4j.store(), transport, settings, Clock.systemUTC());
    // Catches up before it returns: the application (and its readiness) comes after.
    s.start();
    sync = s;
    alone = null;
  }

  /** Eager: the catch-up happens while the application deploys, before it answers. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object init) {
    enabled();
  }

  @PreDestroy
  void stop() {
    ClusterSync s = sync;
    sync = null;
    if (s != null) {
      s.close();
    }
    if (transport != null) {
      transport.close();
    }
  }

  /** Whether this server is a member of a cluster (enabled and joined). */
  public boolean enabled() {
    return sync != null;
  }

  /** The synchronization, in cluster mode. */
  public Optional<ClusterSync> sync() {
    return Optional.ofNullable(sync);
  }

  /** Why this server runs alone, or empty in cluster mode. */
  public Optional<String> alone() {
    return Optional.ofNullable(alone);
  }

  /** Counters shared by every member, in cluster mode. */
  public Optional<SharedCounters> counters(String name) {
    HazelcastTransport t = transport;
    return sync == null || t == null ? Optional.empty() : Optional.of(t.counters(name));
  }
}
