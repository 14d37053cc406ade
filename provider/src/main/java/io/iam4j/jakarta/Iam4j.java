package io.iam4j.jakarta;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigEvent;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Arns;
import io.iam4j.directory.ResourcePolicyProvider;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.mapping.TenantResolver;
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
 * cache, the authorizer and the server key. One per application ({@code @ApplicationScoped});
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

  @PostConstruct
  void start() {
    settings = Iam4jSettings.fromConfig();
    key = ServerKey.fromFile(settings.keyFile());
    store = ConfigStore.open(ConfigStore.Settings.of(settings.configDir()).withArns(new Arns(settings.partition())));
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
    PrincipalMapper mapper = new PrincipalMapper(TenantResolver.fromCallerName('@'), '@', Map.of(),
        "anonymous".equalsIgnoreCase(settings.unknownCaller()) ? PrincipalMapper.UnknownCaller.ANONYMOUS : PrincipalMapper.UnknownCaller.DENY);
    // A role's trust policy is its resource-based policy (sts:AssumeRole); everything else is the application's.
    ResourcePolicyProvider resources = (tenant, arn) -> {
      Optional<io.iam4j.policy.Policy> trust = store.directory().tenant(tenant).flatMap(t -> t.roles().values().stream()
          .filter(r -> store.directory().arns().role(tenant, r.path(), r.name()).equals(arn)).findFirst().map(io.iam4j.directory.Role::trustPolicy));
      return trust.isPresent() ? trust : resourceProvider().flatMap(p -> p.policyFor(tenant, arn));
    };
    authorizer = new Authorizer(store::directory, mapper, resources, cache);
    LOG.info(() -> "iam4j started: configuration " + settings.configDir().toAbsolutePath() + ", tenants "
        + store.directory().tenants().keySet());
  }

  private Optional<ResourcePolicyProvider> resourceProvider() {
    return resourcePolicies != null && resourcePolicies.isResolvable() ? Optional.of(resourcePolicies.get()) : Optional.empty();
  }

  @PreDestroy
  void stop() {
    if (store != null) {
      store.close();
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

  public ServerKey key() {
    return key;
  }
}
