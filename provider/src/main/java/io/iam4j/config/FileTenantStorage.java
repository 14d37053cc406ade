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
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
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

  /** Below this many tenants a full load reads them on the calling thread: a thread costs more than it saves. */
  static final int READ_AHEAD_MIN_TENANTS = 256;

  /** Tenants read ahead of the consumer at most: bounds the memory of texts waiting to be validated. */
  static final int READ_AHEAD = 128;

  /** Threads reading ahead, at most (and no more than the processors). */
  static final int READERS = 2;

  /**
   * Every tenant in order, as the default does, with the reading (system calls: most of a full
   * load's CPU once validation is cheap) on up to {@link #READERS} threads ahead of {@code consumer}
   * (validation and installing), when there are enough tenants and two processors. The consumer
   * still sees every tenant in tenant order on the calling thread; a reader's failure is rethrown
   * there; the readers stop when the consumer fails.
   */
  @Override
  public void forEachTenant(BiConsumer<String, Stored> consumer) {
    List<String> names = tenantNames();
    int processors = Runtime.getRuntime().availableProcessors();
    if (names.size() < READ_AHEAD_MIN_TENANTS || processors < 2) {
      for (String t : names) {
        Stored s = read(t);
        if (s != null) {
          consumer.accept(t, s);
        }
      }
      return;
    }
    ExecutorService readers = Executors.newFixedThreadPool(Math.min(READERS, processors), r -> {
      Thread t = new Thread(r, "iam4j-tenant-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      ArrayDeque<Future<Stored>> window = new ArrayDeque<>(READ_AHEAD);
      int next = 0;
      while (next < names.size() && window.size() < READ_AHEAD) {
        String t = names.get(next++);
        window.add(readers.submit(() -> read(t)));
      }
      for (String t : names) {
        Stored s = result(window.poll());
        if (next < names.size()) {
          String ahead = names.get(next++);
          window.add(readers.submit(() -> read(ahead)));
        }
        if (s != null) {
          consumer.accept(t, s);
        }
      }
    } finally {
      readers.shutdownNow();
    }
  }

  private Stored result(Future<Stored> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IamException("Interrupted while reading the tenants of " + describe(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IamException("Cannot read the tenants of " + describe() + ": " + e.getCause(), e.getCause());
    }
  }

  /**
   * Every regular, non-hidden file of a tenant directory, as text; unreadable ones as located
   * problems. At 10,000 tenants of 26 files the system calls are most of the load time (each costs
   * microseconds on a virtual machine), so a file costs three besides its directory's listing:
   * {@code lstat} (regular file? how large?), {@code open}, one {@code read} of the whole file,
   * and {@code close}: no second stat by the read, no read that only finds the end.
   */
  private void readInto(String tenant, Map<String, String> files, List<ConfigProblem> problems) {
    Path dir = tenantsDir.resolve(tenant);
    try {
      readDirectory(tenant, dir, "", files, problems);
    } catch (IOException e) {
      problems.add(new ConfigProblem("tenants/" + tenant + "/", "", Location.UNKNOWN, "Cannot read: " + e));
    }
  }

  /** One directory of a tenant, recursively; {@code rel}: its path under the tenant ("" or "users/"). */
  private void readDirectory(String tenant, Path dir, String rel, Map<String, String> files, List<ConfigProblem> problems)
      throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String fileName = p.getFileName().toString();
        if (fileName.startsWith(".")) {
          continue; // hidden files and directories are not configuration (editors' and locks' files)
        }
        // Links are not followed (as the tree walk before did not): a link is neither a directory
        // nor a regular file here, and is skipped.
        BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isDirectory()) {
          readDirectory(tenant, p, rel + fileName + "/", files, problems);
          continue;
        }
        if (!attrs.isRegularFile()) {
          continue;
        }
        String name = rel + fileName;
        if (attrs.size() > maxFileBytes) {
          problems.add(tooLarge(tenant, name, attrs.size(), maxFileBytes));
          continue;
        }
        byte[] bytes = readFile(p, attrs.size());
        if (bytes.length > maxFileBytes) {
          problems.add(tooLarge(tenant, name, bytes.length, maxFileBytes)); // it grew since the listing
          continue;
        }
        try {
          files.put(name, utf8(bytes));
        } catch (CharacterCodingException e) {
          problems.add(new ConfigProblem("tenants/" + tenant + "/" + name, "", Location.UNKNOWN, "Not UTF-8 text"));
        }
      }
    }
  }

  /**
   * A regular file's bytes, read with the size its attributes gave: one read into a buffer one byte
   * larger, which a regular file fills short only at its end. A file that grew since is read on to
   * its end (at most to the size limit plus one byte, so that the caller refuses it).
   */
  private byte[] readFile(Path p, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate((int) size + 1);
      while (true) {
        int n = ch.read(buf);
        if (n <= 0 || buf.hasRemaining()) {
          break; // the end, or a short read, which for a regular file is the end
        }
        if (buf.capacity() > maxFileBytes) {
          break;
        }
        buf = ByteBuffer.allocate((int) Math.min(buf.capacity() * 2L, maxFileBytes + 1L)).put(buf.flip());
      }
      return java.util.Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /**
   * The text of a file that must be UTF-8; malformed input is an error, never replaced. Most files
   * are ASCII, whose bytes are their chars: decoded without a decoder (one was made per file).
   */
  static String utf8(byte[] bytes) throws CharacterCodingException {
    for (byte b : bytes) {
      if (b < 0) {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      }
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
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
