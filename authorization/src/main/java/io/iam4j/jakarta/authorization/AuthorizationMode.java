package io.iam4j.jakarta.authorization;

import io.iam4j.IamException;
import java.util.Locale;
import java.util.Optional;

/**
 * The setting {@value #PROPERTY}: who asks iam4j about the application's requests.
 *
 * <ul>
 *   <li>{@code annotations} (the default): the application itself, through {@code @IamAction} and
 *       {@code @IamSecured}; and, on an EE 10 server where iam4j's JACC 2.1 provider is installed
 *       server-wide ({@code iam4j-jacc}), that provider as well: the server's install selects it.
 *   <li>{@code policy}: the server, through the Jakarta Authorization 3.0 policy the application
 *       installs for its own policy context at deployment (EE 11). No server-level install.
 * </ul>
 */
enum AuthorizationMode {
  ANNOTATIONS, POLICY;

  static final String PROPERTY = "iam4j.authorization";

  /** The mode a setting names; absent is {@code annotations}; anything else fails the deployment. */
  static AuthorizationMode of(Optional<String> setting) {
    String v = setting.map(String::trim).orElse("annotations");
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "annotations" -> ANNOTATIONS;
      case "policy" -> POLICY;
      default -> throw new IamException(PROPERTY + " is \"annotations\" (the default) or \"policy\" (Jakarta Authorization 3.0); found \"" + v + "\"");
    };
  }
}
