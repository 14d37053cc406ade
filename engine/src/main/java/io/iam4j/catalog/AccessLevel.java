package io.iam4j.catalog;

/**
 * How the service authorization reference classifies an action: the access it grants.
 * The names are AWS's ({@code List}, {@code Read}, {@code Write}, {@code Permissions management},
 * {@code Tagging}).
 */
public enum AccessLevel {
  LIST("List"),
  READ("Read"),
  WRITE("Write"),
  PERMISSIONS_MANAGEMENT("Permissions management"),
  TAGGING("Tagging");

  private final String label;

  AccessLevel(String label) {
    this.label = label;
  }

  /** AWS's name for the level, as the reference prints it. */
  public String label() {
    return label;
  }
}
