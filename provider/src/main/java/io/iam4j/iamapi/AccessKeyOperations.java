package io.iam4j.iamapi;

import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.AccessKeys;
import io.iam4j.directory.AccessKey;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Access keys: {@code CreateAccessKey}, {@code ListAccessKeys}, {@code UpdateAccessKey}, {@code
 * DeleteAccessKey}, {@code GetAccessKeyLastUsed}. A request naming no user acts on the caller, as
 * IAM does, so that AWS's "manage your own access keys" policy ({@code user/${aws:username}}) works.
 */
public final class AccessKeyOperations implements IamOperations {
  static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final Pattern KEY_ID = Pattern.compile("[\\w]{16,128}");

  private final Supplier<AccessKeyUsage> usage;

  public AccessKeyOperations(Supplier<AccessKeyUsage> usage) {
    this.usage = usage;
  }

  @Override
  public Set<String> actions() {
    return Set.of("CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "GetAccessKeyLastUsed");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    AccessKeys keys = new AccessKeys(call.store(), call.key(), call.clock());
    switch (action) {
      case "CreateAccessKey" -> create(q, call, keys, xml);
      case "ListAccessKeys" -> list(q, call, keys, xml);
      case "UpdateAccessKey" -> {
        update(q, call, keys);
        return false;
      }
      case "DeleteAccessKey" -> {
        delete(q, call, keys);
        return false;
      }
      case "GetAccessKeyLastUsed" -> lastUsed(q, call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  /** The user a request names ({@code UserName}), or the calling user when it names none, as IAM does. */
  static String userName(QueryRequest q, Identity caller) {
    String name = q.get("UserName").orElse(null);
    if (name == null) {
      if (caller instanceof Identity.UserIdentity u) {
        return u.user().name();
      }
      throw AwsError.validation("Must specify userName when calling with non-User credentials");
    }
    if (!USER_NAME.matcher(name).matches()) {
      throw AwsError.validation("1 validation error detected: Value '" + QueryRequest.printable(name)
          + "' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length 1 to 64");
    }
    return name;
  }

  /** The ARN of a user of the caller's tenant (path "/" when it does not exist: the ARN the policy sees). */
  static String userArn(IamCall call, String user) {
    Tenant t = call.tenant();
    User u = t.users().get(user);
    return call.directory().arns().user(t.id(), u == null ? "/" : u.path(), user);
  }

  private void create(QueryRequest q, IamCall call, AccessKeys keys, QueryXml xml) {
    String user = userName(q, call.caller());
    call.authorize("CreateAccessKey", userArn(call, user));
    AccessKeys.Created c = keys.create(call.tenant().id(), user, call.actor());
    xml.open("AccessKey").text("UserName", c.userName()).text("AccessKeyId", c.accessKeyId()).text("Status", c.status().name())
        .text("SecretAccessKey", c.secretAccessKey()).text("CreateDate", c.createDate()).close("AccessKey");
  }

  private void list(QueryRequest q, IamCall call, AccessKeys keys, QueryXml xml) {
    String user = userName(q, call.caller());
    call.authorize("ListAccessKeys", userArn(call, user));
    List<AccessKeys.Metadata> all = keys.list(call.tenant().id(), user);
    xml.text("UserName", user).open("AccessKeyMetadata");
    for (AccessKeys.Metadata m : all) {
      xml.open("member").text("UserName", m.userName()).text("AccessKeyId", m.accessKeyId()).text("Status", m.status().name())
          .text("CreateDate", m.createDate()).close("member");
    }
    xml.close("AccessKeyMetadata").text("IsTruncated", false);
  }

  private void update(QueryRequest q, IamCall call, AccessKeys keys) {
    String user = userName(q, call.caller());
    String id = keyId(q);
    String status = q.required("Status");
    if (!status.equals("Active") && !status.equals("Inactive")) {
      throw AwsError.validation("1 validation error detected: Value '" + QueryRequest.printable(status)
          + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
    }
    call.authorize("UpdateAccessKey", userArn(call, user));
    keys.updateStatus(call.tenant().id(), user, id, AccessKey.Status.valueOf(status), call.actor());
  }

  private void delete(QueryRequest q, IamCall call, AccessKeys keys) {
    String user = userName(q, call.caller());
    String id = keyId(q);
    call.authorize("DeleteAccessKey", userArn(call, user));
    keys.delete(call.tenant().id(), user, id, call.actor());
    AccessKeyUsage u = usage.get();
    if (u != null) {
      u.forget(id);
    }
  }

  /** The owner of a key of the caller's tenant decides the resource; another tenant's key does not exist here. */
  private void lastUsed(QueryRequest q, IamCall call, QueryXml xml) {
    String id = keyId(q);
    String owner = call.directory().accessKey(id).filter(k -> k.tenant().id().equals(call.tenant().id()))
        .map(k -> k.user().name())
        .orElseThrow(() -> new AwsError("NoSuchEntity", 404, "The Access Key with id " + id + " cannot be found"));
    call.authorize("GetAccessKeyLastUsed", userArn(call, owner));
    AccessKeyUsage u = usage.get();
    AccessKeyUsage.LastUsed last = u == null ? AccessKeyUsage.LastUsed.NONE : u.lastUsed(id);
    xml.text("UserName", owner).open("AccessKeyLastUsed");
    if (last.used()) {
      xml.text("LastUsedDate", last.lastUsedDate());
    }
    xml.text("ServiceName", last.serviceName()).text("Region", last.region()).close("AccessKeyLastUsed");
  }

  private static String keyId(QueryRequest q) {
    String id = q.required("AccessKeyId");
    if (!KEY_ID.matcher(id).matches()) {
      throw AwsError.validation("1 validation error detected: Value '" + QueryRequest.printable(id)
          + "' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+ and have length 16 to 128");
    }
    return id;
  }
}
