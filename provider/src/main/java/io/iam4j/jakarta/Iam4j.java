package io.iam4j.jakarta;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigEvent;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Arns;
import io.iam4j.directory.ResourcePolicyProvider;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.mapping.RuleBasedPrincipalMapper;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The iam4j runtime of one application: the configuration store (watching its tree), the decision
 * cache, the authorizer, the server key and the audit trail. One per application ({@code @ApplicationScoped});
 * thread-safe. Applications supply resource policies by exposing a {@link ResourcePolicyProvider}
 * bean.
 */
@ApplicationScoped
public class Iam4j {
  private static final Logger LOG = Logger.getLogger(Iam4j.class.getName());

  @Inject Instance<ResourcePolicyProvider> resourcePolicies;

  private Iam4jSettings settings;
  private ConfigStore store;
  private Authorizer authorizer;
  private ServerKey key;
  private io.iam4j.audit.AuditLog audit;
  private Enforcer enforcer;

  @PostConstruct
  void start() {
    settings = Iam4jSettings.fromConfig();
    try {
      key = ServerKey.fromFile(settings.keyFile());
    } catch (io.iam4j.IamException e) {
      // Refuse to start (a key file others can read, a broken file), saying why where operators look first.
      LOG.severe(e.getMessage());
      throw e;
    }
    store = ConfigStore.open(ConfigStore.Settings.of(settings.configDir()).withArns(new Arns(settings.partition())));
    // Before watching starts, so that the trail sees every change.
    audit = Iam4jAudit.open(settings, key, store);
    if (settings.watch()) {
      store.startWatching();
    }
    DecisionCache cache = new DecisionCache(settings.cacheMaximumSize());
    // Versions are part of every key, so stale entries are unreachable; dropping them frees memory.
    store.addListener(e -> {
      if (e.kind() != ConfigEvent.Kind.FAILED) {
        cache.invalidateAll();
      }
    });
    PrincipalMapper mapper = new RuleBasedPrincipalMapper(Iam4jSettings.tenantResolver(), '@', Map.of(),
        "anonymous".equalsIgnoreCase(settings.unknownCaller()) ? PrincipalMapper.UnknownCaller.ANONYMOUS : PrincipalMapper.UnknownCaller.DENY);
    // A role's trust policy is its resource-based policy (sts:AssumeRole); everything else is the application's.
    ResourcePolicyProvider resources = (tenant, arn) -> {
      Optional<io.iam4j.policy.Policy> trust = store.directory().tenant(tenant).flatMap(t -> t.roles().values().stream()
          .filter(r -> store.directory().arns().role(tenant, r.path(), r.name()).equals(arn)).findFirst().map(io.iam4j.directory.Role::trustPolicy));
      return trust.isPresent() ? trust : resourceProvider().flatMap(p -> p.policyFor(tenant, arn));
    };
    authorizer = new Authorizer(store::directory, mapper, resources, cache);
    enforcer = new Enforcer(authorizer, () -> key, (http, via, action) -> Iam4jAudit.begin(this, http, via, action));

    LOG.info(() -> "iam4j started: configuration " + settings.configDir().toAbsolutePath() + ", tenants "
        + store.directory().tenants().keySet());
  }

  /** Eager start: the Jakarta Authorization provider may need this runtime before any bean is used. */
  void onStart(@jakarta.enterprise.event.Observes @jakarta.enterprise.context.Initialized(ApplicationScoped.class) Object init) {
    authorizer();
  }

  /**
   * This application's answers for iam4j's Jakarta Authorization provider: the routes of its
   * annotations plus its route file ({@code iam4j.jacc.routes}, default {@code CONFIG/routes.json});
   * {@code iam4j.jacc.unmatched} ({@code deny}, the default, or {@code container}) decides requests
   * no route covers.
   */
  public io.iam4j.jakarta.jacc.JaccDecider jaccDecider(io.iam4j.jakarta.jacc.RouteCatalog annotated) {
    java.nio.file.Path routesFile = Iam4jSettings.value("iam4j.jacc.routes").map(java.nio.file.Path::of)
        .orElse(settings.configDir().resolve("routes.json"));
    io.iam4j.jakarta.jacc.RouteCatalog routes = annotated;
    if (java.nio.file.Files.isRegularFile(routesFile)) {
      try {
        routes = routes.plus(io.iam4j.jakarta.jacc.RouteCatalog.fromJson(java.nio.file.Files.readString(routesFile), routesFile.toString()));
      } catch (java.io.IOException e) {
        throw new io.iam4j.IamException("Cannot read " + routesFile + ": " + e.getMessage(), e);
      }
    }
    String unmatchedSetting = Iam4jSettings.value("iam4j.jacc.unmatched").orElse("deny");
    if (!unmatchedSetting.equals("deny") && !unmatchedSetting.equals("container")) {
      throw new io.iam4j.IamException("iam4j.jacc.unmatched is \"deny\" (the default) or \"container\"; found \"" + unmatchedSetting + "\"");
    }
    io.iam4j.jakarta.jacc.JaccDecider.Unmatched unmatched = unmatchedSetting.equals("deny")
        ? io.iam4j.jakarta.jacc.JaccDecider.Unmatched.DENY : io.iam4j.jakarta.jacc.JaccDecider.Unmatched.CONTAINER;
    return new io.iam4j.jakarta.jacc.JaccDecider(enforcer, routes, unmatched);
  }

  private Optional<ResourcePolicyProvider> resourceProvider() {
    return resourcePolicies != null && resourcePolicies.isResolvable() ? Optional.of(resourcePolicies.get()) : Optional.empty();
  }

  @PreDestroy
  void stop() {
    if (store != null) {
      store.close();
    }
    if (audit != null) {
      audit.close();
    }
  }

  public Iam4jSettings settings() {
    return settings;
  }

  public ConfigStore store() {
    return store;
  }

  public Authorizer authorizer() {
    return authorizer;
  }

  /** The one enforcement path every adapter (filter, interceptor, Jakarta Authorization) goes through. */
  public Enforcer enforcer() {
    return enforcer;
  }

  public ServerKey key() {
    return key;
  }

  /** The audit trail: every decision and configuration change (see {@link Iam4jAudit} for its settings). */
  public io.iam4j.audit.AuditLog audit() {
    return audit;
  }
}
