package io.iam4j.signin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.iam4j.config.TenantLoader;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers when roles were deleted, so that a role deleted and re-created under the same name (and,
 * from an unchanged file, the same derived id) still refuses the tokens issued before its deletion.
 * A token lives at most {@link TenantLoader#MAX_SESSION_SECONDS}, so a deletion is remembered that
 * long and no longer. Thread-safe; bounded memory. Kept in memory: a deletion and re-creation across
 * a restart is covered by the role's {@code id} or {@code sessionsValidAfter} instead.
 */
public final class RoleDeletions {
  /** Deleted roles remembered at once; beyond it the oldest deletions are forgotten. */
  public static final long MAX_REMEMBERED = 100_000;

  private record Key(String tenant, String role) {}

  private final Cache<Key, Instant> deletedAt;

  public RoleDeletions(Ticker ticker) {
    this.deletedAt = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED)
        .expireAfterWrite(Duration.ofSeconds(TenantLoader.MAX_SESSION_SECONDS)).ticker(ticker).build();
  }

  /** Records the roles {@code before} had and {@code after} lacks (whole tenants removed included). */
  public void observe(Directory before, Directory after, Instant now) {
    if (before == null || after == null) {
      return;
    }
    for (Tenant old : before.tenants().values()) {
      Optional<Tenant> current = after.tenant(old.id());
      for (String role : old.roles().keySet()) {
        if (current.isEmpty() || !current.get().roles().containsKey(role)) {
          deletedAt.put(new Key(old.id(), role), now);
        }
      }
    }
  }

  /** When the role was last seen deleted, if that is remembered. */
  public Optional<Instant> deletedAt(String tenant, String role) {
    return Optional.ofNullable(deletedAt.getIfPresent(new Key(tenant, role)));
  }
}
