package io.iam4j.iamapi;

import io.iam4j.config.AccessKeyException;
import io.iam4j.config.ConfigConflictException;
import io.iam4j.config.ConfigException;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM API ({@code Version=2010-05-08}) on the AWS Query protocol. Each group of actions is an
 * {@link IamOperations}; every call is authorized by IAM itself ({@link IamCall#authorize}) in the
 * caller's own tenant, and every change is a validated, atomic, versioned write of the tenant's
 * files ({@link io.iam4j.config.ConfigWriter}), active when the call answers. Thread-safe.
 */
public final class IamService {
  public static final String VERSION = "2010-05-08";

  private final Map<String, IamOperations> byAction = new HashMap<>();

  public IamService(List<IamOperations> groups) {
    for (IamOperations g : groups) {
      for (String a : g.actions()) {
        if (byAction.putIfAbsent(a, g) != null) {
          throw new IllegalArgumentException("Two groups answer " + a);
        }
      }
    }
  }

  /** Whether an action is implemented. */
  public boolean implemented(String action) {
    return byAction.containsKey(action);
  }

  /**
   * Answers one request with the XML reply.
   *
   * @throws AwsError for every refusal, with IAM's code
   */
  public String handle(QueryRequest q, IamCall call, String requestId) {
    String action = q.action().orElseThrow(() -> AwsError.missing("Action"));
    if (!VERSION.equals(q.version().orElse(null)) || !byAction.containsKey(action)) {
      throw new AwsError("InvalidAction", 400, "Could not find operation " + QueryRequest.printable(action) + " for version "
          + QueryRequest.printable(q.version().orElse("NO_VERSION_SPECIFIED")));
    }
    QueryXml xml = new QueryXml();
    boolean result;
    try {
      result = byAction.get(action).handle(action, q, call, xml);
    } catch (AccessKeyException e) {
      throw new AwsError(e.code(), e.code().equals(AccessKeyException.NO_SUCH_ENTITY) ? 404 : 409, e.getMessage());
    } catch (ConfigConflictException e) {
      throw new AwsError("ConcurrentModification", 409, "The tenant changed while the request was processed; retry it");
    } catch (ConfigException e) {
      // The change would not load: nothing was written.
      throw new AwsError("InvalidInput", 400, e.getMessage());
    } catch (RuntimeException e) {
      if (storageOutage(e)) {
        // The configuration database cannot be reached: nothing was read or written, the last good
        // configuration keeps deciding. AWS's common 503 (the SDKs retry it); the cause is in the log.
        throw new AwsError("ServiceUnavailable", 503, "The configuration storage cannot be reached; nothing was changed."
            + " Retry the request later", false);
      }
      throw e;
    }
    return xml.response(QueryXml.IAM_NAMESPACE, action, requestId, result);
  }

  /** Whether {@code e} or one of its causes is a storage outage (a writer may wrap it). */
  private static boolean storageOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.iam4j.config.StorageUnavailableException) {
        return true;
      }
    }
    return false;
  }
}
