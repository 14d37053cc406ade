package io.iam4j.bench;

import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.PasswordUsage;
import io.iam4j.directory.AccessKey;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Credentials;
import io.iam4j.directory.LoginProfile;
import io.iam4j.directory.MfaDevice;
import io.iam4j.directory.PasswordPolicy;
import io.iam4j.directory.Tags;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.report.CreationTimes;
import io.iam4j.report.CredentialReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One credential report ({@link CredentialReport#generate}) of a tenant of 10,000 users, what
 * GenerateCredentialReport and {@code bin/iam credential-report} do: every user with a password and
 * login profile (a 90-day password policy, so every row computes its next rotation), a third with an
 * MFA device, half with an access key and a tenth with a second, inactive one; most keys and
 * passwords used (the server's usage state, in memory). User creation dates are in the users'
 * files, as CreateUser writes them (no file system access in the loop).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CredentialReportBenchmark -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CredentialReportBenchmark {
  static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  static final String HASH = "PBKDF2WithHmacSHA256:210000:c2FsdGVkc2FsdGVkc2FsdA==:aGFzaGVkaGFzaGVkaGFzaA==";

  @Param({"10000"})
  int users;

  private Tenant tenant;
  private Path state;
  private AccessKeyUsage keyUsage;
  private PasswordUsage passwordUsage;
  private CredentialReport.Usage usage;

  @Setup
  public void setUp() throws IOException {
    state = Files.createTempDirectory("iam4j-report-bench");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    keyUsage = AccessKeyUsage.open(AccessKeyUsage.defaultFile(state), clock, null);
    passwordUsage = PasswordUsage.open(PasswordUsage.defaultFile(state), clock, null);
    Map<String, User> m = new LinkedHashMap<>();
    Instant t0 = NOW.minus(Duration.ofDays(400));
    for (int i = 0; i < users; i++) {
      String name = String.format("user%05d", i);
      Instant created = t0.plusSeconds(i * 600L);
      List<AccessKey> keys = new ArrayList<>();
      if (i % 2 == 0) {
        String id = keyId(i, 0);
        keys.add(new AccessKey(id, name, AccessKey.Status.Active, created.plusSeconds(60), "sealed:" + id));
        if (i % 6 != 0) {
          keyUsage.record(id, NOW.minusSeconds(i * 7L), i % 4 == 0 ? "iam" : "docs", "us-east-1");
        }
      }
      if (i % 10 == 0) {
        String id = keyId(i, 1);
        keys.add(new AccessKey(id, name, AccessKey.Status.Inactive, created.plusSeconds(120), "sealed:" + id));
      }
      boolean mfa = i % 3 == 0;
      Credentials c = new Credentials(HASH, mfa ? "enc:seed" : null, keys,
          new LoginProfile(created, created.plus(Duration.ofDays(i % 200)), false, List.of()), mfa ? MfaDevice.of(name) : null);
      if (i % 5 != 0) {
        passwordUsage.record("acme", name, NOW.minusSeconds(i * 13L));
      }
      m.put(name, new User(name, "/", "AIDA" + i, Tags.NONE, List.of("Developers"), List.of(), List.of(), null, c, created));
    }
    PasswordPolicy ninety = new PasswordPolicy(12, true, true, true, true, true, 90, 5, false);
    tenant = new Tenant("acme", 1, "", m, Map.of(), Map.of(), Map.of(), List.of(), false, "bench", null, ninety);
    usage = CredentialReport.Usage.of(keyUsage, passwordUsage);
    CredentialReport r = generate();
    if (r.csv().lines().count() != users + 2) {
      throw new IllegalStateException("expected " + (users + 2) + " lines, got " + r.csv().lines().count());
    }
  }

  /** AKIA and 16 characters of A-Z2-7, distinct per user and slot. */
  static String keyId(int user, int slot) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder sb = new StringBuilder("AKIA");
    long v = user * 2L + slot;
    for (int i = 0; i < 16; i++) {
      sb.append(alphabet.charAt((int) (v & 31)));
      v >>>= 5;
    }
    return sb.toString();
  }

  @TearDown
  public void tearDown() throws IOException {
    try (var s = Files.walk(state)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public CredentialReport generate() {
    return CredentialReport.generate(tenant, Arns.DEFAULT, usage, CreationTimes.UNKNOWN, NOW);
  }
}
