package io.iam4j.jakarta.runtime;

import io.iam4j.IamException;
import io.iam4j.audit.AuditLog;
import io.iam4j.audit.AuditSink;
import io.iam4j.authz.Authorizer;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.mapping.RuleBasedPrincipalMapper;
import io.iam4j.mapping.TenantResolver;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;

/**
 * iam4j's default for each part an application may replace, as CDI producers. {@link Iam4j}
 * injects the parts, never builds them, so a bean of the application marked {@code @Alternative
 * @Priority(...)} takes a default's place:
 *
 * <table>
 *   <caption>Replaceable parts</caption>
 *   <tr><th>type</th><th>default</th></tr>
 *   <tr><td>{@link TenantResolver}</td><td>from {@code iam4j.tenant.resolver} ({@link MappingSettings})</td></tr>
 *   <tr><td>{@link PrincipalMapper}</td><td>{@code user@tenant} names through the tenant resolver, container
 *       groups through {@code iam4j.group-mapping}, unknown callers per {@code iam4j.unknown-caller}</td></tr>
 *   <tr><td>{@link AuditSink}</td><td>iam4j's signed, hash-chained trail ({@code iam4j.audit.*})</td></tr>
 *   <tr><td>{@link io.iam4j.directory.ResourcePolicyProvider}</td><td>no default bean: an application bean of
 *       the type is used when there is one (none: no resource has a policy); roles' trust policies are
 *       always the directory's</td></tr>
 * </table>
 *
 * <p>The producers are {@code @Dependent}: each part is made once, for the one {@link Iam4j} of the
 * application. This bean also holds the settings and the server key, which the defaults and the
 * runtime share.
 */
@ApplicationScoped
class Iam4jDefaults {
  private static final Logger LOG = Logger.getLogger(Iam4jDefaults.class.getName());

  private Iam4jSettings settings;
  private ServerKey key;
  private AuditLog trail;

  synchronized Iam4jSettings settings() {
    if (settings == null) {
      settings = Iam4jSettings.fromConfig();
    }
    return settings;
  }

  synchronized ServerKey key() {
    if (key == null) {
      try {
        key = ServerKey.fromFile(settings().keyFile());
      } catch (IamException e) {
        // Refuse to start (a key file others can read, a broken file), saying why where operators look first.
        LOG.severe(e.getMessage());
        throw e;
      }
    }
    return key;
  }

  @Produces
  @Dependent
  TenantResolver tenantResolver() {
    return MappingSettings.tenantResolver(Iam4jSettings.value(MappingSettings.TENANT_RESOLVER));
  }

  @Produces
  @Dependent
  PrincipalMapper principalMapper(TenantResolver tenants) {
    return new RuleBasedPrincipalMapper(tenants, '@', MappingSettings.groupMapping(Iam4jSettings.value(MappingSettings.GROUP_MAPPING)),
        "anonymous".equalsIgnoreCase(settings().unknownCaller()) ? PrincipalMapper.UnknownCaller.ANONYMOUS : PrincipalMapper.UnknownCaller.DENY);
  }

  /** The trail, opened once however often it is injected; closed with the application. */
  @Produces
  @Dependent
  synchronized AuditSink auditTrail() {
    if (trail == null) {
      trail = Iam4jAudit.openTrail(settings(), key());
    }
    return trail;
  }

  /**
   * The API an application injects rather than the runtime: the authorizer (decide in code, as the
   * annotations do), the configuration store (read the directory, its status, or write through its
   * writer) and the server key (seal and open what iam4j seals: tokens, MFA seeds, messages).
   */
  @Produces
  @Dependent
  Authorizer authorizer(Iam4j iam4j) {
    return iam4j.authorizer();
  }

  @Produces
  @Dependent
  ConfigStore configStore(Iam4j iam4j) {
    return iam4j.store();
  }

  @Produces
  @Dependent
  ServerKey serverKey() {
    return key();
  }

  @PreDestroy
  synchronized void close() {
    if (trail != null) {
      trail.close();
    }
  }
}
