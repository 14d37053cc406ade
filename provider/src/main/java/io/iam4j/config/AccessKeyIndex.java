package io.iam4j.config;

import io.iam4j.directory.AccessKey;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Which tenant holds which access key id, for a lazy start (see {@link TenantStorage#accessKeyTenant}):
 * the key ids of a tenant, and the files storage's index, a file under {@code CONFIG/state}.
 *
 * <p>The file ({@code state/access-key-tenants.txt}) has one {@code KEYID TENANT} line per key. It is
 * kept from what the store loads ({@link #changed}, {@link #replace}) and written every few seconds
 * when it changed and at close, atomically. It is a hint: a stale or edited line makes the store
 * load the tenant it names, which serves the key only if its own validated files hold it, so the
 * worst a wrong index does is deny a key until the background load has read every tenant.
 */
public final class AccessKeyIndex implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AccessKeyIndex.class.getName());
  static final String FILE = "access-key-tenants.txt";
  /** AWS's access key id shape (16 to 128 word characters); anything else in the file is skipped. */
  private static final Pattern KEY_ID = Pattern.compile("\\w{16,128}");

  private final Path file;
  /** Read on first use: a store that is not lazy never pays for it. */
  private volatile Map<String, String> keys;
  private final StateFile writer;

  AccessKeyIndex(Path file) {
    this.file = file;
    this.writer = StateFile.open(file, "access key index", LOG, "iam4j-access-key-index", Duration.ofSeconds(5), this::write);
  }

  /** The tenant the index names for {@code keyId}, or null. */
  String tenant(String keyId) {
    return keys().get(keyId);
  }

  private Map<String, String> keys() {
    Map<String, String> k = keys;
    if (k == null) {
      synchronized (this) {
        k = keys;
        if (k == null) {
          keys = k = read(file);
        }
      }
    }
    return k;
  }

  /** A tenant's keys changed from {@code before} to {@code after} (removed: after is empty). */
  void changed(String tenant, Set<String> before, Set<String> after) {
    Map<String, String> k = keys();
    boolean dirty = false;
    for (String id : before) {
      if (!after.contains(id) && k.remove(id, tenant)) {
        dirty = true;
      }
    }
    for (String id : after) {
      if (!tenant.equals(k.put(id, tenant))) {
        dirty = true;
      }
    }
    if (dirty) {
      writer.changed();
    }
  }

  /** Every key served after a full load: the index becomes exactly that. */
  void replace(Map<String, String> all) {
    Map<String, String> k = keys();
    if (!k.equals(all)) {
      k.keySet().retainAll(all.keySet());
      k.putAll(all);
      writer.changed();
    }
  }

  private void write() throws IOException {
    StringBuilder sb = new StringBuilder("# iam4j: which tenant holds each access key id (KEYID TENANT), for a lazy start."
        + " Rebuilt by the server; a wrong line only delays a key until every tenant is loaded.\n");
    new java.util.TreeMap<>(keys()).forEach((id, tenant) -> sb.append(id).append(' ').append(tenant).append('\n'));
    AtomicFiles.write(file, sb.toString());
  }

  private static Map<String, String> read(Path file) {
    Map<String, String> out = new ConcurrentHashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int sp = line.indexOf(' ');
        if (line.startsWith("#") || sp < 0) {
          continue;
        }
        String id = line.substring(0, sp);
        String tenant = line.substring(sp + 1).strip();
        if (KEY_ID.matcher(id).matches() && TenantLoader.TENANT_ID.matcher(tenant).matches()) {
          out.put(id, tenant);
        }
      }
    } catch (NoSuchFileException e) {
      // No index yet (first start, or deleted): keys of tenants not loaded wait for the background load.
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot read the access key index " + file + "; keys of tenants not loaded yet wait for the background load", e);
    }
    return out;
  }

  @Override
  public void close() {
    if (keys != null) {
      writer.close();
    }
  }

  /** The access key ids of a validated tenant. */
  static Set<String> ids(Tenant t) {
    if (t == null) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    for (User u : t.users().values()) {
      for (AccessKey k : u.accessKeys()) {
        out.add(k.id());
      }
    }
    return out;
  }

  /** Every key of every tenant, key id to tenant. */
  static Map<String, String> all(java.util.Collection<Tenant> tenants) {
    Map<String, String> out = new HashMap<>();
    for (Tenant t : tenants) {
      for (String id : ids(t)) {
        out.put(id, t.id());
      }
    }
    return out;
  }

  /**
   * The access key ids written in a tenant's documents ({@code users/*.json}, {@code "accessKeys":
   * [{"id": ...}]}), read leniently: what a database indexes in the write that stores them (the
   * documents were validated as a whole just before). A document that does not parse adds nothing.
   */
  public static Set<String> ids(Map<String, String> files) {
    Set<String> out = new TreeSet<>();
    files.forEach((path, text) -> {
      if (!path.startsWith("users/") || !path.endsWith(".json")) {
        return;
      }
      try {
        if (JsonReader.read(text) instanceof JsonNode.ObjectNode o && o.get("accessKeys") instanceof JsonNode.ArrayNode keys) {
          for (JsonNode k : keys.elements()) {
            if (k instanceof JsonNode.ObjectNode ko && ko.get("id") instanceof JsonNode.StringNode id && KEY_ID.matcher(id.value()).matches()) {
              out.add(id.value());
            }
          }
        }
      } catch (JsonReadException e) {
        // Not JSON: the loader refused it; nothing to index.
      }
    });
    return out;
  }
}
