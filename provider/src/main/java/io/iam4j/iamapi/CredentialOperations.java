package io.iam4j.iamapi;

import io.iam4j.authz.Authorizer;
import io.iam4j.config.ConfigWriter;
import io.iam4j.config.FileChange;
import io.iam4j.crypto.MfaSeeds;
import io.iam4j.crypto.PasswordHashes;
import io.iam4j.crypto.QrCode;
import io.iam4j.crypto.Totp;
import io.iam4j.directory.Identity;
import io.iam4j.directory.LoginProfile;
import io.iam4j.directory.MfaDevice;
import io.iam4j.directory.PasswordPolicy;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.RequestContext;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How users prove who they are, as the IAM API Reference describes it: login profiles ({@code
 * CreateLoginProfile}, {@code GetLoginProfile}, {@code UpdateLoginProfile}, {@code
 * DeleteLoginProfile}, {@code ChangePassword}), the tenant's password policy ({@code
 * GetAccountPasswordPolicy}, {@code UpdateAccountPasswordPolicy}, {@code
 * DeleteAccountPasswordPolicy}) and virtual MFA devices ({@code CreateVirtualMFADevice}, {@code
 * EnableMFADevice}, {@code ResyncMFADevice}, {@code DeactivateMFADevice}, {@code
 * DeleteVirtualMFADevice}, {@code ListMFADevices}, {@code ListVirtualMFADevices}).
 *
 * <p>Storage: a password is its PBKDF2 hash ({@code "passwordHash"}) with {@code "loginProfile"}
 * (dates, reset flag, previous hashes for reuse prevention) in the user's file; the policy is {@code
 * "passwordPolicy"} of {@code tenant.json}. A virtual MFA device created and not yet enabled is
 * {@code mfa/NAME.json}, its seed sealed for {@code mfa/NAME}: it belongs to no user, so a user's
 * file is not touched before the device proves itself with two codes. Enabling moves the seed into
 * the user's file ({@code "mfaSeed"}, sealed for that user, and {@code "mfaDevice"}); deactivating
 * moves it back. Clear-text passwords and seeds are never stored, logged or echoed (the seed is
 * answered once, by CreateVirtualMFADevice, as IAM does).
 */
public final class CredentialOperations implements IamOperations {
  private static final Pattern SERIAL = Pattern.compile("[\\w+=/:,.@-]{9,256}");
  /** How many 30-second steps back EnableMFADevice looks for the two codes (typing them takes time). */
  private static final int ENABLE_WINDOW = 4;
  /** ResyncMFADevice looks further: the device's clock may have drifted (ten minutes). */
  private static final int RESYNC_WINDOW = 20;

  @Override
  public Set<String> actions() {
    return Set.of("CreateLoginProfile", "GetLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ChangePassword",
        "GetAccountPasswordPolicy", "UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy", "CreateVirtualMFADevice",
        "EnableMFADevice", "ResyncMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice", "ListMFADevices",
        "ListVirtualMFADevices");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "CreateLoginProfile" -> createLoginProfile(q, call, xml);
      case "GetLoginProfile" -> getLoginProfile(q, call, xml);
      case "UpdateLoginProfile" -> {
        updateLoginProfile(q, call);
        return false;
      }
      case "DeleteLoginProfile" -> {
        deleteLoginProfile(q, call);
        return false;
      }
      case "ChangePassword" -> {
        changePassword(q, call);
        return false;
      }
      case "GetAccountPasswordPolicy" -> getPasswordPolicy(call, xml);
      case "UpdateAccountPasswordPolicy" -> {
        updatePasswordPolicy(q, call);
        return false;
      }
      case "DeleteAccountPasswordPolicy" -> {
        deletePasswordPolicy(call);
        return false;
      }
      case "CreateVirtualMFADevice" -> createVirtualMfa(q, call, xml);
      case "EnableMFADevice" -> {
        enableMfa(q, call);
        return false;
      }
      case "ResyncMFADevice" -> {
        resyncMfa(q, call);
        return false;
      }
      case "DeactivateMFADevice" -> {
        deactivateMfa(q, call);
        return false;
      }
      case "DeleteVirtualMFADevice" -> {
        deleteVirtualMfa(q, call);
        return false;
      }
      case "ListMFADevices" -> listMfa(q, call, xml);
      case "ListVirtualMFADevices" -> listVirtualMfa(q, call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  // ---- login profiles

  private void createLoginProfile(QueryRequest q, IamCall call, QueryXml xml) {
    String name = AccessKeyOperations.userName(q, call.caller());
    boolean reset = bool(q, "PasswordResetRequired", false);
    call.authorize("CreateLoginProfile", AccessKeyOperations.userArn(call, name), UserOperations.resourceTags(call.tenant().users().get(name)));
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    User u = UserOperations.requireUser(s.tenant(), name);
    if (u.credentials() != null && u.credentials().passwordHash() != null) {
      throw IamErrors.alreadyExists("Login Profile for user " + name + " already exists.");
    }
    char[] password = password(q, "Password");
    String hash;
    try {
      checkPolicy(s.tenant(), password);
      hash = PasswordHashes.hash(password);
    } finally {
      PasswordHashes.clear(password);
    }
    Instant now = now(call);
    ObjectNode o = JsonEdit.parse(s.files().get(UserOperations.userFile(name)));
    o = JsonEdit.with(o, "passwordHash", JsonEdit.str(hash));
    o = JsonEdit.with(o, "loginProfile", profileNode(new LoginProfile(now, now, reset, List.of())));
    UserOperations.write(call, s, List.of(FileChange.put(UserOperations.userFile(name), JsonEdit.print(o))), "CreateLoginProfile " + name);
    xml.open("LoginProfile").text("UserName", name).text("CreateDate", now).text("PasswordResetRequired", reset).close("LoginProfile");
  }

  private void getLoginProfile(QueryRequest q, IamCall call, QueryXml xml) {
    String name = AccessKeyOperations.userName(q, call.caller());
    call.authorize("GetLoginProfile", AccessKeyOperations.userArn(call, name), UserOperations.resourceTags(call.tenant().users().get(name)));
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    User u = UserOperations.requireUser(s.tenant(), name);
    LoginProfile p = profile(call, s, u);
    // An expired password must be changed before the next sign-in: IAM's reset-required state.
    boolean reset = p.resetRequired() || policy(s.tenant()).expired(p.changed(), call.clock().instant());
    xml.open("LoginProfile").text("UserName", name).text("CreateDate", p.created()).text("PasswordResetRequired", reset)
        .close("LoginProfile");
  }

  private void updateLoginProfile(QueryRequest q, IamCall call) {
    String name = AccessKeyOperations.userName(q, call.caller());
    call.authorize("UpdateLoginProfile", AccessKeyOperations.userArn(call, name), UserOperations.resourceTags(call.tenant().users().get(name)));
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    User u = UserOperations.requireUser(s.tenant(), name);
    LoginProfile p = profile(call, s, u);
    boolean reset = q.get("PasswordResetRequired").isPresent() ? bool(q, "PasswordResetRequired", false) : p.resetRequired();
    ObjectNode o = JsonEdit.parse(s.files().get(UserOperations.userFile(name)));
    if (q.get("Password").isPresent()) {
      char[] password = password(q, "Password");
      try {
        o = setPassword(call, s.tenant(), u, p, o, password, reset);
      } finally {
        PasswordHashes.clear(password);
      }
    } else {
      o = JsonEdit.with(o, "loginProfile", profileNode(new LoginProfile(p.created(), p.changed(), reset, p.history())));
    }
    UserOperations.write(call, s, List.of(FileChange.put(UserOperations.userFile(name), JsonEdit.print(o))), "UpdateLoginProfile " + name);
  }

  private void deleteLoginProfile(QueryRequest q, IamCall call) {
    String name = AccessKeyOperations.userName(q, call.caller());
    call.authorize("DeleteLoginProfile", AccessKeyOperations.userArn(call, name), UserOperations.resourceTags(call.tenant().users().get(name)));
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    User u = UserOperations.requireUser(s.tenant(), name);
    profile(call, s, u);
    ObjectNode o = JsonEdit.parse(s.files().get(UserOperations.userFile(name)));
    o = JsonEdit.with(JsonEdit.with(o, "passwordHash", null), "loginProfile", null);
    UserOperations.write(call, s, List.of(FileChange.put(UserOperations.userFile(name), JsonEdit.print(o))), "DeleteLoginProfile " + name);
  }

  private void changePassword(QueryRequest q, IamCall call) {
    if (!(call.caller() instanceof Identity.UserIdentity me)) {
      throw new AwsError("InvalidUserType", 400, "Only an IAM user can change its own password");
    }
    String name = me.user().name();
    String arn = AccessKeyOperations.userArn(call, name);
    RequestContext keys = UserOperations.resourceTags(me.user());
    if (policy(call.tenant()).allowUsersToChangePassword() && call.tenant().passwordPolicy() != null) {
      // IAM: AllowUsersToChangePassword lets every user change its own password without an allow for
      // iam:ChangePassword; an explicit deny still refuses (then answered with IAM's sentence).
      RequestContext.Builder ctx = call.context().toBuilder();
      keys.asMap().forEach(ctx::put);
      Authorizer.Result r = call.authorizer().authorize(call.caller(), "iam:ChangePassword", arn, call.tenant().id(), ctx.build());
      if (r.decision().outcome() == Outcome.EXPLICIT_DENY) {
        call.authorize("ChangePassword", arn, keys);
      }
    } else {
      call.authorize("ChangePassword", arn, keys);
    }
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    User u = UserOperations.requireUser(s.tenant(), name);
    LoginProfile p = profile(call, s, u);
    PasswordPolicy policy = policy(s.tenant());
    if (policy.hardExpiry() && policy.expired(p.changed(), call.clock().instant())) {
      throw new AwsError("EntityTemporarilyUnmodifiable", 409, "The password has expired and the account's password policy "
          + "sets HardExpiry: only an administrator can reset it (UpdateLoginProfile)");
    }
    char[] old = password(q, "OldPassword");
    char[] fresh = password(q, "NewPassword");
    try {
      if (!PasswordHashes.verify(old, u.credentials().passwordHash())) {
        throw AwsError.accessDenied("The old password is not the current password of user " + name);
      }
      ObjectNode o = setPassword(call, s.tenant(), u, p, JsonEdit.parse(s.files().get(UserOperations.userFile(name))), fresh, false);
      UserOperations.write(call, s, List.of(FileChange.put(UserOperations.userFile(name), JsonEdit.print(o))), "ChangePassword " + name);
    } finally {
      PasswordHashes.clear(old);
      PasswordHashes.clear(fresh);
    }
  }

  /**
   * The user's file with a new password: checked against the policy and against the previous
   * passwords it may not reuse, the old hash kept in the history as long as the policy asks.
   */
  private static ObjectNode setPassword(IamCall call, Tenant t, User u, LoginProfile p, ObjectNode o, char[] password, boolean reset) {
    checkPolicy(t, password);
    PasswordPolicy policy = policy(t);
    String current = u.credentials().passwordHash();
    List<String> previous = new ArrayList<>();
    previous.add(current);
    previous.addAll(p.history());
    int keep = policy.passwordReusePrevention();
    for (String h : previous.subList(0, Math.min(keep, previous.size()))) {
      if (PasswordHashes.verify(password, h)) {
        throw new AwsError("PasswordPolicyViolation", 400, "Password does not conform to the account password policy: it "
            + "must not be one of the previous " + keep + " passwords.");
      }
    }
    Instant now = now(call);
    List<String> history = previous.subList(0, Math.min(keep, previous.size()));
    o = JsonEdit.with(o, "passwordHash", JsonEdit.str(PasswordHashes.hash(password)));
    return JsonEdit.with(o, "loginProfile", profileNode(new LoginProfile(p.created(), now, reset, history)));
  }

  private static void checkPolicy(Tenant t, char[] password) {
    String why = policy(t).violation(password);
    if (why != null) {
      throw new AwsError("PasswordPolicyViolation", 400, why);
    }
  }

  /** The tenant's policy, or IAM's default (8 characters) when it has none. */
  static PasswordPolicy policy(Tenant t) {
    return t.passwordPolicy() == null ? PasswordPolicy.NONE : t.passwordPolicy();
  }

  private static LoginProfile profile(IamCall call, ConfigWriter.Snapshot s, User u) {
    if (u.credentials() == null || u.credentials().passwordHash() == null) {
      throw IamErrors.noSuchEntity("Login Profile for User " + u.name() + " cannot be found.");
    }
    LoginProfile p = u.credentials().loginProfile();
    if (p != null && p.created() != null && p.changed() != null) {
      return p;
    }
    // A password written by hand: its file's date is the closest fact about when it was set.
    Instant fileDate = UserOperations.created(call, s, UserOperations.userFile(u.name()));
    return new LoginProfile(p == null || p.created() == null ? fileDate : p.created(), p == null || p.changed() == null ? fileDate
        : p.changed(), p != null && p.resetRequired(), p == null ? List.of() : p.history());
  }

  private static JsonNode profileNode(LoginProfile p) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    m.put("created", JsonEdit.str(p.created().toString()));
    m.put("changed", JsonEdit.str(p.changed().toString()));
    if (p.resetRequired()) {
      m.put("resetRequired", JsonEdit.bool(true));
    }
    if (!p.history().isEmpty()) {
      m.put("history", JsonEdit.array(p.history()));
    }
    return JsonEdit.object(m);
  }

  /** A password parameter (never quoted in any message). */
  private static char[] password(QueryRequest q, String param) {
    String v = q.required(param);
    if (v.length() > 128) {
      throw AwsError.validation("1 validation error detected: Value at '" + IamErrors.QueryRequestNames.member(param)
          + "' failed to satisfy constraint: Member must have length less than or equal to 128");
    }
    return v.toCharArray();
  }

  // ---- the password policy

  private void getPasswordPolicy(IamCall call, QueryXml xml) {
    call.authorize("GetAccountPasswordPolicy", "*");
    Tenant t = UserOperations.snapshot(call).tenant();
    PasswordPolicy p = t.passwordPolicy();
    if (p == null) {
      throw IamErrors.noSuchEntity("The Password Policy with domain name " + t.id() + " cannot be found.");
    }
    xml.open("PasswordPolicy").text("MinimumPasswordLength", p.minimumPasswordLength()).text("RequireSymbols", p.requireSymbols())
        .text("RequireNumbers", p.requireNumbers()).text("RequireUppercaseCharacters", p.requireUppercaseCharacters())
        .text("RequireLowercaseCharacters", p.requireLowercaseCharacters())
        .text("AllowUsersToChangePassword", p.allowUsersToChangePassword()).text("ExpirePasswords", p.maxPasswordAge() > 0);
    if (p.maxPasswordAge() > 0) {
      xml.text("MaxPasswordAge", p.maxPasswordAge());
    }
    if (p.passwordReusePrevention() > 0) {
      xml.text("PasswordReusePrevention", p.passwordReusePrevention());
    }
    xml.text("HardExpiry", p.hardExpiry()).close("PasswordPolicy");
  }

  /** Replaces the whole policy: a parameter not given takes IAM's default, as UpdateAccountPasswordPolicy does. */
  private void updatePasswordPolicy(QueryRequest q, IamCall call) {
    int min = range(q, "MinimumPasswordLength", 6, 128, 8);
    int age = range(q, "MaxPasswordAge", 1, 1095, 0);
    int reuse = range(q, "PasswordReusePrevention", 1, 24, 0);
    PasswordPolicy p = new PasswordPolicy(min, bool(q, "RequireSymbols", false), bool(q, "RequireNumbers", false),
        bool(q, "RequireUppercaseCharacters", false), bool(q, "RequireLowercaseCharacters", false),
        bool(q, "AllowUsersToChangePassword", false), age, reuse, bool(q, "HardExpiry", false));
    call.authorize("UpdateAccountPasswordPolicy", "*");
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    Map<String, JsonNode> m = new LinkedHashMap<>();
    m.put("minimumPasswordLength", JsonEdit.num(p.minimumPasswordLength()));
    m.put("requireSymbols", JsonEdit.bool(p.requireSymbols()));
    m.put("requireNumbers", JsonEdit.bool(p.requireNumbers()));
    m.put("requireUppercaseCharacters", JsonEdit.bool(p.requireUppercaseCharacters()));
    m.put("requireLowercaseCharacters", JsonEdit.bool(p.requireLowercaseCharacters()));
    m.put("allowUsersToChangePassword", JsonEdit.bool(p.allowUsersToChangePassword()));
    if (age > 0) {
      m.put("maxPasswordAge", JsonEdit.num(age));
    }
    if (reuse > 0) {
      m.put("passwordReusePrevention", JsonEdit.num(reuse));
    }
    m.put("hardExpiry", JsonEdit.bool(p.hardExpiry()));
    ObjectNode o = JsonEdit.with(JsonEdit.parse(s.files().get("tenant.json")), "passwordPolicy", JsonEdit.object(m));
    UserOperations.write(call, s, List.of(FileChange.put("tenant.json", JsonEdit.print(o))), "UpdateAccountPasswordPolicy");
  }

  private void deletePasswordPolicy(IamCall call) {
    call.authorize("DeleteAccountPasswordPolicy", "*");
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    if (s.tenant().passwordPolicy() == null) {
      throw IamErrors.noSuchEntity("The account policy with name PasswordPolicy cannot be found.");
    }
    ObjectNode o = JsonEdit.with(JsonEdit.parse(s.files().get("tenant.json")), "passwordPolicy", null);
    UserOperations.write(call, s, List.of(FileChange.put("tenant.json", JsonEdit.print(o))), "DeleteAccountPasswordPolicy");
  }

  private static int range(QueryRequest q, String param, int min, int max, int dflt) {
    Integer v = q.integer(param);
    if (v == null) {
      return dflt;
    }
    if (v < min || v > max) {
      throw AwsError.constraint(IamErrors.QueryRequestNames.member(param), v.toString(),
          "Member must have value " + (v < min ? "greater than or equal to " + min : "less than or equal to " + max));
    }
    return v;
  }

  private static boolean bool(QueryRequest q, String param, boolean dflt) {
    String v = q.get(param).orElse(null);
    if (v == null) {
      return dflt;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw AwsError.constraint(IamErrors.QueryRequestNames.member(param), v, "Member must be true or false");
  }

  // ---- virtual MFA devices

  /** A device's name and path, from its serial number (its ARN) in the caller's tenant. */
  private record DeviceId(String name, String path) {}

  private static String mfaArn(IamCall call, String path, String name) {
    return call.directory().arns().mfa(call.tenant().id(), path.substring(1) + name);
  }

  private static DeviceId serial(IamCall call, QueryRequest q) {
    String serial = q.required("SerialNumber");
    if (!SERIAL.matcher(serial).matches()) {
      throw AwsError.constraint("serialNumber", serial, "Member must satisfy regular expression pattern: [\\w+=/:,.@-]+ and have length 9 to 256");
    }
    String prefix = call.directory().arns().mfa(call.tenant().id(), "");
    if (!serial.startsWith(prefix)) {
      throw IamErrors.noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
    }
    String rest = serial.substring(prefix.length());
    int slash = rest.lastIndexOf('/');
    String name = rest.substring(slash + 1);
    String path = slash < 0 ? "/" : "/" + rest.substring(0, slash + 1);
    if (!IamErrors.USER_NAME.matcher(name).matches() || !IamErrors.PATH.matcher(path).matches()) {
      throw IamErrors.noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
    }
    return new DeviceId(name, path);
  }

  private static String pendingFile(String name) {
    return "mfa/" + name + ".json";
  }

  /** The owner a device's seed is sealed for while it belongs to no user (user names have no slash). */
  private static String unassignedOwner(String name) {
    return "mfa/" + name;
  }

  private void createVirtualMfa(QueryRequest q, IamCall call, QueryXml xml) {
    String name = IamErrors.name(q, "VirtualMFADeviceName", IamErrors.USER_NAME, 64);
    String path = IamErrors.path(q, "Path");
    String arn = mfaArn(call, path, name);
    call.authorize("CreateVirtualMFADevice", arn);
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    if (deviceExists(s, name)) {
      throw IamErrors.alreadyExists("MFADevice entity at the same path and name already exists.");
    }
    byte[] seed = MfaSeeds.newSeed();
    try {
      String base32 = Totp.base32Encode(seed);
      Map<String, JsonNode> m = new LinkedHashMap<>();
      if (!path.equals("/")) {
        m.put("path", JsonEdit.str(path));
      }
      m.put("created", JsonEdit.str(now(call).toString()));
      m.put("seed", JsonEdit.str(MfaSeeds.encrypt(call.key(), s.tenant().id(), unassignedOwner(name), seed)));
      UserOperations.write(call, s, List.of(FileChange.put(pendingFile(name), JsonEdit.print((ObjectNode) JsonEdit.object(m)))),
          "CreateVirtualMFADevice " + name);
      // The URI authenticator apps read (Google's Key Uri Format): the label names the device and the tenant.
      String label = enc("iam4j") + ":" + enc(name + "@" + s.tenant().id());
      String uri = "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=iam4j";
      // Both are blobs in IAM's API: base-64 on the wire (the seed as its base-32 text).
      xml.open("VirtualMFADevice").text("SerialNumber", arn)
          .text("Base32StringSeed", Base64.getEncoder().encodeToString(base32.getBytes(StandardCharsets.US_ASCII)))
          .text("QRCodePNG", Base64.getEncoder().encodeToString(QrCode.of(uri).png(6))).close("VirtualMFADevice");
    } finally {
      java.util.Arrays.fill(seed, (byte) 0);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean deviceExists(ConfigWriter.Snapshot s, String name) {
    for (String f : s.files().keySet()) {
      if (f.startsWith("mfa/") && f.substring(4).equalsIgnoreCase(name + ".json")) {
        return true;
      }
    }
    return s.tenant().users().values().stream().anyMatch(u -> u.credentials() != null && u.credentials().mfaDevice() != null
        && u.credentials().mfaDevice().name().equalsIgnoreCase(name));
  }

  private void enableMfa(QueryRequest q, IamCall call) {
    String user = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    String code1 = q.required("AuthenticationCode1");
    String code2 = q.required("AuthenticationCode2");
    call.authorize("EnableMFADevice", AccessKeyOperations.userArn(call, user), UserOperations.resourceTags(call.tenant().users().get(user)));
    DeviceId id = serial(call, q);
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    User u = UserOperations.requireUser(s.tenant(), user);
    String pending = s.files().get(pendingFile(id.name()));
    if (pending == null) {
      if (deviceExists(s, id.name())) {
        throw IamErrors.alreadyExists("MFA Device is already in use.");
      }
      throw IamErrors.noSuchEntity("MFA Device with serial number " + mfaArn(call, id.path(), id.name()) + " does not exist.");
    }
    ObjectNode device = JsonEdit.parse(pending);
    String path = JsonEdit.string(device, "path").orElse("/");
    if (!path.equals(id.path())) {
      throw IamErrors.noSuchEntity("MFA Device with serial number " + mfaArn(call, id.path(), id.name()) + " does not exist.");
    }
    if (u.credentials() != null && u.credentials().hasMfaDevice()) {
      // A user's file holds one seed: sign-in and STS verify codes of that one device.
      throw IamErrors.limitExceeded("Cannot exceed quota for MfaDevicesPerUser: 1");
    }
    byte[] seed = MfaSeeds.decrypt(call.key(), s.tenant().id(), unassignedOwner(id.name()), JsonEdit.string(device, "seed").orElseThrow());
    try {
      if (Totp.consecutiveSteps(seed, code1, code2, call.clock().instant(), ENABLE_WINDOW).isEmpty()) {
        throw new AwsError("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.");
      }
      ObjectNode o = JsonEdit.parse(s.files().get(UserOperations.userFile(user)));
      o = JsonEdit.with(o, "mfaSeed", JsonEdit.str(MfaSeeds.encrypt(call.key(), s.tenant().id(), user, seed)));
      Map<String, JsonNode> m = new LinkedHashMap<>();
      m.put("name", JsonEdit.str(id.name()));
      m.put("path", JsonEdit.str(path));
      m.put("enabled", JsonEdit.str(now(call).toString()));
      o = JsonEdit.with(o, "mfaDevice", JsonEdit.object(m));
      UserOperations.write(call, s, List.of(FileChange.delete(pendingFile(id.name())),
          FileChange.put(UserOperations.userFile(user), JsonEdit.print(o))), "EnableMFADevice " + id.name() + " for " + user);
    } finally {
      java.util.Arrays.fill(seed, (byte) 0);
    }
  }

  /** The user's device named by the serial number, or NoSuchEntity. */
  private static MfaDevice usersDevice(IamCall call, User u, DeviceId id) {
    MfaDevice d = u.credentials() == null ? null : u.credentials().mfaDevice();
    if (d == null || !d.name().equals(id.name()) || !d.path().equals(id.path())) {
      throw IamErrors.noSuchEntity("MFA Device with serial number " + mfaArn(call, id.path(), id.name())
          + " is not enabled for user " + u.name() + ".");
    }
    return d;
  }

  /**
   * Checks two consecutive codes over a ten-minute window. Codes are verified against the server's
   * clock at sign-in (one step either side), so there is no per-device drift to store: a device that
   * passes here works; one that does not is refused with IAM's error.
   */
  private void resyncMfa(QueryRequest q, IamCall call) {
    String user = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    String code1 = q.required("AuthenticationCode1");
    String code2 = q.required("AuthenticationCode2");
    call.authorize("ResyncMFADevice", AccessKeyOperations.userArn(call, user), UserOperations.resourceTags(call.tenant().users().get(user)));
    DeviceId id = serial(call, q);
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    User u = UserOperations.requireUser(s.tenant(), user);
    usersDevice(call, u, id);
    byte[] seed = MfaSeeds.decrypt(call.key(), s.tenant().id(), user, u.credentials().totpSeedEncrypted());
    try {
      if (Totp.consecutiveSteps(seed, code1, code2, call.clock().instant(), RESYNC_WINDOW).isEmpty()) {
        throw new AwsError("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.");
      }
    } finally {
      java.util.Arrays.fill(seed, (byte) 0);
    }
  }

  /** Takes the device from the user; it stays, unassigned, until DeleteVirtualMFADevice (as in IAM). */
  private void deactivateMfa(QueryRequest q, IamCall call) {
    String user = IamErrors.name(q, "UserName", IamErrors.USER_NAME, 64);
    call.authorize("DeactivateMFADevice", AccessKeyOperations.userArn(call, user), UserOperations.resourceTags(call.tenant().users().get(user)));
    DeviceId id = serial(call, q);
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    User u = UserOperations.requireUser(s.tenant(), user);
    MfaDevice d = usersDevice(call, u, id);
    byte[] seed = MfaSeeds.decrypt(call.key(), s.tenant().id(), user, u.credentials().totpSeedEncrypted());
    try {
      Map<String, JsonNode> m = new LinkedHashMap<>();
      if (!d.path().equals("/")) {
        m.put("path", JsonEdit.str(d.path()));
      }
      m.put("created", JsonEdit.str((d.enabled() == null ? now(call) : d.enabled()).toString()));
      m.put("seed", JsonEdit.str(MfaSeeds.encrypt(call.key(), s.tenant().id(), unassignedOwner(d.name()), seed)));
      ObjectNode o = JsonEdit.parse(s.files().get(UserOperations.userFile(user)));
      o = JsonEdit.with(JsonEdit.with(o, "mfaSeed", null), "mfaDevice", null);
      UserOperations.write(call, s, List.of(FileChange.put(UserOperations.userFile(user), JsonEdit.print(o)),
          FileChange.put(pendingFile(d.name()), JsonEdit.print((ObjectNode) JsonEdit.object(m)))),
          "DeactivateMFADevice " + d.name() + " of " + user);
    } finally {
      java.util.Arrays.fill(seed, (byte) 0);
    }
  }

  private void deleteVirtualMfa(QueryRequest q, IamCall call) {
    DeviceId id = serial(call, q);
    call.authorize("DeleteVirtualMFADevice", mfaArn(call, id.path(), id.name()));
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    String pending = s.files().get(pendingFile(id.name()));
    if (pending == null || !JsonEdit.string(JsonEdit.parse(pending), "path").orElse("/").equals(id.path())) {
      if (deviceExists(s, id.name())) {
        throw IamErrors.deleteConflict("MFA device is still in use: deactivate it first (DeactivateMFADevice).");
      }
      throw IamErrors.noSuchEntity("MFA Device with serial number " + mfaArn(call, id.path(), id.name()) + " does not exist.");
    }
    UserOperations.write(call, s, List.of(FileChange.delete(pendingFile(id.name()))), "DeleteVirtualMFADevice " + id.name());
  }

  private void listMfa(QueryRequest q, IamCall call, QueryXml xml) {
    String user = AccessKeyOperations.userName(q, call.caller());
    call.authorize("ListMFADevices", AccessKeyOperations.userArn(call, user), UserOperations.resourceTags(call.tenant().users().get(user)));
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    User u = UserOperations.requireUser(s.tenant(), user);
    xml.open("MFADevices");
    if (u.credentials() != null && u.credentials().hasMfaDevice()) {
      MfaDevice d = u.credentials().mfaDevice() == null ? MfaDevice.of(user) : u.credentials().mfaDevice();
      xml.open("member").text("UserName", user).text("SerialNumber", d.serial(call.directory().arns(), s.tenant().id()))
          .text("EnableDate", d.enabled() == null ? UserOperations.created(call, s, UserOperations.userFile(user)) : d.enabled())
          .close("member");
    }
    xml.close("MFADevices").text("IsTruncated", false);
  }

  private record Listed(String serial, User user, Instant enabled) {}

  private void listVirtualMfa(QueryRequest q, IamCall call, QueryXml xml) {
    String status = q.get("AssignmentStatus").orElse("Any");
    if (!List.of("Assigned", "Unassigned", "Any").contains(status)) {
      throw AwsError.constraint("assignmentStatus", status, "Member must satisfy enum value set: [Assigned, Unassigned, Any]");
    }
    call.authorize("ListVirtualMFADevices", "*");
    ConfigWriter.Snapshot s = UserOperations.snapshot(call);
    Tenant t = s.tenant();
    List<Listed> all = new ArrayList<>();
    if (!status.equals("Unassigned")) {
      for (User u : t.users().values()) {
        if (u.credentials() != null && u.credentials().hasMfaDevice()) {
          MfaDevice d = u.credentials().mfaDevice() == null ? MfaDevice.of(u.name()) : u.credentials().mfaDevice();
          all.add(new Listed(d.serial(call.directory().arns(), t.id()), u,
              d.enabled() == null ? UserOperations.created(call, s, UserOperations.userFile(u.name())) : d.enabled()));
        }
      }
    }
    if (!status.equals("Assigned")) {
      for (Map.Entry<String, String> f : s.files().entrySet()) {
        String k = f.getKey();
        if (k.startsWith("mfa/") && k.endsWith(".json") && k.indexOf('/', 4) < 0) {
          String name = k.substring(4, k.length() - 5);
          all.add(new Listed(mfaArn(call, JsonEdit.string(JsonEdit.parse(f.getValue()), "path").orElse("/"), name), null, null));
        }
      }
    }
    all.sort(Comparator.comparing(Listed::serial));
    Pages<Listed> page = Pages.of(q, all, Listed::serial);
    xml.open("VirtualMFADevices");
    for (Listed l : page.items()) {
      xml.open("member").text("SerialNumber", l.serial());
      if (l.user() != null) {
        User u = l.user();
        xml.open("User").text("Path", u.path()).text("UserName", u.name()).text("UserId", u.id())
            .text("Arn", call.directory().arns().user(t.id(), u.path(), u.name()))
            .text("CreateDate", UserOperations.created(call, s, UserOperations.userFile(u.name()))).close("User")
            .text("EnableDate", l.enabled());
      }
      xml.close("member");
    }
    xml.close("VirtualMFADevices").text("IsTruncated", page.truncated());
    if (page.truncated()) {
      xml.text("Marker", page.marker());
    }
  }

  private static Instant now(IamCall call) {
    return call.clock().instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
