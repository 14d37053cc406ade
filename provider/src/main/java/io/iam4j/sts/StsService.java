package io.iam4j.sts;

import io.iam4j.IamException;
import io.iam4j.authz.AuthorizationMessages;
import io.iam4j.authz.Authorizer;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.AssumeRoleWithWebIdentity;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS STS ({@code Version=2011-06-15}) over iam4j's directory: {@code AssumeRole}, {@code
 * GetSessionToken}, {@code GetCallerIdentity} and {@code DecodeAuthorizationMessage}, with the
 * parameters, limits and error codes of the STS API reference. Container-free and thread-safe.
 *
 * <p>{@code AssumeRole} is decided by IAM, as AWS decides it: {@code sts:AssumeRole} on the role
 * (its trust policy is its resource-based policy, and a caller of another tenant needs its own
 * identity policy too), plus {@code sts:TagSession} when the session gets tags and {@code
 * sts:SetSourceIdentity} when it gets a source identity. The trust policy sees {@code
 * sts:RoleSessionName}, {@code sts:ExternalId}, {@code sts:SourceIdentity}, {@code
 * aws:RequestTag/*}, {@code aws:TagKeys}, {@code sts:TransitiveTagKeys} and the caller's MFA state.
 */
public final class StsService {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(StsService.class.getName());
  public static final String VERSION = "2011-06-15";
  /** Sessions last an hour unless asked otherwise (AssumeRole). */
  public static final int DEFAULT_ROLE_SECONDS = 3600;
  /** GetSessionToken's default, 12 hours, and its longest, 36 hours (root: one hour). */
  public static final int DEFAULT_USER_SECONDS = 43_200;
  public static final int MAX_USER_SECONDS = 129_600;
  public static final int MIN_SECONDS = 900;
  /** A role session assuming a role (role chaining) gets at most an hour. */
  public static final int MAX_CHAINED_SECONDS = 3600;
  /** The longest inline session policy, in characters, as AWS's. */
  public static final int MAX_POLICY_CHARS = 2048;
  public static final int MAX_POLICY_ARNS = 10;
  public static final int MAX_TAGS = 50;
  /**
   * The packed bytes of session policies and tags that make 100 % of {@code PackedPolicySize}.
   * AWS does not publish its own; iam4j's token must stay below {@link StsTokens#MAX_TOKEN_CHARS}.
   */
  public static final int PACKED_LIMIT_BYTES = 2048;

  static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  static final Pattern SOURCE_IDENTITY = Pattern.compile("[\\w+=,.@-]{2,64}");
  static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
  static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");
  static final Pattern TOKEN_CODE = Pattern.compile("[0-9]{6}");
  static final Pattern SERIAL = Pattern.compile("[\\w+=/:,.@-]{9,256}");

  /**
   * Decides one authorization of an STS call; the runtime's records each decision in the audit
   * trail (as CloudTrail records AssumeRole).
   */
  @FunctionalInterface
  public interface Decider {
    Authorizer.Result decide(Identity identity, String action, String resource, String owner, RequestContext context);
  }

  /** Checks a TOTP code of a user's MFA device (single use). */
  @FunctionalInterface
  public interface MfaCheck {
    boolean accept(Tenant tenant, User user, String code, Instant now);
  }

  private final Authorizer authorizer;
  private final AssumeRoleWithWebIdentity webIdentity;
  private final ServerKey key;
  private final String issuer;
  private final MfaCheck mfaCheck;
  private final Clock clock;
  private final PolicyParser parser = PolicyParser.standard();

  /**
   * @param webIdentity verifies ID tokens for {@code AssumeRoleWithWebIdentity} (holding the
   *     providers' keys), or null to answer that action {@code InvalidAction}
   */
  public StsService(Authorizer authorizer, AssumeRoleWithWebIdentity webIdentity, ServerKey key, String issuer, MfaCheck mfaCheck,
      Clock clock) {
    this.authorizer = authorizer;
    this.webIdentity = webIdentity;
    this.key = key;
    this.issuer = issuer;
    this.mfaCheck = mfaCheck;
    this.clock = clock;
  }

  /** Whether an action is answered without credentials ({@code AssumeRoleWithWebIdentity}: the token is them). */
  public static boolean anonymous(QueryRequest q) {
    return q.action().filter("AssumeRoleWithWebIdentity"::equals).isPresent();
  }

  /**
   * Answers one request with the XML reply.
   *
   * @param caller the authenticated caller; null only for {@link #anonymous} actions
   * @throws AwsError for every refusal, with AWS's code
   */
  public String handle(QueryRequest q, StsCaller caller, String requestId) {
    return handle(q, caller, requestId, authorizer::authorize);
  }

  /** As {@link #handle(QueryRequest, StsCaller, String)}, deciding through {@code decider}. */
  public String handle(QueryRequest q, StsCaller caller, String requestId, Decider decider) {
    String action = q.action().orElseThrow(() -> AwsError.missing("Action"));
    if (!VERSION.equals(q.version().orElse(null))) {
      throw new AwsError("InvalidAction", 400, "Could not find operation " + QueryRequest.printable(action) + " for version "
          + QueryRequest.printable(q.version().orElse("NO_VERSION_SPECIFIED")));
    }
    QueryXml xml = new QueryXml();
    if (action.equals("AssumeRoleWithWebIdentity") && webIdentity != null) {
      assumeRoleWithWebIdentity(q, xml);
      return xml.response(QueryXml.STS_NAMESPACE, action, requestId, true);
    }
    if (caller == null) {
      throw new AwsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
    }
    switch (action) {
      case "GetCallerIdentity" -> callerIdentity(caller, xml);
      case "AssumeRole" -> assumeRole(q, caller, xml, decider);
      case "GetSessionToken" -> sessionToken(q, caller, xml);
      case "DecodeAuthorizationMessage" -> decode(q, caller, xml, decider);
      default -> throw new AwsError("InvalidAction", 400, "Could not find operation " + QueryRequest.printable(action)
          + " for version " + VERSION);
    }
    return xml.response(QueryXml.STS_NAMESPACE, action, requestId, true);
  }

  // ------------------------------------------------------------------ GetCallerIdentity

  /** Always allowed: AWS answers it whatever the caller's policies say. */
  private static void callerIdentity(StsCaller caller, QueryXml xml) {
    Identity id = caller.identity();
    xml.text("Arn", id.caller().display()).text("UserId", userId(id)).text("Account", id.tenant().id());
  }

  /** {@code aws:userid} as AWS fills it: a user's id, {@code ROLEID:SESSION}, the account for root. */
  static String userId(Identity id) {
    if (id instanceof Identity.UserIdentity u) {
      return u.user().id();
    }
    if (id instanceof Identity.RoleSessionIdentity r) {
      return r.role().id() + ":" + r.sessionName();
    }
    return id.tenant().id();
  }

  // ------------------------------------------------------------------ AssumeRole

  private void assumeRole(QueryRequest q, StsCaller caller, QueryXml xml, Decider decider) {
    Instant now = clock.instant();
    String roleArn = q.required("RoleArn");
    if (roleArn.length() < 20 || roleArn.length() > 2048) {
      throw lengthError("roleArn", roleArn, 20, 2048);
    }
    String sessionName = q.required("RoleSessionName");
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw constraint("roleSessionName", sessionName, "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length 2 to 64");
    }
    Integer duration = q.integer("DurationSeconds");
    String externalId = q.get("ExternalId").orElse(null);
    if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
      throw constraint("externalId", externalId, "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length 2 to 1224");
    }
    String sourceIdentity = q.get("SourceIdentity").orElse(null);
    if (sourceIdentity != null) {
      if (!SOURCE_IDENTITY.matcher(sourceIdentity).matches()) {
        throw constraint("sourceIdentity", sourceIdentity, "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length 2 to 64");
      }
      if (sourceIdentity.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw AwsError.validation("SourceIdentity must not begin with the prefix aws:");
      }
    }
    SessionPolicies policies = sessionPolicies(q);
    Map<String, String> tags = tags(q);
    List<String> transitive = q.members("TransitiveTagKeys");
    if (transitive.size() > MAX_TAGS) {
      throw constraint("transitiveTagKeys", String.valueOf(transitive.size()), "Member must have length less than or equal to " + MAX_TAGS);
    }
    for (String t : transitive) {
      if (tags.keySet().stream().noneMatch(t::equalsIgnoreCase)) {
        throw new AwsError("InvalidParameterValue", 400, "The transitive tag key " + QueryRequest.printable(t)
            + " is not among the session's tags");
      }
    }

    StsSession from = caller.session();
    boolean chained = from != null && from.kind() == StsSession.Kind.ROLE;
    // Role chaining: the calling session's transitive tags and source identity pass on and cannot change.
    Map<String, String> allTags = new LinkedHashMap<>();
    Set<String> allTransitive = new LinkedHashSet<>(transitive);
    if (from != null) {
      for (Map.Entry<String, String> t : from.transitiveTagValues().entrySet()) {
        if (tags.keySet().stream().anyMatch(t.getKey()::equalsIgnoreCase)) {
          throw new AwsError("InvalidParameterValue", 400, "The session tag " + t.getKey()
              + " is a transitive tag of the calling session and cannot be changed");
        }
        allTags.put(t.getKey(), t.getValue());
        allTransitive.add(t.getKey());
      }
      if (from.sourceIdentity() != null) {
        if (sourceIdentity != null && !sourceIdentity.equals(from.sourceIdentity())) {
          throw new AwsError("InvalidParameterValue", 400, "The source identity of a chained session cannot change: it is "
              + from.sourceIdentity());
        }
        sourceIdentity = from.sourceIdentity();
      }
    }
    allTags.putAll(tags);
    if (allTags.size() > MAX_TAGS) {
      throw constraint("tags", String.valueOf(allTags.size()), "Member must have length less than or equal to " + MAX_TAGS);
    }

    // The bounds that depend on the request and the caller alone come before any decision.
    int seconds = duration == null ? DEFAULT_ROLE_SECONDS : duration;
    if (seconds < MIN_SECONDS || seconds > 43_200) {
      throw constraint("durationSeconds", String.valueOf(seconds), "Member must have value between 900 and 43200");
    }
    if (chained && seconds > MAX_CHAINED_SECONDS) {
      throw AwsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
    }

    Directory directory = authorizer.directory();
    Identity me = caller.identity();
    Optional<RoleRef> target = role(directory, roleArn);
    String denied = "User: " + me.caller().display() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn;
    if (target.isEmpty()) {
      throw AwsError.accessDenied(denied); // AWS does not tell a missing role from a refused one
    }
    Tenant roleTenant = target.get().tenant();
    Role role = target.get().role();

    // MFA: a code given now authenticates the caller's own device; otherwise the caller's sign-in decides.
    boolean mfa = caller.mfa();
    Long mfaAuthTime = caller.mfaAuthTime();
    Optional<String> serial = q.get("SerialNumber");
    Optional<String> code = q.get("TokenCode");
    if (serial.isPresent() || code.isPresent()) {
      verifyMfa(directory, me, serial.orElse(null), code.orElse(null), now);
      mfa = true;
      mfaAuthTime = now.getEpochSecond();
    }

    RequestContext.Builder ctx = caller.requestContext().toBuilder()
        .put("sts:RoleSessionName", sessionName);
    if (serial.isPresent()) {
      ctx.put("aws:MultiFactorAuthPresent", true).put("aws:MultiFactorAuthAge", 0L);
    }
    if (externalId != null) {
      ctx.put("sts:ExternalId", externalId);
    }
    if (sourceIdentity != null) {
      ctx.put("sts:SourceIdentity", sourceIdentity);
    }
    allTags.forEach((k, v) -> ctx.put("aws:RequestTag/" + k, v));
    if (!allTags.isEmpty()) {
      ctx.putSet("aws:TagKeys", List.copyOf(allTags.keySet()));
    }
    if (!allTransitive.isEmpty()) {
      ctx.putSet("sts:TransitiveTagKeys", List.copyOf(allTransitive));
    }
    RequestContext trustContext = ctx.build();
    decide(decider, me, "sts:AssumeRole", roleArn, roleTenant.id(), trustContext, denied);
    if (!allTags.isEmpty()) {
      decide(decider, me, "sts:TagSession", roleArn, roleTenant.id(), trustContext,
          "User: " + me.caller().display() + " is not authorized to perform: sts:TagSession on resource: " + roleArn);
    }
    if (sourceIdentity != null) {
      decide(decider, me, "sts:SetSourceIdentity", roleArn, roleTenant.id(), trustContext,
          "User: " + me.caller().display() + " is not authorized to perform: sts:SetSourceIdentity on resource: " + roleArn);
    }

    if (seconds > role.maxSessionDurationSeconds()) {
      throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    policies.resolve(directory, roleTenant);

    StsSession session = new StsSession(StsSession.Kind.ROLE, issuer, roleTenant.id(), role.name(), role.id(), sessionName,
        StsTokens.newAccessKeyId(), StsTokens.newSecret(), StsTokens.newTokenId(), now, now.plusSeconds(seconds),
        policies.inline(), policies.arns(), allTags, allTransitive, sourceIdentity, mfa, mfa ? mfaAuthTime : null, chained, Map.of());
    int packed = packedPercent(session);
    String token = StsTokens.issue(key, session);
    credentials(xml, session, token);
    xml.open("AssumedRoleUser")
        .text("Arn", directory.arns().assumedRole(roleTenant.id(), role.name(), sessionName))
        .text("AssumedRoleId", role.id() + ":" + sessionName)
        .close("AssumedRoleUser");
    if (policies.present() || !allTags.isEmpty()) {
      xml.text("PackedPolicySize", packed);
    }
    xml.text("SourceIdentity", sourceIdentity);
  }

  private record RoleRef(Tenant tenant, Role role) {}

  /** The role an ARN names in the directory: {@code arn:PARTITION:iam::TENANT:role/PATH/NAME}. */
  private static Optional<RoleRef> role(Directory directory, String arn) {
    String prefix = "arn:" + directory.arns().partition() + ":iam::";
    if (!arn.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = arn.substring(prefix.length());
    int colon = rest.indexOf(':');
    if (colon <= 0 || !rest.startsWith("role/", colon + 1)) {
      return Optional.empty();
    }
    String tenant = rest.substring(0, colon);
    String name = rest.substring(rest.lastIndexOf('/') + 1);
    return directory.tenant(tenant).flatMap(t -> Optional.ofNullable(t.roles().get(name)).map(r -> new RoleRef(t, r)))
        .filter(ref -> directory.arns().role(tenant, ref.role().path(), ref.role().name()).equals(arn));
  }

  private static void decide(Decider decider, Identity me, String action, String resource, String owner, RequestContext ctx, String denied) {
    Authorizer.Result r = decider.decide(me, action, resource, owner, ctx);
    if (!r.decision().allowed()) {
      throw AwsError.accessDenied(denied);
    }
  }

  private void verifyMfa(Directory directory, Identity me, String serial, String code, Instant now) {
    if (serial == null) {
      throw AwsError.missing("SerialNumber");
    }
    if (code == null) {
      throw AwsError.missing("TokenCode");
    }
    if (!SERIAL.matcher(serial).matches()) {
      throw constraint("serialNumber", serial, "Member must satisfy regular expression pattern: [\\w+=/:,.@-]* and have length 9 to 256");
    }
    if (!TOKEN_CODE.matcher(code).matches()) {
      throw constraint("tokenCode", code, "Member must satisfy regular expression pattern: [\\d]* and have length 6");
    }
    String failed = "MultiFactorAuthentication failed with invalid MFA one time pass code. ";
    if (!(me instanceof Identity.UserIdentity u)) {
      throw AwsError.accessDenied("MultiFactorAuthentication failed: only an IAM user has an MFA device");
    }
    io.iam4j.directory.Credentials cr = u.user().credentials();
    // The serial number is the ARN of the user's device (named after the user unless its file names it).
    io.iam4j.directory.MfaDevice device = cr == null || cr.mfaDevice() == null ? io.iam4j.directory.MfaDevice.of(u.user().name()) : cr.mfaDevice();
    String deviceArn = device.serial(directory.arns(), u.tenant().id());
    if (!serial.equals(deviceArn) || cr == null || !cr.hasMfaDevice()) {
      throw AwsError.accessDenied("MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA "
          + "serial number is valid and associated with this user.");
    }
    if (!mfaCheck.accept(u.tenant(), u.user(), code, now)) {
      throw AwsError.accessDenied(failed);
    }
  }

  // ------------------------------------------------------------------ AssumeRoleWithWebIdentity

  /**
   * No credentials: the OpenID Connect ID token is them. The tenant is the role's; the token is
   * verified against the keys of that tenant's provider that issued it, and the role's trust policy
   * decides with the token's claims ({@link AssumeRoleWithWebIdentity}, shared with the principal
   * mapping of federated callers).
   */
  private void assumeRoleWithWebIdentity(QueryRequest q, QueryXml xml) {
    Instant now = clock.instant();
    String roleArn = q.required("RoleArn");
    String sessionName = q.required("RoleSessionName");
    String token = q.required("WebIdentityToken");
    if (q.get("ProviderId").isPresent()) {
      throw new AwsError("InvalidParameterValue", 400, "ProviderId is for OAuth 2.0 access tokens; iam4j accepts OpenID Connect ID tokens only");
    }
    Integer duration = q.integer("DurationSeconds");
    SessionPolicies policies = sessionPolicies(q);
    Directory directory = authorizer.directory();
    String denied = "Not authorized to perform sts:AssumeRoleWithWebIdentity";
    Optional<RoleRef> target = role(directory, roleArn);
    if (target.isEmpty()) {
      throw AwsError.accessDenied(denied);
    }
    Tenant tenant = target.get().tenant();
    policies.resolve(directory, tenant);
    List<Policy> parsed = new ArrayList<>();
    if (policies.inline() != null) {
      parsed.add(parser.parse(policies.inline(), PolicyType.SESSION, "Policy"));
    }
    policies.arns().forEach(arn -> parsed.add(directory.sessionPolicy(tenant, arn).orElseThrow()));
    AssumeRoleWithWebIdentity.Result r = webIdentity.assume(directory, tenant, roleArn, sessionName, token, parsed, now);
    if (r instanceof AssumeRoleWithWebIdentity.Failed f) {
      LOG.info(() -> "sts:AssumeRoleWithWebIdentity refused (" + f.code() + "): " + f.message());
      throw new AwsError(f.code().name(), f.code().httpStatus(), f.code() == AssumeRoleWithWebIdentity.ErrorCode.AccessDenied ? denied : f.message());
    }
    AssumeRoleWithWebIdentity.Assumed a = (AssumeRoleWithWebIdentity.Assumed) r;
    Role role = a.role();
    int seconds = duration == null ? DEFAULT_ROLE_SECONDS : duration;
    if (seconds < MIN_SECONDS || seconds > 43_200) {
      throw constraint("durationSeconds", String.valueOf(seconds), "Member must have value between 900 and 43200");
    }
    if (seconds > role.maxSessionDurationSeconds()) {
      throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    Map<String, List<String>> keys = new LinkedHashMap<>();
    a.session().sessionKeys().asMap().forEach((k, v) -> keys.put(k, v.values()));
    StsSession session = new StsSession(StsSession.Kind.ROLE, issuer, tenant.id(), role.name(), role.id(), sessionName,
        StsTokens.newAccessKeyId(), StsTokens.newSecret(), StsTokens.newTokenId(), now, now.plusSeconds(seconds),
        policies.inline(), policies.arns(), Map.of(), Set.of(), null, false, null, false, keys);
    int packed = packedPercent(session);
    credentials(xml, session, StsTokens.issue(key, session));
    xml.text("SubjectFromWebIdentityToken", a.subject())
        .open("AssumedRoleUser")
        .text("Arn", directory.arns().assumedRole(tenant.id(), role.name(), sessionName))
        .text("AssumedRoleId", role.id() + ":" + sessionName)
        .close("AssumedRoleUser");
    if (policies.present()) {
      xml.text("PackedPolicySize", packed);
    }
    xml.text("Provider", a.provider()).text("Audience", a.audience());
  }

  // ------------------------------------------------------------------ GetSessionToken

  private void sessionToken(QueryRequest q, StsCaller caller, QueryXml xml) {
    Instant now = clock.instant();
    if (caller.session() != null) {
      throw AwsError.accessDenied("Cannot call GetSessionToken with session credentials");
    }
    Identity me = caller.identity();
    if (me instanceof Identity.RoleSessionIdentity) {
      throw AwsError.accessDenied("Cannot call GetSessionToken with session credentials");
    }
    boolean root = me instanceof Identity.RootIdentity;
    Integer duration = q.integer("DurationSeconds");
    int max = root ? 3600 : MAX_USER_SECONDS;
    int seconds = duration == null ? (root ? 3600 : DEFAULT_USER_SECONDS) : duration;
    if (seconds < MIN_SECONDS || seconds > MAX_USER_SECONDS) {
      throw constraint("durationSeconds", String.valueOf(seconds), "Member must have value between 900 and 129600");
    }
    seconds = Math.min(seconds, max);
    boolean mfa = caller.mfa();
    Long mfaAuthTime = caller.mfaAuthTime();
    if (q.get("SerialNumber").isPresent() || q.get("TokenCode").isPresent()) {
      verifyMfa(authorizer.directory(), me, q.get("SerialNumber").orElse(null), q.get("TokenCode").orElse(null), now);
      mfa = true;
      mfaAuthTime = now.getEpochSecond();
    }
    String name = me instanceof Identity.UserIdentity u ? u.user().name() : "root";
    String id = me instanceof Identity.UserIdentity u ? u.user().id() : me.tenant().id();
    StsSession session = new StsSession(StsSession.Kind.USER, issuer, me.tenant().id(), name, id, "", StsTokens.newAccessKeyId(),
        StsTokens.newSecret(), StsTokens.newTokenId(), now, now.plusSeconds(seconds), null, List.of(), Map.of(), Set.of(), null,
        mfa, mfa ? mfaAuthTime : null, false, Map.of());
    credentials(xml, session, StsTokens.issue(key, session));
  }

  // ------------------------------------------------------------------ DecodeAuthorizationMessage

  /**
   * Needs {@code sts:DecodeAuthorizationMessage}, and decodes only messages issued to callers of the
   * caller's own tenant (taken from the authenticated identity, never from the request).
   */
  private void decode(QueryRequest q, StsCaller caller, QueryXml xml, Decider decider) {
    String encoded = q.required("EncodedMessage");
    if (encoded.length() > 10_240) {
      throw lengthError("encodedMessage", encoded, 1, 10_240);
    }
    Identity me = caller.identity();
    decide(decider, me, "sts:DecodeAuthorizationMessage", "*", null, caller.requestContext(),
        "User: " + me.caller().display() + " is not authorized to perform: sts:DecodeAuthorizationMessage");
    try {
      xml.text("DecodedMessage", AuthorizationMessages.decode(key, me.tenant().id(), encoded).toString());
    } catch (AuthorizationMessages.OtherTenantException e) {
      throw AwsError.accessDenied("User: " + me.caller().display() + " is not authorized to decode this message: it was "
          + "issued for a caller of another tenant");
    } catch (IamException e) {
      throw new AwsError("InvalidAuthorizationMessageException", 400, "The encoded message is not valid: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ shared

  private static void credentials(QueryXml xml, StsSession s, String token) {
    xml.open("Credentials")
        .text("AccessKeyId", s.accessKeyId())
        .text("SecretAccessKey", s.secretAccessKey())
        .text("SessionToken", token)
        .text("Expiration", s.expires())
        .close("Credentials");
  }

  /** PackedPolicySize: the percentage of {@link #PACKED_LIMIT_BYTES} used, refused above 100. */
  static int packedPercent(StsSession s) {
    if (s.policy() == null && s.policyArns().isEmpty() && s.tags().isEmpty()) {
      return 0;
    }
    int percent = (int) Math.ceil(StsTokens.packedSize(s) * 100.0 / PACKED_LIMIT_BYTES);
    if (percent > 100) {
      throw new AwsError("PackedPolicyTooLarge", 400, "Packed policy consumes " + percent
          + "% of allotted space, please use smaller policy for this session.");
    }
    return percent;
  }

  /** Session tags: {@code Tags.member.N.Key/Value}, at most 50, keys unique regardless of case. */
  static Map<String, String> tags(QueryRequest q) {
    List<Map<String, String>> raw = q.structs("Tags", List.of("Key", "Value"));
    if (raw.size() > MAX_TAGS) {
      throw constraint("tags", String.valueOf(raw.size()), "Member must have length less than or equal to " + MAX_TAGS);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, String> t : raw) {
      String k = t.get("Key");
      String v = t.get("Value");
      if (k == null || v == null) {
        throw AwsError.missing(k == null ? "Tags.member.N.Key" : "Tags.member.N.Value");
      }
      if (!TAG_KEY.matcher(k).matches() || k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw constraint("tags.member.key", k, "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+ and have length 1 to 128");
      }
      if (!TAG_VALUE.matcher(v).matches()) {
        throw constraint("tags.member.value", v, "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]* and have length 0 to 256");
      }
      if (out.keySet().stream().anyMatch(k::equalsIgnoreCase)) {
        throw new AwsError("InvalidParameterValue", 400, "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
      }
      out.put(k, v);
    }
    return out;
  }

  /** The session policies of a request: the inline {@code Policy} and {@code PolicyArns.member.N.arn}. */
  final class SessionPolicies {
    private final String inline;
    private final List<String> arns;

    SessionPolicies(String inline, List<String> arns) {
      this.inline = inline;
      this.arns = arns;
    }

    String inline() {
      return inline;
    }

    List<String> arns() {
      return arns;
    }

    boolean present() {
      return inline != null || !arns.isEmpty();
    }

    /** Every ARN must name a managed policy the role's tenant can use. */
    void resolve(Directory directory, Tenant tenant) {
      for (String arn : arns) {
        if (directory.managedPolicy(tenant, arn).isEmpty()) {
          throw new AwsError("InvalidParameterValue", 400, "The policy " + QueryRequest.printable(arn) + " does not exist or is not attachable.");
        }
      }
    }
  }

  SessionPolicies sessionPolicies(QueryRequest q) {
    String inline = q.get("Policy").orElse(null);
    if (inline != null) {
      if (inline.isEmpty() || inline.length() > MAX_POLICY_CHARS) {
        throw lengthError("policy", "", 1, MAX_POLICY_CHARS);
      }
      try {
        parser.parse(inline, PolicyType.SESSION, "Policy");
      } catch (PolicyException e) {
        throw new AwsError("MalformedPolicyDocument", 400, e.getMessage());
      }
    }
    List<String> arns = new ArrayList<>();
    for (Map<String, String> m : q.structs("PolicyArns", List.of("arn"))) {
      String arn = m.get("arn");
      if (arn == null || arn.length() < 20 || arn.length() > 2048) {
        throw lengthError("policyArns.member.arn", arn == null ? "" : arn, 20, 2048);
      }
      arns.add(arn);
    }
    if (arns.size() > MAX_POLICY_ARNS) {
      throw constraint("policyArns", String.valueOf(arns.size()), "Member must have length less than or equal to " + MAX_POLICY_ARNS);
    }
    return new SessionPolicies(inline, arns);
  }

  /** AWS's validation message: {@code 1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: ...}. */
  static AwsError constraint(String member, String value, String rule) {
    return AwsError.validation("1 validation error detected: Value '" + QueryRequest.printable(value) + "' at '" + member
        + "' failed to satisfy constraint: " + rule);
  }

  private static AwsError lengthError(String member, String value, int min, int max) {
    return constraint(member, value.length() > 64 ? value.substring(0, 64) + "..." : value,
        "Member must have length between " + min + " and " + max);
  }
}
