package io.iam4j.config;

import io.iam4j.IamException;

/**
 * A write named the version it read, and the tenant moved on since (another write, or an edit on
 * disk): nothing was written. Read the tenant again and retry (IAM's ConcurrentModification).
 */
public final class ConfigConflictException extends IamException {
  private static final long serialVersionUID = 1L;

  public ConfigConflictException(String message) {
    super(message);
  }
}
