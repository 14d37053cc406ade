package io.iam4j.lint;

/** How serious a finding is, in IAM Access Analyzer's four levels. */
public enum Severity {
  /** IAM would refuse the policy, or it cannot work as written. */
  ERROR("error"),
  /** The policy grants more than is safe. */
  SECURITY_WARNING("security warning"),
  /** Works, but probably not as intended. */
  WARNING("warning"),
  /** Could be written better. */
  SUGGESTION("suggestion");

  private final String words;

  Severity(String words) {
    this.words = words;
  }

  public String words() {
    return words;
  }
}
