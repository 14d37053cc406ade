package io.iam4j.signin;

import static io.iam4j.signin.SigninFixtures.HASH;
import static io.iam4j.signin.SigninFixtures.OTHER_HASH;
import static io.iam4j.signin.SigninFixtures.directory;
import static io.iam4j.signin.SigninFixtures.tenant;
import static io.iam4j.signin.SigninFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.directory.Credentials;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Tags;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A browser session lives only as long as the credential version it was made with, and its lifetimes. */
class SessionCheckTest {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  final SessionCheck check = new SessionCheck(new SessionSettings(Duration.ofHours(8), Duration.ofMinutes(30), "Lax", List.of()),
      new CredentialVersions());
  final User bob = user("bob", HASH, "Developers", "Auditors");
  final Tenant v1 = tenant("acme", 1, List.of(bob), List.of());

  BrowserSession signIn() {
    return check.start("bob@acme", v1, "bob", false, T0).orElseThrow();
  }

  @Test
  void refusal_sameCredential_none() {
    BrowserSession s = signIn();
    assertEquals(Optional.empty(), check.refusal(s, directory(v1), T0.plusSeconds(60)));
    Tenant unrelatedChange = tenant("acme", 2, List.of(bob, user("carol", HASH)), List.of());
    assertEquals(Optional.empty(), check.refusal(s, directory(unrelatedChange), T0.plusSeconds(60)),
        "another user's change does not end bob's session");
  }

  @Test
  void refusal_userDeleted() {
    BrowserSession s = signIn();
    assertEquals(Optional.of("the user no longer exists"), check.refusal(s, directory(tenant("acme", 2, List.of(), List.of())), T0));
  }

  @Test
  void refusal_tenantRemoved() {
    assertEquals(Optional.of("the tenant no longer exists"), check.refusal(signIn(), directory(), T0));
  }

  @Test
  void refusal_passwordChanged() {
    Tenant v2 = tenant("acme", 2, List.of(user("bob", OTHER_HASH, "Developers", "Auditors")), List.of());
    assertTrue(check.refusal(signIn(), directory(v2), T0).orElseThrow().contains("credentials or groups changed"));
  }

  @Test
  void refusal_groupLeft() {
    Tenant v2 = tenant("acme", 2, List.of(user("bob", HASH, "Developers")), List.of());
    assertTrue(check.refusal(signIn(), directory(v2), T0).isPresent());
  }

  @Test
  void refusal_mfaDeviceChanged() {
    User withDevice = new User("bob", "/", bob.id(), Tags.NONE, bob.groups(), List.of(), List.of(), null, new Credentials(HASH, "enc:xyz"));
    assertTrue(check.refusal(signIn(), directory(tenant("acme", 2, List.of(withDevice), List.of())), T0).isPresent());
  }

  @Test
  void refusal_userRecreatedUnderAnotherId() {
    User recreated = new User("bob", "/", "AIDAOTHER", Tags.NONE, bob.groups(), List.of(), List.of(), null, bob.credentials());
    assertTrue(check.refusal(signIn(), directory(tenant("acme", 2, List.of(recreated), List.of())), T0).isPresent());
  }

  @Test
  void refusal_idleTooLong_butActivityKeepsItAlive() {
    BrowserSession s = signIn();
    Directory d = directory(v1);
    assertEquals(Optional.of("the session was idle too long"), check.refusal(s, d, T0.plus(Duration.ofMinutes(30))));
    BrowserSession active = s.seen(T0.plus(Duration.ofMinutes(29)));
    assertEquals(Optional.empty(), check.refusal(active, d, T0.plus(Duration.ofMinutes(50))));
  }

  @Test
  void refusal_absoluteLifetimeEnded_evenWhenActive() {
    BrowserSession s = signIn().seen(T0.plus(Duration.ofHours(8)).minusSeconds(1));
    assertEquals(Optional.of("the session's absolute lifetime ended"), check.refusal(s, directory(v1), T0.plus(Duration.ofHours(8))));
  }

  @Test
  void start_unknownUser_noSession() {
    assertTrue(check.start("nobody@acme", v1, "nobody", false, T0).isEmpty());
  }

  @Test
  void fingerprint_changesWithEachBoundField_notWithTags() {
    String base = CredentialVersions.fingerprint("acme", bob);
    assertNotEquals(base, CredentialVersions.fingerprint("globex", bob));
    assertNotEquals(base, CredentialVersions.fingerprint("acme", user("bob", OTHER_HASH, "Developers", "Auditors")));
    assertNotEquals(base, CredentialVersions.fingerprint("acme", user("bob", HASH, "Developers")));
    assertNotEquals(base, CredentialVersions.fingerprint("acme", user("bob", null, "Developers", "Auditors")));
    assertEquals(base, CredentialVersions.fingerprint("acme", user("bob", HASH, "Auditors", "Developers")), "group order is not a change");
    User tagged = new User("bob", "/", bob.id(), new Tags(java.util.Map.of("team", "x")), bob.groups(), List.of(), List.of(), null,
        bob.credentials());
    assertEquals(base, CredentialVersions.fingerprint("acme", tagged), "tags are policy input, not the credential");
  }

  @Test
  void current_cachedPerTenantVersion() {
    CredentialVersions versions = new CredentialVersions();
    String first = versions.current(v1, "bob").orElseThrow();
    assertEquals(first, versions.current(v1, "bob").orElseThrow());
    Tenant v2 = tenant("acme", 2, List.of(user("bob", OTHER_HASH, "Developers", "Auditors")), List.of());
    assertNotEquals(first, versions.current(v2, "bob").orElseThrow(), "a new version is a new key");
  }
}
