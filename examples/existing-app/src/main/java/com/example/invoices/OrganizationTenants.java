package com.example.invoices;

import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.TenantResolver;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;
import java.util.Optional;

/**
 * Which IAM tenant a caller belongs to: its organization, which the application's identity stores
 * give as a group {@code org:NAME}. Replaces iam4j's default resolver (which reads {@code
 * user@tenant} names, and these callers have none) the standard CDI way: an enabled alternative
 * with a priority.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class OrganizationTenants implements TenantResolver {
  private static final String PREFIX = "org:";

  @Override
  public Optional<String> tenant(CallerInfo caller) {
    return caller.groups().stream().filter(g -> g.startsWith(PREFIX)).map(g -> g.substring(PREFIX.length())).findFirst();
  }
}
