package io.iam4j.jakarta.runtime;

import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditLog;
import io.iam4j.audit.AuditSink;
import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigEvent;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Arns;
import io.iam4j.directory.ResourcePolicyProvider;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.shadow.ShadowEvaluator;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The iam4j runtime of one application: the configuration store (watching its tree), the decision
 * cache, the authorizer, the server key and the audit trail. One per application ({@code @ApplicationScoped});
 * thread-safe.
 *
 * <p>The parts a team changes are injected, never built here: the {@link PrincipalMapper} (and
 * through it the {@link io.iam4j.mapping.TenantResolver}), the {@link AuditSink} and the
 * application's {@link ResourcePolicyProvider}. {@link Iam4jDefaults} produces the defaults; an
 * application bean marked {@code @Alternative @Priority(...)} replaces one.
 */
@ApplicationScoped
public class Iam4j {
  private static final Logger LOG = Logger.getLogger(Iam4j.class.getName());

  @Inject Iam4jDefaults defaults;
  @Inject PrincipalMapper mapper;
  @Inject AuditSink auditSink;
  @Inject Instance<ResourcePolicyProvider> resourcePolicies;
  @Inject SignInSelection signInSelection;

  private Iam4jSettings settings;
  private ConfigStore store;
  private Authorizer authorizer;
  private ServerKey key;
  /** Observers (metrics) first, then the sink; never throws. */
  private AuditSink audit;
  private final List<AuditSink> auditObservers = new CopyOnWriteArrayList<>();
  private Enforcer enforcer;
  private ShadowEvaluator shadow;

  @PostConstruct
  void start() {
    settings = defaults.settings();
    key = defaults.key();
    ResourcePolicyProvider applicationPolicies = resourcePolicyProvider();
    // With the key, loading checks that every access key's secret was sealed by this server for that key.
    ConfigStore.Settings storeSettings = ConfigStore.Settings.of(settings.configDir()).withArns(new Arns(settings.partition())).withServerKey(key);
    // iam4j.store: files (the default, the tree under the configuration directory) or postgresql.
    io.iam4j.config.TenantStorage storage = io.iam4j.config.postgres.StorageSettings.open(Iam4jSettings::value, settings.configDir(),
        storeSettings.maxFileBytes());
    // iam4j.store.lazy: serve at once and load the tenants in the background (a tenant asked for first is loaded first).
    store = Iam4jSettings.value("iam4j.store.lazy").map(Boolean::parseBoolean).orElse(false)
        ? ConfigStore.openLazily(storeSettings, storage) : ConfigStore.open(storeSettings, storage);
    audit = this::record;
    // Before watching starts, so that the trail sees every change.
    Iam4jAudit.recordConfiguration(audit, store);
    // A database store always polls: it is how other nodes' changes arrive, and how a node started
    // during an outage loads once the database answers.
    if (settings.watch() || !storage.isFileTree()) {
      store.startWatching();
    }
    DecisionCache cache = new DecisionCache(settings.cacheMaximumSize());
    // Versions are part of every key, so stale entries are unreachable; dropping them frees memory.
    store.addListener(e -> {
      if (e.kind() != ConfigEvent.Kind.FAILED) {
        cache.invalidateAll();
      }
    });
    // A role's trust policy is its resource-based policy (sts:AssumeRole); everything else is the application's.
    ResourcePolicyProvider resources = (tenant, arn) -> {
      // Most resources are no role: only an ARN under the tenant's "role/" (every role path starts
      // with "/") is looked for among the roles, whose ARNs would otherwise be built on every decision.
      if (!arn.startsWith(store.directory().arns().role(tenant, "/", ""))) {
        return applicationPolicies.policyFor(tenant, arn);
      }
      Optional<io.iam4j.policy.Policy> trust = store.directory().tenant(tenant).flatMap(t -> t.roles().values().stream()
          .filter(r -> store.directory().arns().role(tenant, r.path(), r.name()).equals(arn)).findFirst().map(io.iam4j.directory.Role::trustPolicy));
      return trust.isPresent() ? trust : applicationPolicies.policyFor(tenant, arn);
    };
    authorizer = new Authorizer(store::directory, mapper, resources, cache);
    shadow = shadowEvaluator();
    authorizer.addObserver(shadow);
    unusedAccessDays(); // a bad setting stops the start, naming it, rather than the first request
    advisor = openAdvisor(settings.configDir());
    if (advisor != null) {
      authorizer.addObserver(advisor);
    }
    enforcer = new Enforcer(authorizer, () -> key, (http, via, action) -> Iam4jAudit.begin(this, http, via, action));

    LOG.info(() -> "iam4j started: configuration " + store.storage().describe() + ", tenants "
        + (store.directory().tenants().size() <= 20 ? store.directory().tenants().keySet() : store.directory().tenants().size() + " tenants")
        + (trail().isPresent() ? "" : ", audit events to the application's " + auditSink.getClass().getName().replaceAll("\\$Proxy\\$.*", "")));
  }

  /**
   * The application's resource policies: its one bean of the type (an {@code @Alternative
   * @Priority} one wins over others), or none. Several without a winner is a start-up error, not a
   * guess.
   */
  private ResourcePolicyProvider resourcePolicyProvider() {
    if (resourcePolicies.isAmbiguous()) {
      throw new io.iam4j.IamException("Several ResourcePolicyProvider beans: " + resourcePolicies.handlesStream()
          .map(h -> h.getBean().getBeanClass().getName()).toList() + "; mark the one iam4j uses @Alternative @Priority(...)");
    }
    return resourcePolicies.isResolvable() ? resourcePolicies.get() : ResourcePolicyProvider.NONE;
  }

  /** One audit event: to every observer, then to the sink; a failing observer or sink never fails the caller. */
  private void record(AuditEvent event) {
    for (AuditSink o : auditObservers) {
      try {
        o.record(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Audit observer failed on " + event, e);
      }
    }
    try {
      auditSink.record(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The audit sink " + auditSink.getClass().getName() + " failed on " + event, e);
    }
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

  /**
   * Shadow evaluation of draft policy versions, off the request thread: one thread, a queue of
   * {@code iam4j.shadow.queue} comparisons (default {@value ShadowEvaluator#DEFAULT_QUEUE}); beyond
   * it comparisons are dropped and counted, never waited for.
   */
  private ShadowEvaluator shadowEvaluator() {
    String setting = Iam4jSettings.value("iam4j.shadow.queue").orElse(Integer.toString(ShadowEvaluator.DEFAULT_QUEUE)).strip();
    int queue = setting.matches("[1-9][0-9]{0,8}") ? Integer.parseInt(setting) : 0;
    if (queue < 1) {
      throw new io.iam4j.IamException("iam4j.shadow.queue is a positive number of comparisons; found \"" + setting + "\"");
    }
    return new ShadowEvaluator(store::directory, authorizer::resourcePolicy, audit, ShadowEvaluator.boundedExecutor(queue),
        java.time.Clock.systemUTC());
  }

  private io.iam4j.advisor.AccessAdvisor advisor;

  /**
   * The access advisor's index, in {@code CONFIG/state/access-advisor.json}; {@code
   * iam4j.access-advisor.enabled=false} turns it off. A file that cannot be read starts it empty
   * (logged); nothing about it stops the application.
   */
  private static io.iam4j.advisor.AccessAdvisor openAdvisor(java.nio.file.Path configDir) {
    if (!Iam4jSettings.value("iam4j.access-advisor.enabled").map(Boolean::parseBoolean).orElse(true)) {
      return null;
    }
    try {
      return io.iam4j.advisor.AccessAdvisor.open(io.iam4j.advisor.AccessAdvisor.defaultFile(configDir), System::currentTimeMillis,
          io.iam4j.advisor.AccessAdvisor.DEFAULT_FLUSH_INTERVAL);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "iam4j cannot keep the access advisor's records; access advisor is off", e);
      return null;
    }
  }

  /** The access advisor's index (null when turned off). */
  public io.iam4j.advisor.AccessAdvisor advisor() {
    return advisor;
  }

  /** {@code iam4j.unused-access.days}: the default tracking period of unused access findings (90). */
  public static int unusedAccessDays() {
    String v = Iam4jSettings.value("iam4j.unused-access.days").orElse("90");
    try {
      int d = Integer.parseInt(v.trim());
      if (d >= io.iam4j.advisor.UnusedAccess.MIN_DAYS && d <= io.iam4j.advisor.UnusedAccess.MAX_DAYS) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new io.iam4j.IamException("iam4j.unused-access.days is a number of days from 1 to 365; found \"" + v + "\"");
  }

  @PreDestroy
  void stop() {
    if (shadow != null) {
      shadow.close();
    }
    if (advisor != null) {
      authorizer.removeObserver(advisor);
      advisor.close();
    }
    if (store != null) {
      store.close();
    }
    io.iam4j.config.PasswordUsage p = passwordUsage;
    if (p != null) {
      p.close();
    }
    // The default trail is closed by Iam4jDefaults; an application's sink by its own bean.
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

  /** Shadow evaluation of draft policy versions: their counts and latest differences. */
  public ShadowEvaluator shadow() {
    return shadow;
  }

  public ServerKey key() {
    return key;
  }

  private volatile io.iam4j.catalog.ActionCatalog catalog = io.iam4j.catalog.ActionCatalog.EMPTY;

  /**
   * The application's action catalog: what its annotated endpoints, CDI beans and routes declare,
   * and iam4j's own APIs. Empty until the application's endpoints are known.
   */
  public io.iam4j.catalog.ActionCatalog catalog() {
    return catalog;
  }

  void catalog(io.iam4j.catalog.ActionCatalog catalog) {
    this.catalog = java.util.Objects.requireNonNull(catalog, "catalog");
  }

  private volatile io.iam4j.config.PasswordUsage passwordUsage;

  /**
   * When each user's password last signed in ({@code CONFIG/state/passwords-last-used.json}, written
   * every minute and at shutdown): recorded by {@link DirectoryIdentityStore}, read by the credential
   * report. Null when it cannot be opened (then nothing is recorded, and sign-in goes on).
   */
  public io.iam4j.config.PasswordUsage passwordUsage() {
    io.iam4j.config.PasswordUsage p = passwordUsage;
    if (p == null) {
      synchronized (this) {
        if (passwordUsage == null) {
          try {
            passwordUsage = io.iam4j.config.PasswordUsage.open(io.iam4j.config.PasswordUsage.defaultFile(settings.configDir()),
                java.time.Clock.systemUTC(), io.iam4j.config.PasswordUsage.DEFAULT_FLUSH_INTERVAL);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "iam4j cannot keep password last-used times", e);
            return null;
          }
        }
        p = passwordUsage;
      }
    }
    return p;
  }

  private volatile io.iam4j.mapping.AssumeRoleWithWebIdentity webIdentity;

  /** STS's AssumeRoleWithWebIdentity, holding the identity providers' fetched keys (one per application). */
  public io.iam4j.mapping.AssumeRoleWithWebIdentity webIdentity() {
    io.iam4j.mapping.AssumeRoleWithWebIdentity w = webIdentity;
    if (w == null) {
      synchronized (this) {
        if (webIdentity == null) {
          webIdentity = new io.iam4j.mapping.AssumeRoleWithWebIdentity(new io.iam4j.jwt.JwksCache());
        }
        w = webIdentity;
      }
    }
    return w;
  }

  /**
   * Whether iam4j's own mechanism signs this application's callers in ({@code iam4j.sign-in}); if
   * not, the application's mechanism challenges anonymous callers ({@link SignInChallenge}).
   */
  public boolean iam4jSignsIn() {
    return signInSelection.iam4jSignsIn();
  }

  /**
   * Where audit events go: every decision, sign-in event and configuration change, to the
   * observers (metrics) and then to the {@link AuditSink} bean (by default iam4j's trail).
   */
  public AuditSink audit() {
    return audit;
  }

  /** iam4j's own trail, when it is the sink (not when the application replaced it). */
  public Optional<AuditLog> trail() {
    return auditSink instanceof AuditLog log ? Optional.of(log) : Optional.empty();
  }

  /** Tells {@code observer} about every audit event from now on, on the recording thread; it must be cheap. */
  void addAuditObserver(AuditSink observer) {
    auditObservers.add(observer);
  }
}
