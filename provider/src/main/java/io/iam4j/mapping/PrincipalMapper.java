package io.iam4j.mapping;

import io.iam4j.directory.Directory;
import java.util.Map;
import java.util.Optional;

/**
 * Maps an authenticated container caller (name, groups, token claims) to a tenant and an IAM
 * identity of the directory. Implementations are immutable and thread-safe; their answers depend
 * only on the caller and the directory snapshot (iam4j caches them per snapshot and caller).
 *
 * <p>The default is {@link RuleBasedPrincipalMapper}: each tenant's {@code identity-mapping.json}
 * rules, or {@code NAME@TENANT} names where a tenant has no such file. An application replaces it
 * with its own implementation.
 */
public interface PrincipalMapper {

  /** What happens to an authenticated caller the directory does not know (tenants without a mapping file). */
  enum UnknownCaller { DENY, ANONYMOUS }

  /** The tenant a caller belongs to (cheap: no directory lookup). */
  Optional<String> tenantOf(CallerInfo caller);

  /**
   * The caller's IAM identity in {@code directory}: {@link Mapping.Mapped}, {@link
   * Mapping.Anonymous} (an authenticated caller no rule maps is anonymous, and denied), or {@link
   * Mapping.Refused}. Never throws for a caller it cannot map: that is an answer too.
   */
  Mapping map(CallerInfo caller, Directory directory);

  /** The default: tenant from {@code user@tenant} names, the tenants' mapping rules, unknown callers refused. */
  static PrincipalMapper defaults() {
    return of(TenantResolver.fromCallerName('@'), UnknownCaller.DENY);
  }

  /** The rule-based mapper with tenants resolved by {@code resolver}. */
  static PrincipalMapper of(TenantResolver resolver, UnknownCaller unknown) {
    return new RuleBasedPrincipalMapper(resolver, '@', Map.of(), unknown);
  }
}
