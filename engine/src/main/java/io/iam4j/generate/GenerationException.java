package io.iam4j.generate;

import io.iam4j.IamException;

/**
 * The generated policy failed its own check: the parser or the evaluator refused what the
 * generator wrote, or replaying an observed request against it was not allowed. A bug, never a
 * result: no policy is returned unchecked.
 */
public final class GenerationException extends IamException {
  private static final long serialVersionUID = 1L;

  public GenerationException(String message) {
    super(message);
  }

  public GenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
