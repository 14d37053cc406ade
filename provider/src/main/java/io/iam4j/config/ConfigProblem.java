package io.iam4j.config;

import io.iam4j.json.Location;

/**
 * One reason a tenant's configuration cannot be loaded: the file (relative to the configuration
 * root), the JSON pointer inside it, the location and what is wrong.
 */
public record ConfigProblem(String file, String pointer, Location location, String message) {
  @Override
  public String toString() {
    String at = location == null || location.offset() < 0 ? "" : location + ":";
    return file + ":" + at + " " + (pointer == null || pointer.isEmpty() ? "/" : pointer) + ": " + message;
  }
}
