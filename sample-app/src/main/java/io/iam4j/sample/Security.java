package io.iam4j.sample;

import io.iam4j.jakarta.DirectoryIdentityStore;
import io.iam4j.jakarta.Iam4jAuthenticationMechanism;
import io.iam4j.jakarta.IamAccessDeniedMapper;
import io.iam4j.jakarta.IamEnforcementFeature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ext.Provider;

/** Turns on iam4j for this application: sign-in from the directory, and IAM checks on annotated endpoints. */
final class Security {
  private Security() {}

  /**
   * Callers are the users of the tenant configuration ({@code alice@acme}); their container roles are
   * their IAM groups qualified by tenant ({@code Developers@acme}).
   */
  @ApplicationScoped
  public static class IdentityStore extends DirectoryIdentityStore {}

  /**
   * BASIC for scripts, a form for browsers, bearer tokens for role sessions; MFA by TOTP. No
   * {@code @AutoApplySession}: the mechanism owns its sessions (only the form creates one, bound to
   * the credential's version), and BASIC and bearer requests stay stateless.
   */
  @ApplicationScoped
  public static class Mechanism extends Iam4jAuthenticationMechanism {}

  /** Every {@code @IamAction} method is decided by IAM policies. */
  @Provider
  public static class Enforcement extends IamEnforcementFeature {}

  /** Denials from {@code @IamSecured} beans become IAM's 403. */
  @Provider
  public static class Denials extends IamAccessDeniedMapper {}
}
