package io.iam4j.directory;

import io.iam4j.IamException;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The managed policies shipped on the class path, the analogue of AWS managed policies:
 * {@code AdministratorAccess}, {@code ReadOnlyAccess} and {@code IAMUserManageOwnCredentials} from
 * the provider jar, plus any an application ships.
 *
 * <p>A jar lists its policies in {@code META-INF/iam4j/managed-policies.list} (one name a line) and
 * holds each in {@code META-INF/iam4j/managed-policies/NAME.json}. When several jars ship the same
 * name, their statements are joined: an application adds its own service's read actions to {@code
 * ReadOnlyAccess} by shipping a {@code ReadOnlyAccess.json} of its own.
 */
public final class ProviderPolicies {
  private static final String LIST = "META-INF/iam4j/managed-policies.list";
  private static final String DIR = "META-INF/iam4j/managed-policies/";

  private ProviderPolicies() {}

  /** Loads every provider policy visible to the class loader, by ARN. */
  public static Map<String, ManagedPolicy> load(Arns arns, ClassLoader loader) {
    Set<String> names = new LinkedHashSet<>();
    try {
      for (URL list : Collections.list(loader.getResources(LIST))) {
        for (String line : read(list).split("\\R")) {
          if (!line.isBlank() && !line.startsWith("#")) {
            names.add(line.trim());
          }
        }
      }
      Map<String, ManagedPolicy> out = new TreeMap<>();
      for (String name : names) {
        String arn = arns.providerPolicy(name);
        List<Statement> statements = new ArrayList<>();
        Policy first = null;
        for (URL doc : Collections.list(loader.getResources(DIR + name + ".json"))) {
          Policy p = PolicyParser.standard().parse(read(doc), PolicyType.IDENTITY, doc.toString());
          first = first == null ? p : first;
          statements.addAll(p.statements());
        }
        if (first == null) {
          throw new IamException(LIST + " names " + name + " but no " + DIR + name + ".json is on the class path");
        }
        Policy merged = new Policy(PolicyType.IDENTITY, arn, first.version(), first.id(), statements);
        out.put(arn, new ManagedPolicy(arn, name, "/", "Provider-managed policy " + name,
            List.of(new ManagedPolicy.Version("v1", merged)), "v1", true));
      }
      return out;
    } catch (IOException e) {
      throw new IamException("Cannot read provider-managed policies: " + e.getMessage(), e);
    }
  }

  private static String read(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
