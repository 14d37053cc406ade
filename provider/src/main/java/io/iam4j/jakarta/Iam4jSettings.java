package io.iam4j.jakarta;

import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * iam4j's settings, read through MicroProfile Config (system properties, environment,
 * {@code microprofile-config.properties}).
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>iam4j.config.dir</td><td>config</td><td>configuration root (holding tenants/)</td></tr>
 *   <tr><td>iam4j.partition</td><td>iam4j</td><td>ARN partition</td></tr>
 *   <tr><td>iam4j.cache.maximum-size</td><td>100000</td><td>decisions kept in the cache</td></tr>
 *   <tr><td>iam4j.key.file</td><td>${iam4j.config.dir}/server.key</td><td>the server key (created when missing)</td></tr>
 *   <tr><td>iam4j.watch</td><td>true</td><td>reload tenants when their files change</td></tr>
 *   <tr><td>iam4j.unknown-caller</td><td>deny</td><td>deny or anonymous, for callers not in the directory</td></tr>
 * </table>
 */
public record Iam4jSettings(Path configDir, String partition, long cacheMaximumSize, Path keyFile, boolean watch,
    String unknownCaller) {

  public static Iam4jSettings fromConfig() {
    Config c = ConfigProvider.getConfig();
    Path dir = Path.of(c.getOptionalValue("iam4j.config.dir", String.class).orElse("config"));
    return new Iam4jSettings(
        dir,
        c.getOptionalValue("iam4j.partition", String.class).orElse("iam4j"),
        c.getOptionalValue("iam4j.cache.maximum-size", Long.class).orElse(100_000L),
        c.getOptionalValue("iam4j.key.file", String.class).map(Path::of).orElse(dir.resolve("server.key")),
        c.getOptionalValue("iam4j.watch", Boolean.class).orElse(true),
        c.getOptionalValue("iam4j.unknown-caller", String.class).orElse("deny"));
  }

  static Optional<String> value(String key) {
    return ConfigProvider.getConfig().getOptionalValue(key, String.class);
  }
}
