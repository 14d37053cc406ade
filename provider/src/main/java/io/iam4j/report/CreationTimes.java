package io.iam4j.report;

import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a user, or a tenant's root, was created, for the files that do not say. CreateUser writes a
 * user's {@code "created"}; a user file written by hand has none, and a tenant has no creation date
 * at all. Then the closest recorded fact is the file's last-modified time (the same fallback
 * GetUser's {@code CreateDate} uses): never a made-up date.
 */
public interface CreationTimes {
  /** When {@code user} (whose file has no {@code "created"}) was created; null when unknown. */
  Instant user(Tenant tenant, User user);

  /** When the tenant (its root) was created; null when unknown. */
  Instant root(Tenant tenant);

  /** Nothing known: every fallback is {@code no_information}. */
  CreationTimes UNKNOWN = new CreationTimes() {
    @Override
    public Instant user(Tenant tenant, User user) {
      return null;
    }

    @Override
    public Instant root(Tenant tenant) {
      return null;
    }
  };

  /**
   * The files of the configuration tree under {@code configDir}: {@code tenants/T/users/NAME.json}'s
   * last-modified time for a user; for the root {@code tenants/T/tenant.json}'s, else the tenant
   * directory's.
   */
  static CreationTimes files(Path configDir) {
    return new CreationTimes() {
      @Override
      public Instant user(Tenant tenant, User user) {
        return modified(configDir.resolve("tenants").resolve(tenant.id()).resolve("users").resolve(user.name() + ".json"));
      }

      @Override
      public Instant root(Tenant tenant) {
        Path dir = configDir.resolve("tenants").resolve(tenant.id());
        Instant t = modified(dir.resolve("tenant.json"));
        return t != null ? t : modified(dir);
      }
    };
  }

  private static Instant modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toInstant().truncatedTo(ChronoUnit.SECONDS);
    } catch (IOException e) {
      return null;
    }
  }
}
