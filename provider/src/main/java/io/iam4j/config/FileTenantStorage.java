package io.iam4j.config;

import io.iam4j.IamException;
import io.iam4j.json.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The default storage: the tree {@code ROOT/tenants/<tenant>/...}, one file per document. Writes
 * are atomic per file ({@link AtomicFiles}) and serialized per tenant across processes sharing the
 * tree (a lock file beside the tenant directory); hand edits are noticed by a {@link ConfigWatcher}.
 * Keeps no versions of its own: the store numbers them.
 */
public final class FileTenantStorage implements TenantStorage {
  /** One lock per tenant lock file in this JVM: a file lock cannot be taken twice by one JVM. */
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final Path tenantsDir;
  private final int maxFileBytes;

  public FileTenantStorage(Path root, int maxFileBytes) {
    this.root = root;
    this.tenantsDir = root.resolve("tenants");
    this.maxFileBytes = maxFileBytes;
  }

  Path tenantsDir() {
    return tenantsDir;
  }

  @Override
  public String describe() {
    return "files:" + root.toAbsolutePath();
  }

  @Override
  public boolean isFileTree() {
    return true;
  }

  @Override
  public List<String> tenantNames() {
    if (!Files.isDirectory(tenantsDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(tenantsDir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Stored read(String tenant) {
    if (!Files.isDirectory(tenantsDir.resolve(tenant))) {
      return null;
    }
    Map<String, String> files = new TreeMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    readInto(tenant, files, problems);
    return new Stored(files, 0, problems);
  }

  /**
   * Every regular, non-hidden file of a tenant directory, as text; unreadable ones as located
   * problems. One walk whose attributes answer "regular file?" and "how large?", so that a file
   * costs one stat and one read (at 100,000 tenants the system calls are most of the load time).
   */
  private void readInto(String tenant, Map<String, String> files, List<ConfigProblem> problems) {
    Path dir = tenantsDir.resolve(tenant);
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          return d.equals(dir) || !d.getFileName().toString().startsWith(".") ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
          if (!attrs.isRegularFile() || p.getFileName().toString().startsWith(".")) {
            return FileVisitResult.CONTINUE;
          }
          String name = dir.relativize(p).toString().replace('\\', '/');
          if (attrs.size() > maxFileBytes) {
            problems.add(tooLarge(tenant, name, attrs.size(), maxFileBytes));
            return FileVisitResult.CONTINUE;
          }
          try {
            files.put(name, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p))).toString());
          } catch (CharacterCodingException e) {
            problems.add(new ConfigProblem("tenants/" + tenant + "/" + name, "", Location.UNKNOWN, "Not UTF-8 text"));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      problems.add(new ConfigProblem("tenants/" + tenant + "/", "", Location.UNKNOWN, "Cannot read: " + e));
    }
  }

  static ConfigProblem tooLarge(String tenant, String name, long size, int max) {
    return new ConfigProblem("tenants/" + tenant + "/" + name, "", Location.UNKNOWN, "File size (" + size
        + " bytes) exceeds the maximum allowed (" + max + ", from ConfigStore.Settings.maxFileBytes)");
  }

  @Override
  public long update(String tenant, Function<Stored, List<FileChange>> plan, String actor) {
    Path dir = tenantsDir.resolve(tenant);
    // The lock file sits beside the tenant directory (hidden), so a refused write to a new tenant
    // leaves nothing behind that a reload could mistake for a tenant.
    Path lockPath = tenantsDir.resolve("." + tenant + ".lock").toAbsolutePath().normalize();
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockPath, p -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(tenantsDir);
      try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = lockFile.lock()) {
        boolean deleted = false;
        for (FileChange c : plan.apply(read(tenant))) {
          Path target = dir.resolve(c.path());
          if (c instanceof FileChange.Put put) {
            AtomicFiles.write(target, put.content());
          } else {
            AtomicFiles.delete(target);
            deleted = true;
          }
        }
        if (deleted) {
          // A tenant whose last file is deleted is removed: no empty directory is left to be read as one.
          deleteEmptyDirectories(dir);
        }
        return 0;
      }
    } catch (IOException e) {
      throw new IamException("Cannot write the configuration of tenant " + tenant + ": " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
    }
  }

  /** Removes the directories left empty under {@code dir}, deepest first, and {@code dir} itself when empty. */
  private static void deleteEmptyDirectories(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> dirs;
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      dirs = s.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList();
    }
    for (Path d : dirs) {
      try (java.util.stream.Stream<Path> s = Files.list(d)) {
        if (s.findAny().isEmpty()) {
          Files.delete(d);
        }
      }
    }
  }

  @Override
  public Optional<Instant> lastModified(String tenant, String file) {
    try {
      return Optional.of(Files.getLastModifiedTime(tenantsDir.resolve(tenant).resolve(file)).toInstant());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public AutoCloseable watch(ConfigStore store) {
    return ConfigWatcher.start(store, tenantsDir);
  }

  /** The access key index under {@code state/}, made on first use (a storage read by the command line never has one). */
  private volatile AccessKeyIndex index;

  private AccessKeyIndex index() {
    AccessKeyIndex i = index;
    if (i == null) {
      synchronized (this) {
        i = index;
        if (i == null) {
          index = i = new AccessKeyIndex(root.resolve("state").resolve(AccessKeyIndex.FILE));
        }
      }
    }
    return i;
  }

  /** From {@code state/access-key-tenants.txt}, as the store last loaded the tree (hand edits since are not in it). */
  @Override
  public Optional<String> accessKeyTenant(String keyId) {
    return Optional.ofNullable(index().tenant(keyId));
  }

  @Override
  public void accessKeysChanged(String tenant, java.util.Set<String> before, java.util.Set<String> after) {
    index().changed(tenant, before, after);
  }

  @Override
  public void accessKeysLoaded(Map<String, String> keyTenants) {
    index().replace(keyTenants);
  }

  @Override
  public void close() {
    AccessKeyIndex i = index;
    if (i != null) {
      i.close(); // its last write
    }
  }

  static boolean hidden(Path rel) {
    for (Path part : rel) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
