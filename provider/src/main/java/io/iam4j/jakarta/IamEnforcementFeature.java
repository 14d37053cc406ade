package io.iam4j.jakarta;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Registers {@link IamRequestFilter} on every resource method annotated with {@link IamAction} (on
 * the method or its class), and, when {@code iam4j.enforcement.default=deny}, on every other method
 * not marked {@link IamPublic}, which the filter then refuses. Applications enable it by declaring a
 * {@code @Provider} subclass, so that adding the jar never changes an application by itself.
 */
public class IamEnforcementFeature implements DynamicFeature {
  @Override
  public void configure(ResourceInfo info, FeatureContext context) {
    if (Targets.annotation(info.getResourceClass(), info.getResourceMethod()) != null
        || Iam4jSettings.denyByDefault() && !Targets.isPublic(info.getResourceClass(), info.getResourceMethod())) {
      context.register(IamRequestFilter.class);
    }
  }
}
