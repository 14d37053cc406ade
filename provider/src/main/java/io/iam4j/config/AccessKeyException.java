package io.iam4j.config;

import io.iam4j.IamException;

/**
 * An access key operation IAM would refuse, with IAM's error code and message: {@code
 * NoSuchEntity} (no such user or key), {@code LimitExceeded} (a third key). Nothing was written.
 */
public final class AccessKeyException extends IamException {
  private static final long serialVersionUID = 1L;

  /** The error codes, as IAM's Query API names them. */
  public static final String NO_SUCH_ENTITY = "NoSuchEntity";
  public static final String LIMIT_EXCEEDED = "LimitExceeded";

  private final String code;

  public AccessKeyException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** IAM's error code, e.g. {@code NoSuchEntity}. */
  public String code() {
    return code;
  }

  static AccessKeyException noSuchUser(String user) {
    return new AccessKeyException(NO_SUCH_ENTITY, "The user with name " + user + " cannot be found.");
  }

  static AccessKeyException noSuchKey(String keyId) {
    return new AccessKeyException(NO_SUCH_ENTITY, "The Access Key with id " + keyId + " cannot be found.");
  }

  static AccessKeyException limitExceeded() {
    return new AccessKeyException(LIMIT_EXCEEDED, "Cannot exceed quota for AccessKeysPerUser: " + io.iam4j.directory.AccessKey.MAX_PER_USER);
  }
}
