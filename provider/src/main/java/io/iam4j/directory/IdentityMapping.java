package io.iam4j.directory;

import io.iam4j.jwt.JwkSet;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a tenant maps callers that the container authenticated (by any identity source: an identity
 * store, MicroProfile JWT, OpenID Connect) to its IAM identities: the tenant's {@code
 * identity-mapping.json}, validated. Immutable.
 *
 * <p>{@link #NONE} stands for a tenant without the file: its callers are mapped by name as iam4j
 * always did ({@code alice@acme} is user {@code alice}).
 *
 * @param source the file this was read from, for messages (null for {@link #NONE})
 * @param directoryUsers whether callers named {@code NAME@TENANT} are still the directory's users (and
 *     root and role sessions) before any rule is tried
 * @param providers the OpenID Connect providers the tenant trusts, as IAM's OIDC identity providers
 * @param groups container group to the IAM groups it adds to a mapped user's own
 * @param rules in the order of the file; {@link Rule#precedence()} decides which applies
 */
public record IdentityMapping(String source, boolean directoryUsers, List<OidcProvider> providers,
    Map<String, List<String>> groups, List<Rule> rules) {

  /** No mapping file: names map to the directory's users as {@code NAME@TENANT}. */
  public static final IdentityMapping NONE = new IdentityMapping(null, true, List.of(), Map.of(), List.of());

  public IdentityMapping {
    providers = List.copyOf(providers);
    TreeMap<String, List<String>> g = new TreeMap<>();
    groups.forEach((k, v) -> g.put(k, List.copyOf(v)));
    groups = Collections.unmodifiableMap(g);
    rules = List.copyOf(rules);
  }

  /** Whether the tenant has a mapping file (else the name mapping of {@link #NONE} applies). */
  public boolean present() {
    return source != null;
  }

  /** The provider whose URL is exactly {@code issuer} (a token's {@code iss}). */
  public Optional<OidcProvider> provider(String issuer) {
    return providers.stream().filter(p -> p.url().equals(issuer)).findFirst();
  }

  /**
   * An OpenID Connect provider registered with the tenant, as IAM's {@code CreateOpenIDConnectProvider}
   * registers one.
   *
   * @param url the issuer URL exactly as tokens carry it in {@code iss}
   * @param name the URL without its scheme ({@code idp.example.com/realms/acme}): the prefix of its
   *     condition keys ({@code idp.example.com/realms/acme:sub})
   * @param arn {@code arn:PARTITION:iam::TENANT:oidc-provider/NAME}: the {@code Federated} principal
   *     of trust policies and the value of {@code aws:FederatedProvider}
   * @param clientIds the audiences (client IDs) whose tokens may assume roles
   * @param jwksUri where its signature keys (a JWK set) are fetched, or null: then the {@code jwks_uri}
   *     of its discovery document ({@code URL/.well-known/openid-configuration}) says
   * @param jwks its signature keys written into the file (a provider no fetch can reach), or null
   */
  public record OidcProvider(String url, String name, String arn, List<String> clientIds, URI jwksUri, JwkSet jwks) {
    public OidcProvider {
      clientIds = List.copyOf(clientIds);
      if (jwksUri != null && jwks != null) {
        throw new IllegalArgumentException("A provider's keys come from jwksUri or jwks, not both");
      }
    }

    /** A provider whose keys are found through discovery. */
    public OidcProvider(String url, String name, String arn, List<String> clientIds) {
      this(url, name, arn, clientIds, null, null);
    }
  }

  /**
   * One rule: when {@link #match()} holds for a caller, the caller is {@link #target()}.
   *
   * @param sid the rule's name, in audit records and messages
   * @param precedence lower is tried first; rules of one precedence must not overlap
   * @param pointer the rule's JSON pointer in {@link IdentityMapping#source()}
   */
  public record Rule(String sid, int precedence, String pointer, Match match, Target target) {
    /** {@code rule Employees (tenants/acme/identity-mapping.json /rules/0)}. */
    public String describe(String source) {
      return "rule " + sid + " (" + source + " " + pointer + ")";
    }
  }

  /**
   * What a caller must be for a rule to apply; every condition given must hold, an absent one holds
   * for everybody. Each list holds wildcard patterns ({@code *}, {@code ?}), of which one must match.
   *
   * @param callers the container's caller name
   * @param groups the caller's container groups: one of them must match
   * @param issuers the token's {@code iss}
   * @param claims claim name to patterns: the claim's value (an array claim: one of its elements)
   *     must match
   */
  public record Match(List<String> callers, List<String> groups, List<String> issuers, Map<String, List<String>> claims) {
    public static final Match ANY = new Match(List.of(), List.of(), List.of(), Map.of());

    public Match {
      callers = List.copyOf(callers);
      groups = List.copyOf(groups);
      issuers = List.copyOf(issuers);
      TreeMap<String, List<String>> c = new TreeMap<>();
      claims.forEach((k, v) -> c.put(k, List.copyOf(v)));
      claims = Collections.unmodifiableMap(c);
    }
  }

  /** What a rule maps its callers to. */
  public sealed interface Target {
    /**
     * An IAM user of the tenant.
     *
     * @param name a name template: literal text with {@code ${caller}}, {@code ${caller:local}} or
     *     {@code ${claim:NAME}}
     */
    record ToUser(String name) implements Target {}

    /**
     * A session of an IAM role, as {@code sts:AssumeRoleWithWebIdentity} makes one: the role's trust
     * policy decides for the token's provider.
     *
     * @param sessionName a template for the role session name (default {@code ${claim:sub}})
     */
    record ToRole(String role, OidcProvider provider, String sessionName) implements Target {}
  }
}
