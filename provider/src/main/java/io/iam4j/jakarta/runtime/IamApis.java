package io.iam4j.jakarta.runtime;

import io.iam4j.iamapi.AccessKeyOperations;
import io.iam4j.iamapi.IamOperations;
import java.util.List;

/** The groups of IAM API actions the application serves (one line each). */
final class IamApis {
  private IamApis() {}

  static List<IamOperations> groups(AwsCallers callers) {
    return List.of(
        new AccessKeyOperations(callers::usage),
        new io.iam4j.iamapi.UserOperations(),
        new io.iam4j.iamapi.CredentialOperations(),
        new io.iam4j.iamapi.RoleOperations(),
        new io.iam4j.iamapi.PolicyOperations(),
        new io.iam4j.iamapi.InlinePolicyOperations(),
        new io.iam4j.iamapi.AttachmentOperations(),
        new io.iam4j.iamapi.SimulationOperations(),
        new io.iam4j.iamapi.AuthorizationDetailsOperations(),
        new io.iam4j.iamapi.ConsoleSupportOperations(() -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().trail(),
            () -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().catalog()),
        new io.iam4j.iamapi.CatalogOperations(() -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().catalog()),
        new io.iam4j.iamapi.ShadowOperations(() -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().shadow()),
        new io.iam4j.iamapi.CredentialReportOperations(callers::usage, () -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().passwordUsage()),
        new io.iam4j.iamapi.AccessAdvisorOperations(() -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().advisor(), () -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().catalog(), callers::usage, Iam4j::unusedAccessDays,
            () -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().passwordUsage()),
        new io.iam4j.iamapi.PolicyGenerationOperations(() -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().trail(),
            () -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().catalog()),
        new io.iam4j.iamapi.NoNewAccessOperations(() -> jakarta.enterprise.inject.spi.CDI.current().select(Iam4j.class).get().catalog()));
  }
}
