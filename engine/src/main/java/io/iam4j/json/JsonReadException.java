package io.iam4j.json;

import io.iam4j.IamException;

/** Text that is not JSON, or JSON beyond a size limit; carries where reading stopped. */
public final class JsonReadException extends IamException {
  private static final long serialVersionUID = 1L;
  private final transient Location location;
  private final String pointer;

  public JsonReadException(String message, String pointer, Location location) {
    super(message);
    this.pointer = pointer;
    this.location = location;
  }

  public Location location() {
    return location;
  }

  /** Pointer of the innermost value being read when reading stopped. */
  public String pointer() {
    return pointer;
  }
}
