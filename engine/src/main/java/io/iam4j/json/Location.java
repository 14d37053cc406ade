package io.iam4j.json;

/**
 * Where a JSON token starts in its source text: 1-based line and column, 0-based character offset.
 */
public record Location(int line, int column, int offset) {
  public static final Location UNKNOWN = new Location(0, 0, -1);

  @Override
  public String toString() {
    return offset < 0 ? "?" : line + ":" + column;
  }
}
