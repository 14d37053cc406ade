package io.iam4j.jakarta.runtime;

import io.iam4j.IamException;

/**
 * Whether iam4j's program credentials ({@link ProgramSignIn}) are accepted beside a mechanism of the
 * application's own, from the setting {@code iam4j.sign-in.programs}.
 *
 * <ul>
 *   <li>{@code auto} (the default): yes where the server has Jakarta Security 4.0 (Jakarta EE 11),
 *       the application signs callers in itself ({@link SignInMode}) and it has no {@code
 *       HttpAuthenticationMechanismHandler} of its own ({@link ProgramRouting}). On Jakarta Security
 *       3.0 (EE 10) there is no way to choose a mechanism per request: no, and iam4j says so at
 *       deployment.
 *   <li>{@code off}: never; every request is the application's mechanism's.
 * </ul>
 *
 * Where iam4j signs callers in itself, its mechanism accepts these credentials whatever this says.
 */
enum ProgramsMode {
  AUTO, OFF;

  static final String PROPERTY = "iam4j.sign-in.programs";

  /** The setting's value, or an error naming the setting and what it accepts. */
  static ProgramsMode of(String setting) {
    String v = setting == null ? "auto" : setting.trim();
    return switch (v) {
      case "auto" -> AUTO;
      case "off" -> OFF;
      default -> throw new IamException(PROPERTY + " is \"auto\" (the default) or \"off\"; found \"" + setting + "\"");
    };
  }
}
