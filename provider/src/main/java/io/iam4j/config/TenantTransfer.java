package io.iam4j.config;

import io.iam4j.IamException;
import io.iam4j.directory.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Moves a tenant from one storage to another ({@code bin/iam config export} and {@code import}):
 * its documents are read from the source, validated as a whole by the destination's loader, and
 * written through the destination store's {@link ConfigWriter} in one versioned, audited change, so
 * that a broken source never replaces a good tenant (nothing is written, the problems are located)
 * and the destination's validation, versions and events apply as for any write.
 */
public final class TenantTransfer {
  private TenantTransfer() {}

  /**
   * What a transfer did.
   *
   * @param changed the files written or removed in the destination (empty: it already held them)
   * @param version the destination's version of the tenant afterwards
   */
  public record Result(String tenant, List<String> changed, long version) {
    public Result {
      changed = List.copyOf(changed);
    }
  }

  /**
   * Copies {@code tenant} from {@code source} into {@code destination}, making the destination's
   * documents exactly the source's (files the source lacks are removed).
   *
   * @throws ConfigException when the source's documents do not load (nothing written)
   * @throws ConfigConflictException when the destination changed during the copy (nothing written)
   */
  public static Result copy(TenantStorage source, ConfigStore destination, String tenant, String actor) {
    TenantStorage.Stored from = source.read(tenant);
    if (from == null) {
      throw new IamException("No tenant " + tenant + " in " + source.describe());
    }
    if (!from.problems().isEmpty()) {
      throw new ConfigException(from.problems());
    }
    TenantStorage.Stored to = destination.storage().read(tenant);
    Map<String, String> before = to == null ? Map.of() : to.files();
    List<FileChange> changes = new ArrayList<>();
    for (String path : new TreeSet<>(before.keySet())) {
      if (!from.files().containsKey(path)) {
        changes.add(FileChange.delete(path));
      }
    }
    from.files().forEach((path, content) -> {
      if (!content.equals(before.get(path))) {
        changes.add(FileChange.put(path, content));
      }
    });
    Tenant serving = destination.directory().tenant(tenant).orElse(null);
    if (changes.isEmpty() && serving != null) {
      return new Result(tenant, List.of(), serving.version());
    }
    Tenant written = destination.writer().write(tenant, serving == null ? 0 : serving.version(), changes, actor);
    return new Result(tenant, changes.stream().map(FileChange::path).toList(), written.version());
  }
}
