package io.iam4j.sts;

import io.iam4j.authz.Authorizer;
import io.iam4j.config.AccessKeyException;
import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.AccessKeys;
import io.iam4j.config.ConfigConflictException;
import io.iam4j.directory.AccessKey;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.RequestContext;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The IAM API ({@code Version=2010-05-08}) on the AWS Query protocol: the access key operations
 * ({@code CreateAccessKey}, {@code ListAccessKeys}, {@code UpdateAccessKey}, {@code
 * DeleteAccessKey}, {@code GetAccessKeyLastUsed}). Every call is authorized by IAM itself: {@code
 * iam:ACTION} on the user's ARN, in the caller's tenant, so that a policy such as AWS's "manage your
 * own access keys" ({@code arn:...:user/${aws:username}}) works as it does in AWS. Thread-safe.
 */
public final class IamService {
  public static final String VERSION = "2010-05-08";
  private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final Pattern KEY_ID = Pattern.compile("[\\w]{16,128}");

  private final Authorizer authorizer;
  private final AccessKeys keys;
  private final Supplier<AccessKeyUsage> usage;

  public IamService(Authorizer authorizer, AccessKeys keys, Supplier<AccessKeyUsage> usage) {
    this.authorizer = authorizer;
    this.keys = keys;
    this.usage = usage;
  }

  /**
   * Answers one request with the XML reply.
   *
   * @throws AwsError for every refusal, with IAM's code
   */
  public String handle(QueryRequest q, Identity caller, RequestContext context, String requestId) {
    String action = q.action().orElseThrow(() -> AwsError.missing("Action"));
    if (!VERSION.equals(q.version().orElse(null))) {
      throw new AwsError("InvalidAction", 400, "Could not find operation " + QueryRequest.printable(action) + " for version "
          + QueryRequest.printable(q.version().orElse("NO_VERSION_SPECIFIED")));
    }
    QueryXml xml = new QueryXml();
    boolean result = true;
    try {
      switch (action) {
        case "CreateAccessKey" -> create(q, caller, context, xml);
        case "ListAccessKeys" -> list(q, caller, context, xml);
        case "UpdateAccessKey" -> {
          update(q, caller, context);
          result = false;
        }
        case "DeleteAccessKey" -> {
          delete(q, caller, context);
          result = false;
        }
        case "GetAccessKeyLastUsed" -> lastUsed(q, caller, context, xml);
        default -> throw new AwsError("InvalidAction", 400, "Could not find operation " + QueryRequest.printable(action)
            + " for version " + VERSION);
      }
    } catch (AccessKeyException e) {
      throw new AwsError(e.code(), e.code().equals(AccessKeyException.NO_SUCH_ENTITY) ? 404 : 409, e.getMessage());
    } catch (ConfigConflictException e) {
      throw new AwsError("ConcurrentModification", 409, "The tenant changed while the request was processed; retry it");
    }
    return xml.response(QueryXml.IAM_NAMESPACE, action, requestId, result);
  }

  /** The user a request names ({@code UserName}), or the calling user when it names none, as IAM does. */
  private static String userName(QueryRequest q, Identity caller) {
    String name = q.get("UserName").orElse(null);
    if (name == null) {
      if (caller instanceof Identity.UserIdentity u) {
        return u.user().name();
      }
      throw AwsError.validation("Must specify userName when calling with non-User credentials");
    }
    if (!USER_NAME.matcher(name).matches()) {
      throw StsService.constraint("userName", name, "Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length 1 to 64");
    }
    return name;
  }

  /** Authorizes {@code iam:ACTION} on the user's ARN in the caller's own tenant. */
  private void authorize(Identity caller, String action, String user, RequestContext context) {
    Tenant t = caller.tenant();
    User u = t.users().get(user);
    String arn = authorizer.directory().arns().user(t.id(), u == null ? "/" : u.path(), user);
    Authorizer.Result r = authorizer.authorize(caller, "iam:" + action, arn, t.id(), context);
    if (!r.decision().allowed()) {
      // IAM's own sentence: which kind of policy denied, or which had no allow.
      throw AwsError.accessDenied(r.decision().message(r.request()));
    }
  }

  private void create(QueryRequest q, Identity caller, RequestContext context, QueryXml xml) {
    String user = userName(q, caller);
    authorize(caller, "CreateAccessKey", user, context);
    AccessKeys.Created c = keys.create(caller.tenant().id(), user, caller.caller().display());
    xml.open("AccessKey").text("UserName", c.userName()).text("AccessKeyId", c.accessKeyId()).text("Status", c.status().name())
        .text("SecretAccessKey", c.secretAccessKey()).text("CreateDate", c.createDate()).close("AccessKey");
  }

  private void list(QueryRequest q, Identity caller, RequestContext context, QueryXml xml) {
    String user = userName(q, caller);
    authorize(caller, "ListAccessKeys", user, context);
    List<AccessKeys.Metadata> all = keys.list(caller.tenant().id(), user);
    xml.text("UserName", user).open("AccessKeyMetadata");
    for (AccessKeys.Metadata m : all) {
      xml.open("member").text("UserName", m.userName()).text("AccessKeyId", m.accessKeyId()).text("Status", m.status().name())
          .text("CreateDate", m.createDate()).close("member");
    }
    xml.close("AccessKeyMetadata").text("IsTruncated", false);
  }

  private void update(QueryRequest q, Identity caller, RequestContext context) {
    String user = userName(q, caller);
    String id = keyId(q);
    String status = q.required("Status");
    if (!status.equals("Active") && !status.equals("Inactive")) {
      throw StsService.constraint("status", status, "Member must satisfy enum value set: [Active, Inactive]");
    }
    authorize(caller, "UpdateAccessKey", user, context);
    keys.updateStatus(caller.tenant().id(), user, id, AccessKey.Status.valueOf(status), caller.caller().display());
  }

  private void delete(QueryRequest q, Identity caller, RequestContext context) {
    String user = userName(q, caller);
    String id = keyId(q);
    authorize(caller, "DeleteAccessKey", user, context);
    keys.delete(caller.tenant().id(), user, id, caller.caller().display());
    AccessKeyUsage u = usage.get();
    if (u != null) {
      u.forget(id);
    }
  }

  /** The owner of a key of the caller's tenant decides the resource; another tenant's key does not exist here. */
  private void lastUsed(QueryRequest q, Identity caller, RequestContext context, QueryXml xml) {
    String id = keyId(q);
    String owner = authorizer.directory().accessKey(id).filter(k -> k.tenant().id().equals(caller.tenant().id()))
        .map(k -> k.user().name())
        .orElseThrow(() -> new AwsError("NoSuchEntity", 404, "The Access Key with id " + id + " cannot be found"));
    authorize(caller, "GetAccessKeyLastUsed", owner, context);
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
      throw StsService.constraint("accessKeyId", id, "Member must satisfy regular expression pattern: [\\w]+ and have length 16 to 128");
    }
    return id;
  }
}
