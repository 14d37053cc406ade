package io.iam4j.jakarta.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An application's compiled classes, loaded offline to read their annotations (for
 * {@code bin/iam catalog}): from a war ({@code WEB-INF/classes}, with {@code WEB-INF/lib}'s jars to
 * resolve them), a directory of classes, or a jar. The loader delegates to {@code parent} first, so
 * the annotation types ({@code jakarta.ws.rs.Path}, iam4j's {@code IamAction}) are the caller's own
 * and {@code getAnnotation} finds them, whatever copies the war carries. A class that cannot be
 * loaded or introspected (a type it uses is missing) is skipped and reported, never fatal.
 */
public final class ApplicationClasses implements AutoCloseable {
  /** A class left out, and why. */
  public record Skipped(String className, String reason) {}

  private final URLClassLoader loader;
  private final List<Class<?>> classes;
  private final List<Skipped> skipped;
  private final Path unpacked;

  private ApplicationClasses(URLClassLoader loader, List<Class<?>> classes, List<Skipped> skipped, Path unpacked) {
    this.loader = loader;
    this.classes = List.copyOf(classes);
    this.skipped = List.copyOf(skipped);
    this.unpacked = unpacked;
  }

  /**
   * Loads the classes of each source: a {@code .war} (its {@code WEB-INF/classes}; its lib jars
   * only resolve), a {@code .jar}, or a directory of {@code .class} files.
   */
  public static ApplicationClasses open(List<Path> sources, ClassLoader parent) throws IOException {
    Path unpacked = null;
    List<URL> urls = new ArrayList<>();
    List<Path> roots = new ArrayList<>(); // directories or jars whose classes are scanned
    for (Path source : sources) {
      if (Files.isDirectory(source)) {
        roots.add(source);
        urls.add(url(source));
      } else if (source.getFileName().toString().endsWith(".war")) {
        if (unpacked == null) {
          unpacked = Files.createTempDirectory("iam4j-catalog");
        }
        Path to = unpacked.resolve(Integer.toString(roots.size()));
        unpack(source, to);
        Path classes = to.resolve("WEB-INF/classes");
        roots.add(classes);
        urls.add(url(classes));
        Path lib = to.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
          try (Stream<Path> jars = Files.list(lib)) {
            for (Path j : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
              urls.add(url(j));
            }
          }
        }
      } else if (Files.isRegularFile(source)) {
        roots.add(source);
        urls.add(url(source));
      } else {
        throw new IOException(source + ": no such war, jar or directory");
      }
    }
    URLClassLoader loader = new URLClassLoader("iam4j-catalog", urls.toArray(URL[]::new), parent);
    List<Class<?>> loaded = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Path root : roots) {
      for (String name : classNames(root)) {
        try {
          Class<?> c = Class.forName(name, false, loader);
          probe(c);
          loaded.add(c);
        } catch (ClassNotFoundException | LinkageError | TypeNotPresentException | ArrayStoreException
            | java.lang.annotation.AnnotationFormatError e) {
          skipped.add(new Skipped(name, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
      }
    }
    return new ApplicationClasses(loader, loaded, skipped, unpacked);
  }

  /** Resolves what the scanner will read: the annotations, the methods and their parameters' annotations. */
  private static void probe(Class<?> c) {
    c.getAnnotations();
    for (Method m : c.getMethods()) {
      m.getAnnotations();
      m.getParameterAnnotations();
    }
    for (Method m : c.getDeclaredMethods()) {
      m.getAnnotations();
      m.getParameterAnnotations();
    }
  }

  public List<Class<?>> classes() {
    return classes;
  }

  public List<Skipped> skipped() {
    return skipped;
  }

  @Override
  public void close() throws IOException {
    loader.close();
    if (unpacked != null) {
      try (Stream<Path> all = Files.walk(unpacked)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The class names of a directory or jar, sorted (module and package descriptors and versioned entries left out). */
  static List<String> classNames(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(p -> p.toString().endsWith(".class")).forEach(p -> add(out, root.relativize(p).toString().replace('\\', '/')));
      }
    } else {
      try (ZipFile zip = new ZipFile(root.toFile())) {
        Enumeration<? extends ZipEntry> e = zip.entries();
        while (e.hasMoreElements()) {
          String n = e.nextElement().getName();
          if (n.endsWith(".class") && !n.startsWith("META-INF/")) {
            add(out, n);
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static void add(List<String> out, String path) {
    String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
    if (!name.endsWith("module-info") && !name.endsWith("package-info")) {
      out.add(name);
    }
  }

  /** Unpacks a war's WEB-INF/classes and WEB-INF/lib, refusing entries that would land outside {@code to}. */
  private static void unpack(Path war, Path to) throws IOException {
    Path base = to.toAbsolutePath().normalize();
    try (ZipFile zip = new ZipFile(war.toFile())) {
      Enumeration<? extends ZipEntry> e = zip.entries();
      while (e.hasMoreElements()) {
        ZipEntry entry = e.nextElement();
        String n = entry.getName();
        if (entry.isDirectory() || !(n.startsWith("WEB-INF/classes/") || n.startsWith("WEB-INF/lib/"))) {
          continue;
        }
        Path target = base.resolve(n).normalize();
        if (!target.startsWith(base)) {
          throw new IOException(war + ": the entry " + n + " points outside the archive");
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }
}
