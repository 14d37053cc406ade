package io.iam4j.jakarta.runtime;

import io.iam4j.IamException;
import java.util.List;

/**
 * Who signs callers in, from the setting {@code iam4j.sign-in} and what the application declares.
 *
 * <ul>
 *   <li>{@code auto} (the default): iam4j's mechanism and directory identity store when the
 *       application declares no authentication mechanism of its own; the application's otherwise.
 *   <li>{@code iam4j}: always iam4j's. An application mechanism beside it is a deployment error
 *       (two mechanisms cannot both answer one request).
 *   <li>{@code container}: never iam4j's; the application's mechanism (or the server's) signs
 *       callers in and iam4j maps them.
 * </ul>
 */
enum SignInMode {
  AUTO, IAM4J, CONTAINER;

  /** The setting's value, or an error naming the setting and what it accepts. */
  static SignInMode of(String setting) {
    String v = setting == null ? "auto" : setting.trim();
    return switch (v) {
      case "auto" -> AUTO;
      case "iam4j" -> IAM4J;
      case "container" -> CONTAINER;
      default -> throw new IamException("iam4j.sign-in is \"auto\" (the default), \"iam4j\" or \"container\"; found \"" + setting + "\"");
    };
  }

  /**
   * Whether iam4j's mechanism and identity store are installed.
   *
   * @param applicationMechanisms what the application declares (class names, with the annotation or
   *     interface found on each), empty when none
   * @throws IamException when {@code iam4j} is forced next to a mechanism of the application
   */
  boolean installsIam4j(List<String> applicationMechanisms) {
    return switch (this) {
      case CONTAINER -> false;
      case AUTO -> applicationMechanisms.isEmpty();
      case IAM4J -> {
        if (!applicationMechanisms.isEmpty()) {
          throw new IamException("iam4j.sign-in is \"iam4j\", but the application declares its own authentication mechanism ("
              + String.join(", ", applicationMechanisms) + "): remove it, or set iam4j.sign-in to \"auto\" or \"container\"");
        }
        yield true;
      }
    };
  }
}
