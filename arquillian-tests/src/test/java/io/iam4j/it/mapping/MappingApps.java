package io.iam4j.it.mapping;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditQuery;
import io.iam4j.it.mapping.app.FilesResource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The small wars and configuration trees of the principal-mapping ITs. Each IT deploys its own war
 * (the file service of {@code io.iam4j.it.mapping.app} plus one authentication mechanism) with its
 * own configuration directory and audit trail under {@code target/it-mapping/NAME/}, so the
 * sample-based suites sharing the server never see them: the war's {@code
 * microprofile-config.properties} outranks the server's system properties ({@code config_ordinal}).
 *
 * <p>The tenant is {@code src/test/resources/it-mapping/tenant/} with its placeholders filled:
 * {@code @TENANT@}, {@code @ISSUER@} (the token issuer), {@code @PROVIDER@} (the issuer without its
 * scheme: the prefix of its condition keys) and {@code @CLIENT@} (the client ID tokens are issued
 * to).
 */
final class MappingApps {
  /** The tenant every mapping IT configures (each in its own configuration tree). */
  static final String TENANT = "fedco";

  private MappingApps() {}

  /** {@code target/it-mapping/NAME}: emptied for each run. */
  static Path home(String name) {
    Path dir = Path.of(System.getProperty("it.tmp"), "it-mapping", name);
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Writes the tenant template into {@code HOME/config/tenants/TENANT} with its placeholders filled. */
  static Path config(Path home, String tenant, String issuer, String client) {
    String provider = issuer.replaceFirst("^https?://", "");
    Map<String, String> values = Map.of("@TENANT@", tenant, "@ISSUER@", issuer, "@PROVIDER@", provider, "@CLIENT@", client);
    Path config = home.resolve("config");
    try {
      Path template = Path.of(MappingApps.class.getResource("/it-mapping/tenant").toURI());
      try (Stream<Path> s = Files.walk(template)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          String text = Files.readString(p);
          for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace(v.getKey(), v.getValue());
          }
          Path out = config.resolve("tenants").resolve(tenant).resolve(template.relativize(p).toString());
          Files.createDirectories(out.getParent());
          Files.writeString(out, text);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return config;
  }

  /**
   * A war of the file service with the classes of {@code mechanism}'s package, the libraries of the
   * sample war (iam4j and what it needs), and MicroProfile Config pointing iam4j at {@code home}.
   *
   * @param settings more MicroProfile Config properties
   */
  static WebArchive war(String name, Path home, Class<?> mechanism, Map<String, String> settings) {
    return war(name, home, mechanism, settings, null);
  }

  /** The same, with a {@code web.xml} (null for none). */
  static WebArchive war(String name, Path home, Class<?> mechanism, Map<String, String> settings, String webXml) {
    WebArchive sample = ShrinkWrap.create(ZipImporter.class, "docs.war").importFrom(new File(System.getProperty("it.war")))
        .as(WebArchive.class);
    WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
        .addPackage(FilesResource.class.getPackage())
        .addPackage(mechanism.getPackage())
        .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" "
            + "bean-discovery-mode=\"annotated\"/>"), "beans.xml");
    for (Map.Entry<ArchivePath, Node> lib : sample.getContent(Filters.include("/WEB-INF/lib/.*\\.jar")).entrySet()) {
      war.add(lib.getValue().getAsset(), lib.getKey());
    }
    StringBuilder props = new StringBuilder()
        // Above the server's system properties (400): this war's iam4j reads its own tree, not the sample's.
        .append("config_ordinal=500\n")
        .append("iam4j.config.dir=").append(escape(home.resolve("config").toString())).append('\n')
        .append("iam4j.audit.dir=").append(escape(home.resolve("audit").toString())).append('\n')
        .append("iam4j.audit.checkpoint-seconds=1\n")
        .append("iam4j.tenant.resolver=claim:tenant\n");
    settings.forEach((k, v) -> props.append(k).append('=').append(escape(v)).append('\n'));
    war.addAsResource(new StringAsset(props.toString()), "META-INF/microprofile-config.properties");
    if (webXml != null) {
      war.setWebXML(new StringAsset(webXml));
    }
    return war;
  }

  /** A value for a properties file: backslashes and line ends kept literal. */
  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** The application's URI for {@code path}, on loopback (the listener is bound there). */
  static URI app(URL base, String path) {
    return URI.create("http://127.0.0.1:" + base.getPort() + base.getPath().replaceAll("/$", "") + path);
  }

  static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  /** The audit record of one request id (the trail is written asynchronously: waits for it). */
  static AuditQuery.Match record(Path home, String requestId) throws InterruptedException {
    Path trail = home.resolve("audit");
    for (int i = 0; i < 100; i++) {
      List<AuditQuery.Match> all;
      try {
        all = Files.isDirectory(trail) ? AuditQuery.run(AuditFiles.expand(List.of(trail)), AuditQuery.Filter.ALL) : List.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<AuditQuery.Match> mine = all.stream().filter(m -> requestId.equals(m.get("requestId"))).collect(Collectors.toList());
      if (!mine.isEmpty()) {
        if (mine.size() != 1) {
          throw new AssertionError("Not one record for request " + requestId + ": " + mine.stream().map(AuditQuery.Match::json).toList());
        }
        return mine.get(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("No audit record for request " + requestId + " in " + trail);
  }
}
