package io.iam4j.sts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Temporary security credentials as STS issues them: an access key id ({@code ASIA...}) and secret,
 * and the session they belong to. Everything the server needs later travels inside the session
 * token ({@link StsTokens}), sealed, so that no session is stored. Immutable.
 *
 * @param kind a session of a role ({@code AssumeRole}, {@code AssumeRoleWithWebIdentity}) or of a
 *     user ({@code GetSessionToken})
 * @param principal the role's or the user's name
 * @param principalId the role's or the user's id when the session began: one deleted and created
 *     again under the same name has another id, and its old sessions end
 * @param sessionName the role session name (a user's session: empty)
 * @param policy the inline session policy as passed, or null
 * @param policyArns managed session policies (their ARNs)
 * @param tags session tags, in the order passed (keys compare case-insensitively, as AWS's)
 * @param transitiveTags the keys of {@code tags} that pass on to sessions this one assumes
 * @param sourceIdentity {@code SourceIdentity}, or null; it passes on through role chaining
 * @param mfa whether MFA was presented when the session (or the chain's first session) began
 * @param mfaAuthTime epoch second of that MFA authentication, or null
 * @param chained whether a role session assumed this role (role chaining: one hour at most)
 * @param keys further context keys of every request of the session (web identity: {@code
 *     aws:FederatedProvider}, {@code PROVIDER:sub}, ...)
 */
public record StsSession(Kind kind, String issuer, String tenant, String principal, String principalId, String sessionName,
    String accessKeyId, String secretAccessKey, String tokenId, Instant issuedAt, Instant expires, String policy,
    List<String> policyArns, Map<String, String> tags, Set<String> transitiveTags, String sourceIdentity, boolean mfa,
    Long mfaAuthTime, boolean chained, Map<String, List<String>> keys) {

  public enum Kind { ROLE, USER }

  public StsSession {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(principalId, "principalId");
    Objects.requireNonNull(sessionName, "sessionName");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expires, "expires");
    policyArns = List.copyOf(policyArns);
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    transitiveTags = Set.copyOf(transitiveTags);
    Map<String, List<String>> k = new TreeMap<>();
    keys.forEach((n, v) -> k.put(n, List.copyOf(v)));
    keys = Collections.unmodifiableMap(k);
  }

  /** The container caller name: {@code assumed-role/ROLE/SESSION@TENANT} or {@code USER@TENANT}. */
  public String callerName() {
    return kind == Kind.ROLE ? "assumed-role/" + principal + "/" + sessionName + "@" + tenant : principal + "@" + tenant;
  }

  /** The tags that pass on to a session this one assumes (role chaining). */
  public Map<String, String> transitiveTagValues() {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach((k, v) -> {
      if (transitiveTags.stream().anyMatch(k::equalsIgnoreCase)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "StsSession[" + callerName() + ", key " + accessKeyId + ", token " + tokenId + ", " + issuedAt + " to " + expires + "]";
  }
}
