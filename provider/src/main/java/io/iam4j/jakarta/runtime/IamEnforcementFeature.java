package io.iam4j.jakarta.runtime;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamPublic;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Registers {@link IamRequestFilter} on every resource method annotated with {@link IamAction} (on
 * the method or its class), and, when {@code iam4j.enforcement.default=deny}, on every other method
 * not marked {@link IamPublic}, which the filter then refuses. A {@code @Provider}: Jakarta REST finds
 * it in the application's {@code WEB-INF/lib} (the servlet container scans the jars of the war for
 * {@code @Provider} and {@code @Path} classes), so adding the jar turns enforcement on. An
 * application whose {@code Application} subclass lists its classes ({@code getClasses()}) turns off
 * that scan and lists this class and {@link IamAccessDeniedMapper} too.
 */
@Provider
public class IamEnforcementFeature implements DynamicFeature {
  @Override
  public void configure(ResourceInfo info, FeatureContext context) {
    if (Targets.annotation(info.getResourceClass(), info.getResourceMethod()) != null
        || Iam4jSettings.denyByDefault() && !Targets.isPublic(info.getResourceClass(), info.getResourceMethod())) {
      // The class, not an instance: Jersey injects the @Context fields of the classes it creates.
      context.register(IamRequestFilter.class);
    }
  }
}
