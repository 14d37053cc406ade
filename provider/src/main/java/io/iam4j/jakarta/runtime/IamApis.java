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
        new io.iam4j.iamapi.SimulationOperations(),
        new io.iam4j.iamapi.AuthorizationDetailsOperations());
  }
}
