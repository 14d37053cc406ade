package io.iam4j.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest acknowledged configuration of one tenant, as the cluster holds it: its version, the
 * fingerprint of its files and the files themselves (whole, so that a node that missed changes, or
 * joins late, can take it as it is). No files: the tenant was removed at that version.
 *
 * @param version the version every node installs it at (the acknowledging node's)
 * @param fingerprint {@link io.iam4j.config.TenantLoader#fingerprint} of {@code files}
 * @param files relative path to content
 * @param origin the member that acknowledged it
 * @param actor who made the change on that member (its audit actor), or {@code "file edit"}
 * @param publishedAtMillis when the origin published it (epoch milliseconds, the origin's clock)
 */
public record TenantState(String tenant, long version, String fingerprint, Map<String, String> files, String origin,
    String actor, long publishedAtMillis) {
  // Metadata keys of the encoded form: tenant files are relative paths ending in ".json", never these.
  private static final String TENANT = "@tenant";
  private static final String VERSION = "@version";
  private static final String FINGERPRINT = "@fingerprint";
  private static final String ORIGIN = "@origin";
  private static final String ACTOR = "@actor";
  private static final String AT = "@publishedAt";

  public TenantState {
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
  }

  public boolean removed() {
    return files.isEmpty();
  }

  /**
   * As one map of strings: what a transport stores and ships. Plain JDK types, so that the grid
   * never has to load an application class (its event threads do not see the application's class
   * loader).
   */
  public HashMap<String, String> encode() {
    HashMap<String, String> out = new HashMap<>(files);
    out.put(TENANT, tenant);
    out.put(VERSION, Long.toString(version));
    out.put(FINGERPRINT, fingerprint);
    out.put(ORIGIN, origin);
    out.put(ACTOR, actor == null ? "" : actor);
    out.put(AT, Long.toString(publishedAtMillis));
    return out;
  }

  /** The inverse of {@link #encode()}. */
  public static TenantState decode(Map<String, String> encoded) {
    Map<String, String> files = new TreeMap<>();
    encoded.forEach((k, v) -> {
      if (!k.startsWith("@")) {
        files.put(k, v);
      }
    });
    return new TenantState(encoded.get(TENANT), Long.parseLong(encoded.get(VERSION)), encoded.get(FINGERPRINT), files,
        encoded.get(ORIGIN), encoded.get(ACTOR), Long.parseLong(encoded.getOrDefault(AT, "0")));
  }

  @Override
  public String toString() {
    // Never the files: they hold password hashes and sealed secrets.
    return "TenantState[" + tenant + " v" + version + (removed() ? " removed" : " " + files.size() + " files") + " from " + origin + "]";
  }
}
