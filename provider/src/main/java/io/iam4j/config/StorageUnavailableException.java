package io.iam4j.config;

import io.iam4j.IamException;

/**
 * The configuration storage cannot be reached (a database down, a connection refused, a timeout):
 * nothing was read or written. The store keeps serving its last good configuration, reports the
 * outage and retries; a write fails with this exception and changes nothing.
 */
public final class StorageUnavailableException extends IamException {
  private static final long serialVersionUID = 1L;

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
