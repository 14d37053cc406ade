package io.iam4j.signin;

import com.github.benmanes.caffeine.cache.Ticker;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Credentials;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Group;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tags;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Directories, users and roles for the sign-in tests, and a hand-driven ticker. */
final class SigninFixtures {
  static final String HASH = "PBKDF2WithHmacSHA256:210000:c2FsdHNhbHQ=:aGFzaGhhc2g=";
  static final String OTHER_HASH = "PBKDF2WithHmacSHA256:210000:c2FsdHNhbHQ=:b3RoZXJoYXNo";

  private SigninFixtures() {}

  static User user(String name, String hash, String... groups) {
    return new User(name, "/", "AIDA" + name.toUpperCase(), Tags.NONE, List.of(groups), List.of(), List.of(), null,
        hash == null ? null : new Credentials(hash, null));
  }

  static Role role(String name, String id, Instant sessionsValidAfter) {
    return new Role(name, "/", id, Tags.NONE, null, List.of(), List.of(), null, 3600, sessionsValidAfter);
  }

  static Tenant tenant(String id, long version, List<User> users, List<Role> roles) {
    Map<String, User> u = new java.util.TreeMap<>();
    users.forEach(x -> u.put(x.name(), x));
    Map<String, Role> r = new java.util.TreeMap<>();
    roles.forEach(x -> r.put(x.name(), x));
    Map<String, Group> g = Map.of("Developers", new Group("Developers", "/", List.of(), List.of()),
        "Auditors", new Group("Auditors", "/", List.of(), List.of()));
    return new Tenant(id, version, "", u, g, r, Map.of(), List.of(), false, "f" + version);
  }

  static Directory directory(Tenant... tenants) {
    return new Directory(Arns.DEFAULT, List.of(tenants), Map.of());
  }

  /** A Caffeine ticker moved by hand. */
  static final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000);

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }
}
